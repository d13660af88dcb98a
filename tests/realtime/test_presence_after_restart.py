"""Presence survives a crash: `diemcau serve` killed with SIGKILL, then started again.

A site whose page was open when the server died leaves the total once the grace period
after the restart has passed, unless its page reconnects; a site that reports over
HTTP only, without ever opening a socket, stays checked in.
"""

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.sites.models import Site
from tests.conftest import Actor
from tests.factories import create_site
from tests.realtime.conftest import make_live_seminar, site_page
from tests.realtime.test_live_attendance import attendance, report
from tests.realtime.viewer import Viewer

ROOT = Path(__file__).resolve().parents[2]
# Long enough for a page to reconnect after the restart on a loaded machine.
RESTART_GRACE_S = 3.0


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # The in-process app only arranges the data and reads it back: its own presence
    # sweep must not run during the test.
    return settings.model_copy(update={"presence_grace_s": 3600})


@pytest.fixture
async def flat_sites(session: AsyncSession) -> list[Site]:
    return [await create_site(session, f"R{i}", f"Chi bộ {i}") for i in range(3)]


@contextmanager
def serve(settings: Settings, grace_s: float) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`diemcau serve` on the test's database, on a socket bound before it starts."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    env = {
        **os.environ,
        "DIEMCAU_DATABASE_URL": settings.database_url,
        "DIEMCAU_DATA_DIR": str(settings.data_dir),
        "DIEMCAU_PRESENCE_GRACE_S": str(grace_s),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--fd", str(sock.fileno())],
        env=env,
        cwd=ROOT,
        pass_fds=[sock.fileno()],
    )
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()
    try:
        yield url, process
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=20)


async def test_a_site_whose_page_was_open_when_the_server_died_leaves_the_total(
    settings: Settings, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites)
    # Row ids follow this order: the sweep decides on ``returning`` before ``gone``.
    (returning, t_returning), (gone, t_gone), (http_only, t_http_only) = seminar.tokens.items()
    for token, headcount in ((t_returning, 7), (t_gone, 20), (t_http_only, 5)):
        assert (await report(client, token, headcount)).status_code == 200

    with serve(settings, grace_s=3600) as (url, first):
        pages = [await site_page(url, token) for token in (t_returning, t_gone)]
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=20)
    for page in pages:
        await page.disconnect()

    with serve(settings, grace_s=RESTART_GRACE_S) as (url, _second):
        viewer = await Viewer().connect(url, {"seminar_id": seminar.id})
        assert viewer.totals["headcount"] == 32  # as the database left it
        back = await site_page(url, t_returning)

        await viewer.wait_for(lambda v: v.sites[gone]["status"] == "disconnected")
        assert viewer.sites[returning]["status"] == "checked_in"
        assert viewer.sites[http_only]["status"] == "checked_in"
        assert viewer.totals["headcount"] == 12
        assert viewer.totals["sites_connected"] == 2

        stored = await attendance(client, organizer, seminar.id)
        assert {row["id"]: row["status"] for row in stored["sites"]} == {
            returning: "checked_in",
            gone: "disconnected",
            http_only: "checked_in",
        }
        assert stored["totals"] == viewer.totals
        for socket_client in (back, viewer):
            await socket_client.disconnect()
