"""Who may open a socket: pages of the allowed origins only, and sites with a current token."""

import asyncio

import httpx
import pytest
import socketio
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.sites.models import Site
from tests.conftest import Actor, LiveServer
from tests.factories import API, create_site
from tests.realtime.conftest import make_live_seminar, refusal, site_page
from tests.realtime.viewer import WAIT_S, Viewer

OTHER_SITE = "https://evil.example"


async def connect_from(url: str, origin: str, seminar_id: int) -> socketio.AsyncClient:
    """A view socket whose page claims ``origin`` (what a browser sends)."""
    sio = socketio.AsyncClient(reconnection=False)
    await sio.connect(
        url, namespaces=["/live"], auth={"seminar_id": seminar_id}, headers={"Origin": origin},
        transports=["websocket"], wait_timeout=WAIT_S,
    )  # fmt: skip
    return sio


@pytest.fixture
async def flat_sites(session: AsyncSession) -> list[Site]:
    return [await create_site(session, f"O{i}", f"Chi bộ {i}") for i in range(2)]


async def test_by_default_only_pages_of_the_server_itself_may_connect(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites[:1])
    same = await connect_from(live_server.url, live_server.url, seminar.id)
    assert same.connected
    await same.disconnect()
    with pytest.raises(socketio.exceptions.ConnectionError):
        await connect_from(live_server.url, OTHER_SITE, seminar.id)
    with pytest.raises(socketio.exceptions.ConnectionError):  # same host, another port
        await connect_from(live_server.url, "http://127.0.0.1:1", seminar.id)


class TestListedOrigins:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"allowed_origins": ["https://diemcau.example.vn"]})

    async def test_a_listed_origin_may_connect_and_others_may_not(
        self,
        live_server: LiveServer,
        client: httpx.AsyncClient,
        organizer: Actor,
        flat_sites: list[Site],
    ) -> None:
        seminar = await make_live_seminar(client, organizer, flat_sites[:1])
        listed = await connect_from(live_server.url, "https://diemcau.example.vn", seminar.id)
        assert listed.connected
        await listed.disconnect()
        with pytest.raises(socketio.exceptions.ConnectionError):
            await connect_from(live_server.url, OTHER_SITE, seminar.id)


def test_allowed_origins_are_read_as_a_comma_separated_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DIEMCAU_ALLOWED_ORIGINS", "https://a.example.vn/, http://b.example.vn:5173")
    assert Settings(_env_file=None).allowed_origins == [
        "https://a.example.vn",
        "http://b.example.vn:5173",
    ]
    monkeypatch.delenv("DIEMCAU_ALLOWED_ORIGINS")
    assert Settings(_env_file=None).allowed_origins == []
    with pytest.raises(ValueError, match="scheme://host"):
        Settings(_env_file=None, allowed_origins="diemcau.example.vn")


async def test_rotating_a_token_closes_the_sockets_opened_with_the_old_one(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites)
    (site_a, token_a), (_site_b, token_b) = seminar.tokens.items()
    viewer = await Viewer().connect(live_server.url, {"seminar_id": seminar.id})
    pages_a = [await site_page(live_server.url, token_a) for _ in range(2)]
    page_b = await site_page(live_server.url, token_b)
    closed = [asyncio.Event() for _ in pages_a]
    for page, event in zip(pages_a, closed, strict=True):
        page.on("disconnect", event.set, namespace="/live")

    rotated = await client.post(
        f"{API}/seminars/{seminar.id}/sites/{site_a}/token", headers=organizer.headers
    )
    assert rotated.status_code == 200, rotated.text
    for event in closed:
        await asyncio.wait_for(event.wait(), WAIT_S)
    assert page_b.connected and viewer.sio.connected

    refused = await refusal(live_server.url, {"site_token": token_a})
    assert refused["code"] == "live.unknown_token"
    # Without a socket the site leaves the total after the grace period; the new link
    # brings it back.
    await viewer.wait_for(lambda v: v.sites[site_a]["status"] == "disconnected")
    page = await site_page(live_server.url, rotated.json()["token"])
    await viewer.wait_for(lambda v: v.sites[site_a]["status"] == "checked_in")
    for socket in (page, page_b, viewer):
        await socket.disconnect()
