"""The roll-up of live figures up the site tree, and the shapes views show them in.

Every participating site knows its nearest participating ancestor (``parent_site_id``)
and the chain of them (``rollup_path``); a change at one site updates that site, each of
its ancestors' subtree totals and the seminar row, all in the caller's transaction.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.attendance.wire import LiveSiteRow, LiveTotals
from app.readiness.models import Readiness
from app.seminars.models import Seminar
from app.sites.models import Site, SiteLevel

# --- views --------------------------------------------------------------------------------


def seminar_totals(seminar: Seminar) -> LiveTotals:
    """The whole seminar's figures, as every view shows them (no personal data)."""
    return LiveTotals(
        sites_invited=seminar.sites_invited,
        sites_registered=seminar.sites_registered,
        sites_waiting=seminar.sites_waiting,
        sites_ready=seminar.sites_ready,
        sites_problem=seminar.sites_problem,
        sites_connected=seminar.sites_connected,
        headcount=seminar.live_headcount,
        peak_headcount=seminar.peak_headcount,
        peak_at=seminar.peak_at.isoformat() if seminar.peak_at else None,
        expected_attendance=seminar.expected_attendance,
    )


def subtree_totals(row: SeminarSite) -> LiveTotals:
    """The totals of the subtree under one participating site (itself included), read
    from its counters: a scoped view's totals cost one row."""
    return LiveTotals(
        sites_connected=row.subtree_sites_connected,
        headcount=row.subtree_headcount,
        peak_headcount=row.subtree_peak_headcount,
        sites_invited=row.sites_invited,
        sites_registered=row.sites_registered,
        sites_waiting=row.sites_waiting,
        sites_ready=row.sites_ready,
        sites_problem=row.sites_problem,
        peak_at=None,
        expected_attendance=row.expected_attendance or None,
    )


def site_row(row: SeminarSite, code: str, name: str, level: SiteLevel) -> LiveSiteRow:
    """One site as a view lists it: its status and its subtree's figures."""
    return LiveSiteRow(
        id=row.site_id,
        code=code,
        name=name,
        level=level,
        status=row.status,
        headcount=row.subtree_headcount,
        own_headcount=row.headcount if row.is_counted else 0,
        peak_headcount=row.peak_headcount,
        is_main=row.is_main,
        parent_id=row.parent_site_id,
        children=row.children_count,
        sites_invited=row.sites_invited,
        sites_connected=row.subtree_sites_connected,
        sites_waiting=row.sites_waiting,
        sites_ready=row.sites_ready,
        sites_problem=row.sites_problem,
    )


@dataclass
class LiveChanges:
    """What one committed transaction changed, per seminar, ready to broadcast.

    ``bulk``: seminars changed wholesale (e.g. 40,000 invitations): their views get a
    fresh snapshot instead of the rows.
    """

    totals: dict[int, LiveTotals] = field(default_factory=dict)
    rows: dict[int, list[LiveSiteRow]] = field(default_factory=dict)
    scope_totals: dict[int, dict[int, LiveTotals]] = field(default_factory=dict)
    bulk: set[int] = field(default_factory=set)


# A rebuild (invitations) that changed more rows than this: views get a fresh snapshot,
# not the rows (report batches stay rows: the publisher coalesces them per view).
BULK_ROWS = 500
# Bound parameters per IN (...) (PostgreSQL's limit is 32,767 per statement).
CHUNK = 1000

# A remote site that has said yes (and may since have connected).
REGISTERED = frozenset(
    {SeminarSiteStatus.registered, SeminarSiteStatus.checked_in, SeminarSiteStatus.disconnected}
)
# A remote site not checked in yet: the ones to phone.
WAITING = frozenset({SeminarSiteStatus.invited, SeminarSiteStatus.registered})


