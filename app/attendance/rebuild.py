"""A seminar's tree links and counters computed wholesale: when sites join (invitations,
the main hall) or to repair them (``rebuild_rollup``).

Each participating site's parent in the seminar is its nearest participating ancestor in
the directory; its counters sum the contributions of its subtree (app/attendance/rollup.py
keeps them in step afterwards, change by change). Plain columns are read and written in
bulk: a 40,000-site seminar costs seconds, not 40,000 ORM objects or statements.
"""

from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.attendance.rollup import (
    BULK_ROWS,
    Contribution,
    LiveChanges,
    SiteRollup,
    chunks,
    seminar_totals,
)
from app.core.db import utcnow
from app.readiness.models import Readiness
from app.seminars.models import Seminar
from app.sites.models import Site

_TREE = ("parent_site_id", "rollup_path", "children_count")
_COUNTERS = (
    "subtree_headcount",
    "subtree_sites_connected",
    "sites_invited",
    "sites_registered",
    "sites_waiting",
    "expected_attendance",
    "sites_ready",
    "sites_problem",
)
# What the plan reads of each row.
_READ = (
    SeminarSite.id,
    SeminarSite.site_id,
    SeminarSite.is_main,
    SeminarSite.status,
    SeminarSite.headcount,
    SeminarSite.expected_attendees,
    SeminarSite.readiness,
    SeminarSite.subtree_peak_headcount,
    *(getattr(SeminarSite, c) for c in _TREE + _COUNTERS),
)

Plan = dict[int, dict[str, Any]]  # row id → its tree links and counters


def _plan(rows: list[Any], parents: dict[int, int | None]) -> tuple[Plan, Contribution]:
    """Every row's links and counters, and the seminar's totals, from the rows alone."""
    by_site = {row.site_id: row for row in rows}

    def participating_parent(site_id: int) -> int | None:
        parent = parents.get(site_id)
        seen = 0
        while parent is not None and parent not in by_site and seen < 64:
            parent, seen = parents.get(parent), seen + 1
        return parent if parent in by_site else None

    parent_of = {row.site_id: participating_parent(row.site_id) for row in rows}
    paths: dict[int, str] = {}

    def path_of(site_id: int) -> str:
        # Iterative (a deep chain must not hit the recursion limit): climb to a known path.
        chain = []
        at: int | None = site_id
        while at is not None and at not in paths:
            chain.append(at)
            at = parent_of[at]
        for node in reversed(chain):
            parent = parent_of[node]
            paths[node] = "" if parent is None else f"{paths[parent] or '/'}{by_site[parent].id}/"
        return paths[site_id]

    plan: Plan = {
        row.id: {
            "parent_site_id": parent_of[row.site_id],
            "rollup_path": path_of(row.site_id),
            "children_count": 0,
            **dict.fromkeys(_COUNTERS, 0),
        }
        for row in rows
    }
    totals = Contribution(0, 0, 0, 0, 0, 0, 0, 0)
    for row in rows:
        values = plan[row.id]
        if values["parent_site_id"] is not None:
            plan[by_site[values["parent_site_id"]].id]["children_count"] += 1
        own = Contribution.of(row)
        totals = Contribution(*(a + b for a, b in zip(totals, own, strict=True)))
        ancestors = [int(part) for part in values["rollup_path"].split("/") if part]
        for node in [row.id, *ancestors]:
            counters = plan[node]
            counters["subtree_headcount"] += own.headcount
            counters["subtree_sites_connected"] += own.connected
            counters["sites_invited"] += own.invited
            counters["sites_registered"] += own.registered
            counters["sites_waiting"] += own.waiting
            counters["expected_attendance"] += own.expected
            counters["sites_ready"] += own.ready
            counters["sites_problem"] += own.problem
    for row in rows:  # peaks never go down
        values = plan[row.id]
        values["subtree_peak_headcount"] = max(
            row.subtree_peak_headcount, values["subtree_headcount"]
        )
    return plan, totals


async def _read(session: AsyncSession, seminar_id: int) -> list[Any]:
    await session.flush()
    query = select(*_READ).where(SeminarSite.seminar_id == seminar_id)
    return list((await session.execute(query)).all())


async def _rewrite_changed(session: AsyncSession, rows: list[Any], plan: Plan) -> list[int]:
    """Write the plan's values to the rows whose values differ; their ids."""
    changed = [
        row.id
        for row in rows
        if any(getattr(row, name) != value for name, value in plan[row.id].items())
    ]
    if changed:
        await _write_rows(session, changed, [plan[i] for i in changed])
    return changed


