"""A poll's results: the totals (counters), and per level of the seminar's site tree.

The totals of the whole seminar are the counters kept with every tally and answer. A
scope (a site, or the subtree a member is limited to) is summed from the sites' latest
counts in one grouped query: each tallying site is keyed by the direct child of the
scope its subtree belongs to, read off its materialized path (``rollup_path``), so a
40,000-site seminar is one pass over its tallies, not a query per site.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Integer, and_, case, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.core.vi_format import format_decimal
from app.polls.models import Poll, PollKind, PollMode, PollOption, PollSiteCount, PollSiteTally
from app.polls.rules import status_of
from app.seminars.access import subtree_ids
from app.sites.models import Site

# Scale levels counted as satisfied: 4 (hài lòng) and 5 (rất hài lòng).
SATISFIED_LEVELS = (4, 5)
_TENTH = Decimal("0.1")


def percent(count: int, responses: int) -> tuple[float, str]:
    """``count`` of ``responses`` as a percentage with one decimal (half up): 12.2, "12,2%"."""
    if responses <= 0:
        return 0.0, "0%"
    value = (Decimal(count) * 100 / Decimal(responses)).quantize(_TENTH, rounding=ROUND_HALF_UP)
    text = format_decimal(value, 1)
    return float(value), (text.removesuffix(",0") + "%")


def figures(
    poll: Poll,
    options: list[PollOption],
    responses: int | None = None,
    counts: dict[int, int] | None = None,
) -> dict[str, Any]:
    """The ``PollFigures`` of a poll: from its counters, or from given sums (a scope)."""
    total = poll.responses if responses is None else responses
    counted = {o.id: o.count for o in options} if counts is None else counts
    items = []
    for option in options:
        count = counted.get(option.id, 0)
        share, share_vi = percent(count, total)
        items.append(
            {
                "id": option.id,
                "label": option.label,
                "count": count,
                "percent": share,
                "percent_vi": share_vi,
            }
        )
    satisfied = satisfied_vi = None
    if poll.kind == PollKind.scale:
        top = sum(counted.get(o.id, 0) for o in options if o.position in SATISFIED_LEVELS)
        satisfied, satisfied_vi = percent(top, total)
    return {
        "poll_id": poll.id,
        "seminar_id": poll.seminar_id,
        "question": poll.question,
        "kind": poll.kind,
        "mode": poll.mode,
        "purpose": poll.purpose,
        "status": status_of(poll),
        "show_live": poll.show_live,
        "closes_at": poll.closes_at,
        "responses": total,
        "options": items,
        "satisfied_percent": satisfied,
        "satisfied_percent_vi": satisfied_vi,
    }


def _child_path(row: SeminarSite) -> str:
    """The ``rollup_path`` of a participating site's direct children."""
    return f"{row.rollup_path or '/'}{row.id}/"


def _next_id(dialect: str, path: Any, prefix: str) -> Any:
    """The SeminarSite id that follows ``prefix`` in ``path`` ("/3/17/…" → 17 after "/3/")."""
    start = len(prefix) + 1 if prefix else 2
    rest = func.substr(path, start)
    slash = func.strpos(rest, "/") if dialect == "postgresql" else func.instr(rest, "/")
    return cast(func.substr(rest, 1, slash - 1), Integer)


async def _children(
    session: AsyncSession, seminar_id: int, scope: int | None
) -> tuple[str | None, int | None, list[Any]]:
    """(the children's path, the scope's own participation id, the children with their
    directory fields). A scope that does not take part has as children the highest
    participating sites below it; they share one path (their participating ancestors
    are the scope's)."""
    columns = (SeminarSite.id, SeminarSite.rollup_path, Site.id, Site.code, Site.name, Site.level)
    base = (
        select(*columns)
        .join(Site, Site.id == SeminarSite.site_id)
        .where(SeminarSite.seminar_id == seminar_id)
    )
    if scope is None:
        rows = (await session.execute(base.where(SeminarSite.parent_site_id.is_(None)))).all()
        return "", None, list(rows)
    own = await session.scalar(
        select(SeminarSite).where(
            SeminarSite.seminar_id == seminar_id, SeminarSite.site_id == scope
        )
    )
    if own is not None:
        rows = (await session.execute(base.where(SeminarSite.parent_site_id == scope))).all()
        return _child_path(own), own.id, list(rows)
    inside = subtree_ids(scope)
    rows = (
        await session.execute(
            base.where(
                SeminarSite.site_id.in_(inside),
                or_(
                    SeminarSite.parent_site_id.is_(None), SeminarSite.parent_site_id.not_in(inside)
                ),
            )
        )
    ).all()
    return (rows[0].rollup_path if rows else None), None, list(rows)


async def per_level(
    session: AsyncSession, poll: Poll, options: list[PollOption], scope: int | None
) -> tuple[list[dict[str, Any]], int, dict[int, int]]:
    """(the direct children of ``scope`` with their subtree sums, the scope's responses,
    the scope's counts per option). ``scope`` None: the seminar's top level."""
    if poll.mode != PollMode.per_site:
        return [], poll.responses, {o.id: o.count for o in options}
    path, own_id, children = await _children(session, poll.seminar_id, scope)
    if path is None:
        return [], 0, {}
    dialect = session.bind.dialect.name
    key = case(
        (SeminarSite.rollup_path == path, SeminarSite.id),
        else_=_next_id(dialect, SeminarSite.rollup_path, path),
    ).label("key")
    inside = SeminarSite.rollup_path.startswith(path) if path else True
    where = and_(PollSiteTally.poll_id == poll.id, inside)
    joined = (PollSiteTally, SeminarSite.id == PollSiteTally.seminar_site_id)
    responses_by = {
        k: int(n or 0)
        for k, n in await session.execute(
            select(key, func.sum(PollSiteTally.responses)).join(*joined).where(where).group_by(key)
        )
    }
    counts_by: dict[int, dict[int, int]] = {}
    for k, option_id, n in await session.execute(
        select(key, PollSiteCount.option_id, func.sum(PollSiteCount.count))
        .select_from(PollSiteCount)
        .join(PollSiteTally, PollSiteTally.id == PollSiteCount.tally_id)
        .join(SeminarSite, SeminarSite.id == PollSiteTally.seminar_site_id)
        .where(where)
        .group_by(key, PollSiteCount.option_id)
    ):
        counts_by.setdefault(k, {})[option_id] = int(n or 0)
    if own_id is not None:
        own = await session.scalar(
            select(PollSiteTally).where(
                PollSiteTally.poll_id == poll.id, PollSiteTally.seminar_site_id == own_id
            )
        )
        if own is not None:
            responses_by[own_id] = own.responses
            counts_by[own_id] = {
                o: c
                for o, c in await session.execute(
                    select(PollSiteCount.option_id, PollSiteCount.count).where(
                        PollSiteCount.tally_id == own.id
                    )
                )
            }
    levels = []
    total = responses_by.get(own_id, 0) if own_id is not None else 0
    sums = dict(counts_by.get(own_id, {})) if own_id is not None else {}
    for child in sorted(children, key=lambda r: (r.code, r[0])):
        child_counts = counts_by.get(child[0], {})
        total += responses_by.get(child[0], 0)
        for option_id, n in child_counts.items():
            sums[option_id] = sums.get(option_id, 0) + n
        levels.append(
            {
                "site_id": child[2],
                "code": child.code,
                "name": child.name,
                "level": child.level,
                "responses": responses_by.get(child[0], 0),
                "counts": [
                    {"option_id": o.id, "count": child_counts.get(o.id, 0)} for o in options
                ],
            }
        )
    return levels, total, sums
