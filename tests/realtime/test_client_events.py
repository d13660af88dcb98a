"""What a client may send on /live: only ``resync``, within a budget; its auth is checked.

A hostile page can emit any event name (``connect`` and ``disconnect`` included), flood
``resync`` and send absurd auth values; none of it changes presence, the connection
gauge or the figures, and each refusal says why with a code.
"""

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.realtime.messages import BAD_ID
from app.realtime.namespace import RESYNC_BURST
from app.sites.models import Site
from tests.conftest import Actor, LiveServer
from tests.factories import create_site
from tests.realtime.conftest import (
    make_live_seminar,
    open_connections,
    raw_connect,
    refusal,
    site_page,
)
from tests.realtime.test_live_attendance import attendance, report
from tests.realtime.viewer import WAIT_S, Viewer

NS = "/live"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"metrics_enabled": True})


@pytest.fixture
async def flat_sites(session: AsyncSession) -> list[Site]:
    return [await create_site(session, f"E{i}", f"Chi bộ {i}") for i in range(2)]


async def test_a_site_page_that_emits_disconnect_stays_present_and_counted(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites)
    (site_a, token_a), (site_b, token_b) = seminar.tokens.items()
    await report(client, token_a, 20)
    await report(client, token_b, 5)
    viewer = await Viewer().connect(live_server.url, {"seminar_id": seminar.id})
    page_a = await site_page(live_server.url, token_a)
    page_b = await site_page(live_server.url, token_b)
    assert await open_connections(client) == {"view": 1, "site": 2}

    for _ in range(3):  # ``call`` returns once the server has handled the event
        await page_a.call("disconnect", "client namespace disconnect", namespace=NS, timeout=WAIT_S)
    assert await open_connections(client) == {"view": 1, "site": 2}

    # B really leaves after A's fake departures: once B's grace period has run out,
    # any grace timer A's fakes had started would have run out too.
    await page_b.disconnect()
    await viewer.wait_for(lambda v: v.sites[site_b]["status"] == "disconnected")
    assert viewer.sites[site_a]["status"] == "checked_in"
    assert viewer.totals["headcount"] == 20
    assert page_a.connected
    assert await open_connections(client) == {"view": 1, "site": 1}
    await page_a.disconnect()
    await viewer.disconnect()


async def test_a_client_that_emits_connect_with_a_site_token_marks_nothing_present(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites[:1])
    ((site_id, token),) = seminar.tokens.items()
    viewer = await Viewer().connect(live_server.url, {"seminar_id": seminar.id})
    page = await site_page(live_server.url, token)
    await page.disconnect()
    await viewer.wait_for(lambda v: v.sites[site_id]["status"] == "disconnected")

    intruder = await Viewer().connect(live_server.url, {"seminar_id": seminar.id})
    await intruder.sio.call("connect", ({}, {"site_token": token}), namespace=NS, timeout=WAIT_S)
    await intruder.sio.call("connect", namespace=NS, timeout=WAIT_S)

    stored = await attendance(client, organizer, seminar.id)
    assert [row["status"] for row in stored["sites"]] == ["disconnected"]
    assert await open_connections(client) == {"view": 2, "site": 0}
    assert intruder.snapshots == 1
    for socket in (viewer, intruder):
        await socket.disconnect()


async def test_unknown_events_are_ignored(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites)
    token = next(iter(seminar.tokens.values()))
    viewer = await Viewer().connect(live_server.url, {"seminar_id": seminar.id})
    page = await site_page(live_server.url, token)
    for event in ("snapshot", "attendance", "message", "join", "connect_error", "", "x" * 500):
        for sender in (viewer.sio, page):
            await sender.call(event, {"seminar_id": 1, "scope": 1e30}, namespace=NS, timeout=WAIT_S)
    assert viewer.snapshots == 1
    assert await open_connections(client) == {"view": 1, "site": 1}
    assert viewer.totals == (await attendance(client, organizer, seminar.id))["totals"]
    await page.disconnect()
    await viewer.disconnect()


