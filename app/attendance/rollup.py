"""The roll-up of live figures up the site tree, and the shapes views show them in.

Every participating site knows its nearest participating ancestor (``parent_site_id``)
and the chain of them (``rollup_path``); a change at one site updates that site, each of
its ancestors' subtree totals and the seminar row, all in the caller's transaction.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.attendance.wire import LiveSiteRow, LiveSubtreeTotals, LiveTotals
from app.core.db import utcnow
from app.seminars.models import Seminar
from app.sites.models import Site

# --- views --------------------------------------------------------------------------------


def seminar_totals(seminar: Seminar) -> LiveTotals:
    """The whole seminar's figures, as every view shows them (no personal data)."""
    return LiveTotals(
        sites_invited=seminar.sites_invited,
        sites_registered=seminar.sites_registered,
        sites_connected=seminar.sites_connected,
        headcount=seminar.live_headcount,
        peak_headcount=seminar.peak_headcount,
        peak_at=seminar.peak_at.isoformat() if seminar.peak_at else None,
        expected_attendance=seminar.expected_attendance,
    )


def subtree_totals(row: SeminarSite) -> LiveSubtreeTotals:
    """The live figures of the subtree under one participating site (itself included)."""
    return LiveSubtreeTotals(
        sites_connected=row.subtree_sites_connected,
        headcount=row.subtree_headcount,
        peak_headcount=row.subtree_peak_headcount,
    )


def site_row(row: SeminarSite, code: str, name: str) -> LiveSiteRow:
    """One site as a view lists it: its status and its subtree's headcount."""
    return LiveSiteRow(
        id=row.site_id,
        code=code,
        name=name,
        status=row.status,
        headcount=row.subtree_headcount,
        own_headcount=row.headcount if row.is_counted else 0,
        peak_headcount=row.peak_headcount,
        is_main=row.is_main,
        parent_id=row.parent_site_id,
        children=row.children_count,
    )


@dataclass
class LiveChanges:
    """What one committed transaction changed, per seminar, ready to broadcast."""

    totals: dict[int, LiveTotals] = field(default_factory=dict)
    rows: dict[int, list[LiveSiteRow]] = field(default_factory=dict)
    scope_totals: dict[int, dict[int, LiveSubtreeTotals]] = field(default_factory=dict)


# --- the roll-up ----------------------------------------------------------------------------


class SiteRollup:
    """Rows locked in one transaction (sites, their ancestors, their seminars) and the
    single place where a site's live state changes, keeping every total in step."""

    def __init__(self, rows: dict[int, SeminarSite], seminars: dict[int, Seminar]):
        self.rows = rows
        self.seminars = seminars
        self.changed: set[int] = set()

    @classmethod
    def of(cls, seminar: Seminar, rows: Iterable[SeminarSite]) -> "SiteRollup":
        """A roll-up over rows already loaded, all marked changed (to publish them)."""
        rollup = cls({row.id: row for row in rows}, {seminar.id: seminar})
        rollup.changed.update(rollup.rows)
        return rollup

    def set_state(
        self,
        row: SeminarSite,
        now: datetime,
        *,
        status: SeminarSiteStatus | None = None,
        headcount: int | None = None,
    ) -> None:
        counted_before = row.headcount if row.is_counted else 0
        connected_before = int(row.is_counted and not row.is_main)
        if status is not None:
            row.status = status
        if headcount is not None:
            row.headcount = headcount
            row.peak_headcount = max(row.peak_headcount, headcount)
        delta = (row.headcount if row.is_counted else 0) - counted_before
        connected_delta = int(row.is_counted and not row.is_main) - connected_before
        self.changed.add(row.id)
        for node in [row, *(self.rows[i] for i in row.ancestor_ids)]:
            node.subtree_headcount += delta
            node.subtree_peak_headcount = max(node.subtree_peak_headcount, node.subtree_headcount)
            node.subtree_sites_connected += connected_delta
            self.changed.add(node.id)
        seminar = self.seminars[row.seminar_id]
        seminar.live_headcount += delta
        seminar.sites_connected += connected_delta
        if seminar.live_headcount > seminar.peak_headcount:
            seminar.peak_headcount = seminar.live_headcount
            seminar.peak_at = now

    async def changes(self, session: AsyncSession) -> LiveChanges:
        """The changed rows, with their names, grouped per seminar (one query)."""
        out = LiveChanges()
        changed = [self.rows[i] for i in sorted(self.changed)]
        names = dict(
            (site_id, (code, name))
            for site_id, code, name in await session.execute(
                select(Site.id, Site.code, Site.name).where(
                    Site.id.in_({row.site_id for row in changed})
                )
            )
        )
        for row in changed:
            code, name = names[row.site_id]
            out.rows.setdefault(row.seminar_id, []).append(site_row(row, code, name))
            out.scope_totals.setdefault(row.seminar_id, {})[row.site_id] = subtree_totals(row)
        for seminar_id in out.rows:
            out.totals[seminar_id] = seminar_totals(self.seminars[seminar_id])
        return out