class Contribution(NamedTuple):
    """What one row adds to its own subtree's, its ancestors' and the seminar's figures."""

    headcount: int
    connected: int
    invited: int
    registered: int
    waiting: int
    expected: int
    # Remote sites whose latest technical check was all fine / found a problem.
    ready: int = 0
    problem: int = 0

    @classmethod
    def of(cls, row: "SeminarSite | Any") -> "Contribution":
        """Of a SeminarSite, or of a row of its columns with the same names."""
        counted = row.status == SeminarSiteStatus.checked_in
        remote = not row.is_main
        return cls(
            headcount=row.headcount if counted else 0,
            connected=int(remote and counted),
            invited=int(remote),
            registered=int(remote and row.status in REGISTERED),
            waiting=int(remote and row.status in WAITING),
            expected=row.expected_attendees or 0,
            ready=int(remote and row.readiness == Readiness.ready),
            problem=int(remote and row.readiness == Readiness.problem),
        )

    def minus(self, other: "Contribution") -> "Contribution":
        return Contribution(*(a - b for a, b in zip(self, other, strict=True)))


def chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    """``ids`` in lists of at most CHUNK (one IN (...) each)."""
    items = list(ids)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


# --- the roll-up ----------------------------------------------------------------------------


class SiteRollup:
    """Rows locked in one transaction (sites, their ancestors, their seminars) and the
    single place where a site's state changes, keeping every total in step."""

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

    @contextmanager
    def changing(self, row: SeminarSite, now: datetime) -> Iterator[SeminarSite]:
        """Change ``row`` inside the block (status, headcount, expected attendees, …);
        on leaving it, the difference of its contribution goes to the row, each of its
        ancestors and the seminar: O(depth), whatever the seminar's size."""
        before = Contribution.of(row)
        yield row
        delta = Contribution.of(row).minus(before)
        self.changed.add(row.id)
        for node in [row, *(self.rows[i] for i in row.ancestor_ids)]:
            node.subtree_headcount += delta.headcount
            node.subtree_peak_headcount = max(node.subtree_peak_headcount, node.subtree_headcount)
            node.subtree_sites_connected += delta.connected
            node.sites_invited += delta.invited
            node.sites_registered += delta.registered
            node.sites_waiting += delta.waiting
            node.expected_attendance += delta.expected
            node.sites_ready += delta.ready
            node.sites_problem += delta.problem
            self.changed.add(node.id)
        seminar = self.seminars[row.seminar_id]
        seminar.live_headcount += delta.headcount
        seminar.sites_connected += delta.connected
        seminar.sites_invited += delta.invited
        seminar.sites_registered += delta.registered
        seminar.sites_waiting += delta.waiting
        seminar.sites_ready += delta.ready
        seminar.sites_problem += delta.problem
        if seminar.live_headcount > seminar.peak_headcount:
            seminar.peak_headcount = seminar.live_headcount
            seminar.peak_at = now

    def set_state(
        self,
        row: SeminarSite,
        now: datetime,
        *,
        status: SeminarSiteStatus | None = None,
        headcount: int | None = None,
    ) -> None:
        """A live change: the site's status and/or headcount (its peak follows)."""
        with self.changing(row, now):
            if status is not None:
                row.status = status
            if headcount is not None:
                row.headcount = headcount
                row.peak_headcount = max(row.peak_headcount, headcount)

    async def changes(self, session: AsyncSession) -> LiveChanges:
        """The changed rows, with their names, grouped per seminar (a few queries)."""
        out = LiveChanges()
        changed = [self.rows[i] for i in sorted(self.changed)]
        for seminar_id in {row.seminar_id for row in changed}:
            out.totals[seminar_id] = seminar_totals(self.seminars[seminar_id])
        names: dict[int, tuple[str, str, SiteLevel]] = {}
        for chunk in chunks({row.site_id for row in changed}):
            found = await session.execute(
                select(Site.id, Site.code, Site.name, Site.level).where(Site.id.in_(chunk))
            )
            names.update((site_id, (code, name, level)) for site_id, code, name, level in found)
        for row in changed:
            code, name, level = names[row.site_id]
            out.rows.setdefault(row.seminar_id, []).append(site_row(row, code, name, level))
            out.scope_totals.setdefault(row.seminar_id, {})[row.site_id] = subtree_totals(row)
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