async def test_a_thousand_resyncs_cost_a_few_snapshots_and_the_excess_gets_one_later(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites)
    viewer = await Viewer().connect(live_server.url, {"seminar_id": seminar.id})
    assert viewer.snapshots == 1

    for _ in range(999):
        await viewer.sio.emit("resync", namespace=NS)
    # Answered once the server has dealt with all 1,000 (they are decided in order).
    await viewer.sio.call("resync", namespace=NS, timeout=WAIT_S)
    assert viewer.snapshots <= 1 + RESYNC_BURST + 1

    # The excess is not dropped: one more snapshot follows when the budget allows.
    await viewer.wait_for(lambda v: v.snapshots >= 1 + RESYNC_BURST + 1)
    assert viewer.snapshots <= 1 + RESYNC_BURST + 2
    assert viewer.totals == (await attendance(client, organizer, seminar.id))["totals"]
    await viewer.disconnect()


async def test_the_connection_gauge_counts_accepted_connections_only_and_never_goes_negative(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites[:1])
    ((site_id, token),) = seminar.tokens.items()
    for auth in ({"seminar_id": 10**6}, {"seminar_id": "x"}, {"site_token": "nope"}, {}):
        await refusal(live_server.url, auth)
    assert await open_connections(client) == {"view": 0, "site": 0}

    viewer = await Viewer().connect(live_server.url, {"seminar_id": seminar.id})
    page = await site_page(live_server.url, token)
    for _ in range(5):
        await viewer.sio.call("disconnect", namespace=NS, timeout=WAIT_S)
        await page.call("disconnect", namespace=NS, timeout=WAIT_S)
    assert await open_connections(client) == {"view": 1, "site": 1}

    await page.disconnect()
    await viewer.wait_for(lambda v: v.sites[site_id]["status"] == "disconnected")
    assert await open_connections(client) == {"view": 1, "site": 0}
    await viewer.disconnect()


async def test_absurd_auth_values_are_refused_with_a_code_in_the_readers_language(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites[:1])
    refused = {
        "live.bad_id": [
            {"seminar_id": seminar.id, "scope": 1e30},  # 10**30 as a browser sends it
            {"seminar_id": 2**31},  # beyond a database INTEGER
            {"seminar_id": 2**63},
            {"seminar_id": 2**64 - 1},
            {"seminar_id": -1},
            {"seminar_id": 0},
            {"seminar_id": True},
            {"seminar_id": 1.5},
            {"seminar_id": "1e20"},
            {"seminar_id": [seminar.id]},
            {"seminar_id": seminar.id, "scope": "١"},  # an Arabic-Indic digit
        ],
        "live.bad_token": [{"site_token": {"a": 1}}, {"site_token": "x" * 10_000}],
        "live.unknown_token": [{"site_token": "not-a-token"}],
        "live.unknown_seminar": [{}, {"seminar_id": 2**31 - 1}, {"scope": 1}],
    }
    for code, auths in refused.items():
        for auth in auths:
            assert (await refusal(live_server.url, auth))["code"] == code, auth

    vietnamese = await refusal(live_server.url, {"seminar_id": seminar.id, "scope": 1e30})
    assert vietnamese["detail"] == BAD_ID.render("vi", {"name": "scope"})
    english = await refusal(live_server.url, {"seminar_id": 2**64 - 1}, {"Accept-Language": "en"})
    assert english["detail"] == "seminar_id must be a positive integer id"

    # Integers beyond 64 bits written out in full, and a number JSON cannot hold.
    huge = "1" + "0" * 30
    for auth in (f'{{"seminar_id":{seminar.id},"scope":{huge}}}', f'{{"seminar_id":-{huge}}}'):
        reply = await raw_connect(live_server.url, f"40/live,{auth}")
        assert reply.startswith("44/live,") and '"code":"live.bad_id"' in reply, reply
    accepted = await raw_connect(
        live_server.url, '40/live,{"seminar_id":1e400}', f'40/live,{{"seminar_id":{seminar.id}}}'
    )
    assert accepted.startswith("40/live,"), accepted

    # Unknown keys are ignored, ids may come as strings of digits; the server still serves.
    viewer = await Viewer().connect(
        live_server.url, {"seminar_id": str(seminar.id), "scope": None, "theme": "dark"}
    )
    assert viewer.totals["sites_invited"] == 1
    await viewer.disconnect()


async def test_a_scope_outside_the_seminar_is_refused_as_not_found(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites[:1])
    refused = await refusal(live_server.url, {"seminar_id": seminar.id, "scope": 2**31 - 1})
    assert refused["code"] and refused["detail"]
    assert await open_connections(client) == {"view": 0, "site": 0}