async def lock_rollup(session: AsyncSession, row_ids: Iterable[int]) -> SiteRollup:
    """Load and lock the rows, their ancestors and their seminars, fresh from the database.

    Lock order, everywhere: the seminar row first, then its site rows by id (writers of
    one seminar queue on its row; no two transactions wait on each other). Rows already
    in the session are refreshed (``populate_existing``): a state read before the lock
    may be stale on PostgreSQL, where writers run concurrently.
    """
    wanted = set(row_ids)
    seminar_ids = set(
        await session.scalars(
            select(SeminarSite.seminar_id).where(SeminarSite.id.in_(wanted)).distinct()
        )
    )
    seminars = await lock_seminars(session, seminar_ids)
    rows: dict[int, SeminarSite] = {}
    while wanted:  # at most two rounds: the rows, then their ancestors
        found = await session.scalars(
            select(SeminarSite)
            .where(SeminarSite.id.in_(wanted))
            .order_by(SeminarSite.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        rows.update((row.id, row) for row in found)
        wanted = {a for row in rows.values() for a in row.ancestor_ids} - rows.keys()
    return SiteRollup(rows, seminars)


async def lock_seminars(session: AsyncSession, seminar_ids: Iterable[int]) -> dict[int, Seminar]:
    """Lock seminar rows (in id order) and load them fresh: the first lock of a writer."""
    found = await session.scalars(
        select(Seminar)
        .where(Seminar.id.in_(set(seminar_ids)))
        .order_by(Seminar.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {s.id: s for s in found}


async def rebuild_rollup(session: AsyncSession, seminar_id: int) -> None:
    """Recompute the seminar's tree links and every total from the site rows.

    Run when the set of participating sites changes (invitations, the main hall): each
    site's parent in the seminar is its nearest participating ancestor in the directory.
    The caller commits. Peaks never go down.
    """
    rows = list(
        await session.scalars(select(SeminarSite).where(SeminarSite.seminar_id == seminar_id))
    )
    by_site = {row.site_id: row for row in rows}
    parents = await _directory_parents(session, seminar_id)

    def participating_parent(site_id: int) -> int | None:
        parent = parents.get(site_id)
        seen = 0
        while parent is not None and parent not in by_site and seen < 64:
            parent, seen = parents.get(parent), seen + 1
        return parent if parent in by_site else None

    paths: dict[int, str] = {}

    def path_of(row: SeminarSite) -> str:
        if row.site_id not in paths:
            parent_site = participating_parent(row.site_id)
            if parent_site is None:
                paths[row.site_id] = ""
            else:
                parent = by_site[parent_site]
                paths[row.site_id] = f"{path_of(parent)}/{parent.id}"
        return paths[row.site_id]

    for row in rows:
        row.parent_site_id = participating_parent(row.site_id)
        row.rollup_path = path_of(row) + ("/" if path_of(row) else "")
        row.children_count = 0
        row.subtree_headcount = 0
        row.subtree_sites_connected = 0
    by_id = {row.id: row for row in rows}
    for row in rows:
        if row.parent_site_id is not None:
            by_site[row.parent_site_id].children_count += 1
        own = row.headcount if row.is_counted else 0
        connected = int(row.is_counted and not row.is_main)
        for node in [row, *(by_id[i] for i in row.ancestor_ids)]:
            node.subtree_headcount += own
            node.subtree_sites_connected += connected
    for row in rows:
        row.subtree_peak_headcount = max(row.subtree_peak_headcount, row.subtree_headcount)
    seminar = await session.get(Seminar, seminar_id)
    assert seminar is not None
    seminar.live_headcount = sum(r.headcount for r in rows if r.is_counted)
    seminar.sites_connected = sum(1 for r in rows if r.is_counted and not r.is_main)
    if seminar.live_headcount > seminar.peak_headcount:
        seminar.peak_headcount = seminar.live_headcount
        seminar.peak_at = utcnow()


async def _directory_parents(session: AsyncSession, seminar_id: int) -> dict[int, int | None]:
    """site id → parent id for the participating sites and all their ancestors (one CTE)."""
    start = select(Site.id, Site.parent_id).where(
        Site.id.in_(select(SeminarSite.site_id).where(SeminarSite.seminar_id == seminar_id))
    )
    up = start.cte("up", recursive=True)
    up = up.union(select(Site.id, Site.parent_id).join(up, Site.id == up.c.parent_id))
    return dict((site_id, parent_id) for site_id, parent_id in await session.execute(select(up)))
