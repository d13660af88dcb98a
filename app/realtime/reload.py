"""What a broadcast carries when several processes share the live state: the database's.

Changes reach Redis from several processes in no guaranteed order; a late push of older
totals must not overwrite newer ones. So the pending changes name what changed (site
ids), and the broadcaster reads their current values, under its lock, after every
pushed change was committed: a message is never older than the changes it announces.
"""

from typing import Any

from sqlalchemy import select

from app.attendance.models import SeminarSite
from app.attendance.rollup import chunks, seminar_totals, site_row, subtree_totals
from app.attendance.views import live_snapshot
from app.core.db import Database
from app.seminars.agenda import agenda_current, running_agenda_item
from app.seminars.models import Seminar
from app.sites.models import Site
from app.sites.service import self_and_ancestor_ids

Row = dict[str, Any]


class LiveReader:
    """Reads the current live values of a seminar and of some of its sites."""

    def __init__(self, db: Database):
        self.db = db

    async def chain(self, site_id: int) -> list[int]:
        """A directory site and its ancestors: the limited staff views that cover it."""
        async with self.db.read_sessions() as session:
            return await self_and_ancestor_ids(session, site_id)

    async def __call__(
        self, seminar_id: int, site_ids: list[int]
    ) -> tuple[Row | None, dict[int, Row], dict[int, Row]]:
        """(seminar totals, site rows by site id, subtree totals by site id)."""
        async with self.db.read_sessions() as session:
            seminar = await session.get(Seminar, seminar_id)
            if seminar is None:
                return None, {}, {}
            found = []
            for chunk in chunks(site_ids):  # bounded IN (...): no statement over the limit
                found += (
                    await session.execute(
                        select(SeminarSite, Site.code, Site.name, Site.level)
                        .join(Site, Site.id == SeminarSite.site_id)
                        .where(
                            SeminarSite.seminar_id == seminar_id,
                            SeminarSite.site_id.in_(chunk),
                        )
                    )
                ).all()
            totals = seminar_totals(seminar)
        rows = {row.site_id: site_row(row, code, name, level) for row, code, name, level in found}
        scopes = {row.site_id: subtree_totals(row) for row, *_ in found}
        return totals, rows, scopes

    async def snapshot(self, seminar_id: int, scope: int | None) -> dict[str, Any]:
        """A view's fresh snapshot (``version`` 0: the publisher numbers it)."""
        async with self.db.read_sessions() as session:
            return dict(await live_snapshot(session, seminar_id, scope))

    async def site_state(self, seminar_id: int) -> dict[str, Any]:
        """What a site page is told: the seminar's totals, status and running item."""
        async with self.db.read_sessions() as session:
            seminar = await session.get(Seminar, seminar_id)
            if seminar is None:
                return {"totals": None, "status": None, "current": None}
            current = agenda_current(await running_agenda_item(session, seminar_id))
            return {
                "totals": seminar_totals(seminar),
                "status": seminar.status.value,
                "current": current,
            }
