"""A live seminar with checked-in sites, for realtime and attendance tests."""

import asyncio
import re
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import httpx
import pytest
import socketio
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.models import Site, SiteLevel
from tests.conftest import Actor
from tests.factories import API, create_seminar, create_site, invite, site_headers
from tests.realtime.viewer import WAIT_S


@dataclass
class LiveSeminar:
    """A live seminar: its id, and each site's id and check-in token."""

    id: int
    slug: str
    tokens: dict[int, str] = field(default_factory=dict)  # site id → token


async def check_in(client: httpx.AsyncClient, token: str) -> None:
    """Register and check in through the site API."""
    headers = site_headers(token)
    registered = await client.post(
        f"{API}/site/register",
        json={"expected_attendees": 30, "coordinator_name": "A", "coordinator_phone": "0912"},
        headers=headers,
    )
    assert registered.status_code == 200, registered.text
    checked_in = await client.post(f"{API}/site/checkin", headers=headers)
    assert checked_in.status_code == 200, checked_in.text


async def make_live_seminar(
    client: httpx.AsyncClient,
    organizer: Actor,
    sites: list[Site],
    *,
    checked_in: bool = True,
    status: str = "live",
) -> LiveSeminar:
    seminar = await create_seminar(client, organizer, status)
    tokens = await invite(client, organizer, seminar["id"], [site.id for site in sites])
    if checked_in:
        for token in tokens.values():
            await check_in(client, token)
    return LiveSeminar(id=seminar["id"], slug=seminar["slug"], tokens=tokens)


@pytest.fixture
async def flat_sites(session: AsyncSession) -> list[Site]:
    """Sixty base organizations under one committee that is not itself invited."""
    root = await create_site(session, "DUK", "Đảng ủy Khối", level=SiteLevel.province)
    return [
        await create_site(session, f"CS{i:02d}", f"Chi bộ {i:02d}", parent=root) for i in range(60)
    ]


@pytest.fixture
async def tree_sites(session: AsyncSession) -> dict[str, Site]:
    """province → district → commune, and a second district."""
    province = await create_site(session, "T", "Tỉnh Bắc Giang", level=SiteLevel.province)
    district = await create_site(
        session, "H", "Huyện Yên Thế", parent=province, level=SiteLevel.district
    )
    other = await create_site(
        session, "H2", "Huyện Lục Nam", parent=province, level=SiteLevel.district
    )
    commune = await create_site(
        session, "X", "Xã Đồng Tâm", parent=district, level=SiteLevel.commune
    )
    return {"province": province, "district": district, "other": other, "commune": commune}


async def site_page(url: str, token: str) -> socketio.AsyncClient:
    """A site page's socket (presence), connected with the site's token."""
    page = socketio.AsyncClient(reconnection=False)
    await page.connect(
        url, namespaces=["/live"], auth={"site_token": token}, transports=["websocket"],
        wait_timeout=WAIT_S,
    )  # fmt: skip
    return page


async def refusal(
    url: str, auth: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """Connect with ``auth`` expecting a refusal; returns its ``{"code", "detail"}``."""
    sio = socketio.AsyncClient(reconnection=False)
    refused: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
    sio.on("connect_error", refused.set_result, namespace="/live")
    try:
        with pytest.raises(socketio.exceptions.ConnectionError):
            await sio.connect(
                url, namespaces=["/live"], auth=auth, headers=headers or {},
                transports=["websocket"], wait_timeout=WAIT_S,
            )  # fmt: skip
        return (await asyncio.wait_for(refused, WAIT_S))["data"]
    finally:
        await sio.disconnect()


async def open_connections(client: httpx.AsyncClient) -> dict[str, float]:
    """The connection gauge by kind, read from ``/metrics`` (metrics must be on)."""
    text = (await client.get("/metrics")).text
    found = re.findall(r'^diemcau_socket_connections\{kind="(\w+)"\} (\S+)$', text, re.MULTILINE)
    return {kind: float(value) for kind, value in found}


async def raw_connect(url: str, *frames: str) -> str:
    """Send socket.io frames as written (e.g. a 31-digit integer no client library would
    encode) on a raw websocket; returns the reply to the last one: ``40/live,…`` for an
    accepted connection, ``44/live,…`` for a refusal."""
    ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    async with aiohttp.ClientSession() as http, http.ws_connect(ws_url) as ws:
        opening = await ws.receive_str(timeout=WAIT_S)
        assert opening.startswith("0"), opening  # engine.io "open"
        for frame in frames:
            await ws.send_str(frame)
        while True:
            reply = await ws.receive_str(timeout=WAIT_S)
            if reply.startswith(("40/live", "44/live")):
                return reply
