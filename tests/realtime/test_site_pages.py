"""A site page's socket carries the seminar's totals, status and running item only."""

import time

import httpx

from app.sites.models import Site
from tests.conftest import Actor, LiveServer
from tests.factories import API
from tests.realtime.conftest import make_live_seminar
from tests.realtime.test_live_attendance import report
from tests.realtime.viewer import SitePage, Viewer


async def test_a_site_page_gets_the_seminar_totals_at_most_once_a_second_and_never_other_sites_rows(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites[:10])
    tokens = list(seminar.tokens.values())
    page = await SitePage().connect(live_server.url, tokens[0])
    viewer = await Viewer().connect(live_server.url, {"seminar_id": seminar.id})
    assert page.status == "live"
    assert page.totals is not None and page.totals["sites_connected"] == 10
    opened = time.monotonic()
    for n in range(1, 6):
        for token in tokens:
            assert (await report(client, token, n)).status_code == 200
    await page.wait_for(lambda p: p.totals is not None and p.totals["headcount"] == 50)
    elapsed = time.monotonic() - opened

    assert page.leaks == []
    assert len(page.totals_messages) <= elapsed + 2  # counted by the client, with slack
    # The same totals the views show.
    await viewer.wait_for(lambda v: v.totals["headcount"] == 50)
    assert page.totals == viewer.totals

    ended = await client.post(f"{API}/seminars/{seminar.id}/end", headers=organizer.headers)
    assert ended.status_code == 200, ended.text
    await page.wait_for(lambda p: p.status == "ended")
    assert page.leaks == []
    await page.disconnect()
    await viewer.disconnect()
