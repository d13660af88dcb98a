"""A bulk change reaches the viewers of every process as one fresh snapshot."""

import asyncio

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.rollup import BULK_ROWS
from tests.conftest import Actor
from tests.factories import API, national_directory
from tests.faults.conftest import DiemcauServer
from tests.realtime.conftest import LiveSeminar
from tests.realtime.multiprocess.test_two_processes import started
from tests.realtime.viewer import Viewer


async def test_a_bulk_invitation_is_a_numbered_snapshot_on_both_processes(
    live: LiveSeminar,
    pair: list[DiemcauServer],
    https: list[httpx.AsyncClient],
    organizer: Actor,
    session: AsyncSession,
) -> None:
    tree = await national_directory(session, provinces=1, communes=5, units=BULK_ROWS + 50)
    await started(pair, https)
    viewers = [await Viewer().connect(server.url, {"seminar_id": live.id}) for server in pair]
    try:
        assert all(v.totals["sites_invited"] == 20 for v in viewers)
        invited = await https[0].post(
            f"{API}/seminars/{live.id}/sites",
            json={"subtree_of": tree.root_id},
            headers=organizer.headers,
        )
        assert invited.status_code == 201, invited.text
        for viewer in viewers:
            await viewer.wait_for(lambda v: v.snapshots == 2)
            assert viewer.totals["sites_invited"] == 20 + tree.total
            assert viewer.resyncs == 0 and viewer.attendance_messages == []
            assert viewer.applied[-1] == viewer.applied[-2] + 1
    finally:
        await asyncio.gather(*(v.disconnect() for v in viewers))
