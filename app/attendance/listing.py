"""The console's list of a seminar's sites: one level of the seminar tree or a search,
filtered, sorted and paged on the server (a seminar may have 40,000 sites).

The seminar tree links each participating site to its nearest participating ancestor
(``SeminarSite.parent_site_id``, ``rollup_path``), as the live views do.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance import messages as msg
from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.auth.permissions import require_staff
from app.core.db import matches_every_word
from app.core.errors import Problem, Unprocessable
from app.core.schemas import Page
from app.seminars.access import Membership, require_member, subtree_ids
from app.seminars.models import SeminarStatus
from app.seminars.service import load_seminar
from app.sites.models import Site, SiteLevel
from app.users.models import User

St = SeminarSiteStatus

# sort= values: the column, then the directory id breaks ties.
SORTS: dict[str, Any] = {
    "name": SeminarSite.sort_key,  # the participation's copy: no join to sort by name
    "code": Site.code,
    "status": SeminarSite.status,
    "headcount": SeminarSite.headcount,
    "checked_in_at": SeminarSite.checked_in_at,
    "last_report_at": SeminarSite.last_report_at,
}


_NULLABLE = frozenset({"checked_in_at", "last_report_at"})


@dataclass(frozen=True)
class SiteFilters:
    """The query of GET /seminars/{id}/sites (every field optional, combinable)."""

    parent_id: int | None = None
    root: bool = False
    under: int | None = None
    q: str | None = None
    level: SiteLevel | None = None
    status: SeminarSiteStatus | None = None
    never_connected: bool = False
    problem: bool = False
    sort: str = "name"


def order_by(sort: str, *, few: bool = False) -> list[Any]:
    """ORDER BY of a ``sort`` value (``-`` prefix: descending); 422 for any other value.

    ``few``: few rows match; sorting them beats walking a directory index in order (the
    expression keeps the planner from doing so, on SQLite and PostgreSQL alike).
    """
    name = sort.removeprefix("-")
    column = SORTS.get(name)
    if column is None:
        allowed = ", ".join(SORTS)
        raise Unprocessable(
            msg.SITES_SORT_UNKNOWN,
            sort=sort,
            allowed=allowed,
            errors=[
                Problem(
                    msg.SITES_SORT_UNKNOWN,
                    {"sort": sort, "allowed": allowed},
                    loc=("query", "sort"),
                )
            ],
        )
    if few and name in ("name", "code"):
        column = column + ""
    primary = column.desc() if sort.startswith("-") else column.asc()
    if name in _NULLABLE:
        primary = primary.nulls_last()  # never-set times last either way, on both databases
    # Ties: the directory id (read from the participation row itself, no join needed).
    return [primary, SeminarSite.site_id]


# Up to this many matching sites, the page is sorted from them (else read in index order).
_FEW = 5000
# Up to this many sites below: walk the directory (indexed); more: scan the seminar's
# paths (one pass over its rows beats probing tens of thousands of ids).
_WALK_UP_TO = 5000


async def _under(session: AsyncSession, seminar_id: int, site_id: int) -> ColumnElement[bool]:
    """Anywhere below ``site_id`` (itself excluded).

    The participating sites below a site in the directory are exactly those below it in
    the seminar tree (their nearest participating ancestors lead up through it), so a
    site that does not take part works too.
    """
    row = (
        await session.execute(
            select(SeminarSite.id, SeminarSite.rollup_path, SeminarSite.sites_invited).where(
                SeminarSite.seminar_id == seminar_id, SeminarSite.site_id == site_id
            )
        )
    ).one_or_none()
    if row is None or row.sites_invited <= _WALK_UP_TO:
        return (SeminarSite.site_id != site_id) & SeminarSite.site_id.in_(subtree_ids(site_id))
    return SeminarSite.rollup_path.startswith(f"{row.rollup_path or '/'}{row.id}/")


def _root(member: Membership) -> ColumnElement[bool]:
    """The top level of what the member sees: the seminar's, or their subtree's highest
    participating sites (their seminar-tree parent is outside the subtree)."""
    top = SeminarSite.parent_site_id.is_(None)
    if not member.limited:
        return top
    return or_(top, ~member.site_filter(SeminarSite.parent_site_id))


async def list_seminar_sites(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    page: Page,
    filters: SiteFilters,
) -> tuple[list[tuple[SeminarSite, Site]], int]:
    """One page of the seminar's sites matching ``filters``, and how many match.

    A member limited to a subtree sees the sites of that subtree only (``root=true``:
    its highest participating sites)."""
    require_staff(actor)
    if filters.root and filters.parent_id is not None:
        raise Unprocessable(msg.SITES_ROOT_AND_PARENT)
    order_by(filters.sort)  # 422 before any work
    member = await require_member(session, actor, seminar_id)
    seminar = await load_seminar(session, seminar_id)
    where: list[ColumnElement[bool]] = [
        SeminarSite.seminar_id == seminar_id,
        member.site_filter(SeminarSite.site_id),
    ]
    if filters.root:
        where.append(_root(member))
    if filters.parent_id is not None:
        where.append(SeminarSite.parent_site_id == filters.parent_id)
    if filters.under is not None:
        where.append(await _under(session, seminar_id, filters.under))
    where.extend(matches_every_word(Site.search_text, filters.q))
    if filters.level is not None:
        where.append(Site.level == filters.level)
    if filters.status is not None:
        where.append(SeminarSite.status == filters.status)
    if filters.never_connected:
        where += [
            SeminarSite.is_main.is_(False),
            SeminarSite.status != St.declined,
            SeminarSite.checked_in_at.is_(None),
        ]
    if filters.problem:
        # Disconnected now; while the seminar is live, also any site not checked in yet.
        troubled = [St.disconnected]
        if seminar.status == SeminarStatus.live:
            troubled += [St.invited, St.registered]
        where += [SeminarSite.is_main.is_(False), SeminarSite.status.in_(troubled)]
    # The directory is joined only to filter by its columns (or sort by code): the name
    # order is the participation's own copy, so a page of ids walks one index.
    needs_site = bool(filters.q) or filters.level is not None
    counted = select(func.count()).select_from(SeminarSite)
    if needs_site:
        counted = counted.join(Site, Site.id == SeminarSite.site_id)
    total = await session.scalar(counted.where(*where)) or 0
    if page.offset >= total:
        return [], total
    few = total <= _FEW
    ordering = order_by(filters.sort, few=few)
    if not few and session.bind.dialect.name == "postgresql":
        # Sorting tens of thousands of Vietnamese sort keys fits in memory with this (the
        # default 4 MB spills to disk); this transaction only.
        await session.execute(text("SET LOCAL work_mem = '32MB'"))
    # The page's site ids first (narrow, from the index alone: (seminar_id, sort_key,
    # site_id) for the name order, no heap visit once vacuumed), then those rows whole: a
    # deep page skips 40,000 index entries, not 40,000 joined rows.
    ids = select(SeminarSite.site_id)
    if needs_site or filters.sort.removeprefix("-") == "code":
        ids = ids.join(Site, Site.id == SeminarSite.site_id)
    page_ids = list(
        await session.scalars(
            ids.where(*where).order_by(*ordering).limit(page.limit).offset(page.offset)
        )
    )
    found = {
        site.id: (row, site)
        for row, site in await session.execute(
            select(SeminarSite, Site)
            .join(Site, Site.id == SeminarSite.site_id)
            .where(SeminarSite.seminar_id == seminar_id, SeminarSite.site_id.in_(page_ids))
        )
    }
    return [found[i] for i in page_ids], total