async def _finish(session: AsyncSession, seminar_id: int, totals: Contribution) -> None:
    """The seminar's totals; ORM objects of its rows in the session are stale: expired."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, SeminarSite) and obj.seminar_id == seminar_id:
            session.expire(obj)
    seminar = await session.get(Seminar, seminar_id)
    assert seminar is not None
    seminar.live_headcount = totals.headcount
    seminar.sites_connected = totals.connected
    seminar.sites_invited = totals.invited
    seminar.sites_registered = totals.registered
    seminar.sites_waiting = totals.waiting
    seminar.sites_ready = totals.ready
    seminar.sites_problem = totals.problem
    if seminar.live_headcount > seminar.peak_headcount:
        seminar.peak_headcount = seminar.live_headcount
        seminar.peak_at = utcnow()


async def rebuild_rollup(session: AsyncSession, seminar_id: int) -> list[int]:
    """Recompute the seminar's tree links and every counter from the site rows, writing
    only the rows whose values differ (their ids are returned). The caller commits."""
    rows = await _read(session, seminar_id)
    plan, totals = _plan(rows, await _directory_parents(session, seminar_id))
    changed = await _rewrite_changed(session, rows, plan)
    await _finish(session, seminar_id, totals)
    return changed


async def insert_participations(
    session: AsyncSession, seminar_id: int, fresh: list[dict[str, Any]]
) -> list[int]:
    """Insert new participations (status invited) with their links and counters computed
    beforehand: one multi-row INSERT and no second pass over the new rows; the rows that
    already took part and changed (new children, counters) are rewritten. Returns the ids
    of every row written. The caller commits (or rolls back: nothing stays)."""
    rows = await _read(session, seminar_id)
    ids = await _new_ids(session, len(fresh))
    newcomers = [
        SimpleNamespace(
            id=row_id,
            site_id=values["site_id"],
            is_main=False,
            status=SeminarSiteStatus.invited,
            headcount=0,
            expected_attendees=None,
            readiness=Readiness.unchecked,
            subtree_peak_headcount=0,
        )
        for row_id, values in zip(ids, fresh, strict=True)
    ]
    # The whole directory's links (two integers a site): cheaper than a walk from
    # tens of thousands of new sites.
    parents = dict((await session.execute(select(Site.id, Site.parent_id))).all())
    plan, totals = _plan([*rows, *newcomers], parents)
    # Core, not the ORM: 40,000 rows without per-row bookkeeping.
    await session.execute(
        insert(SeminarSite.__table__),
        [
            {**values, "id": row_id, **plan[row_id]}
            for row_id, values in zip(ids, fresh, strict=True)
        ],
    )
    changed = await _rewrite_changed(session, rows, plan)
    await _finish(session, seminar_id, totals)
    return changed + ids


async def _new_ids(session: AsyncSession, count: int) -> list[int]:
    """``count`` ids for new rows, taken before inserting them (their descendants' paths
    name them). PostgreSQL: from the column's sequence; SQLite: above the highest, which
    this transaction alone may write (writers hold the database lock)."""
    if count == 0:
        return []
    if session.bind.dialect.name == "postgresql":
        sequence = func.pg_get_serial_sequence("seminar_sites", "id")
        series = func.generate_series(1, count).table_valued("n")
        return list(await session.scalars(select(func.nextval(sequence)).select_from(series)))
    highest = await session.scalar(select(func.coalesce(func.max(SeminarSite.id), 0)))
    return list(range(int(highest or 0) + 1, int(highest or 0) + 1 + count))


async def _write_rows(
    session: AsyncSession, row_ids: list[int], updates: list[dict[str, Any]]
) -> None:
    """Write new values to rows by id. PostgreSQL: one UPDATE joined to the values passed
    as arrays (one parameter a column, whatever the number of rows); SQLite: one UPDATE
    run many times by the driver, which is as fast in process."""
    table = SeminarSite.__table__
    names = list(updates[0])
    if session.bind.dialect.name == "postgresql":
        sets = ", ".join(f"{n} = new.{n}" for n in names)
        statement = text(
            f"UPDATE seminar_sites SET {sets} "  # column names of ours, no input
            f"FROM unnest(:row_id, {', '.join(f':{n}' for n in names)}) "
            f"AS new(row_id, {', '.join(names)}) WHERE seminar_sites.id = new.row_id"
        ).bindparams(
            bindparam("row_id", row_ids, type_=ARRAY(table.c.id.type)),
            *(bindparam(n, [u[n] for u in updates], type_=ARRAY(table.c[n].type)) for n in names),
        )
        await session.execute(statement)
        return
    statement = (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values({name: bindparam(f"new_{name}") for name in names})
    )
    params = [
        {"row_id": row_id, **{f"new_{name}": v for name, v in values.items()}}
        for row_id, values in zip(row_ids, updates, strict=True)
    ]
    await session.execute(statement, params)


async def rebuilt_changes(
    session: AsyncSession, seminar: Seminar, row_ids: list[int]
) -> LiveChanges:
    """What a rebuild changed, to broadcast: the rows, or a snapshot when they are many."""
    if len(row_ids) > BULK_ROWS:
        return LiveChanges(totals={seminar.id: seminar_totals(seminar)}, bulk={seminar.id})
    rows: list[SeminarSite] = []
    for chunk in chunks(row_ids):
        rows += await session.scalars(
            select(SeminarSite)
            .where(SeminarSite.id.in_(chunk))
            .execution_options(populate_existing=True)
        )
    out = await SiteRollup.of(seminar, rows).changes(session)
    out.totals.setdefault(seminar.id, seminar_totals(seminar))
    return out


async def _directory_parents(session: AsyncSession, seminar_id: int) -> dict[int, int | None]:
    """site id → parent id for the participating sites and all their ancestors (one CTE)."""
    start = select(Site.id, Site.parent_id).where(
        Site.id.in_(select(SeminarSite.site_id).where(SeminarSite.seminar_id == seminar_id))
    )
    up = start.cte("up", recursive=True)
    up = up.union(select(Site.id, Site.parent_id).join(up, Site.id == up.c.parent_id))
    return dict((site_id, parent_id) for site_id, parent_id in await session.execute(select(up)))
