"""The site directory: a tree of connection points reused across seminars.

Every public function that acts for a user checks the permission itself (staff only:
the directory holds coordinators' phone numbers and e-mails). The derived columns
``search_text`` and ``sort_key`` are computed in exactly one place, ``derived_columns``.

Tree walks use recursive CTEs built with ``UNION`` (not ``UNION ALL``): duplicate rows
are discarded, so a walk terminates even if the data ever held a cycle, on SQLite and
PostgreSQL alike.
"""

from typing import Any

from sqlalchemy import case, exists, func, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.attendance.models import SeminarSite
from app.auth.permissions import require_staff
from app.core.db import lock_for_writers, matches_every_word
from app.core.errors import Conflict, NotFound, Problem, Unprocessable
from app.core.schemas import Page
from app.core.text import fold, vietnamese_sort_key
from app.seminars.models import Seminar, SeminarMember
from app.sites import messages as msg
from app.sites.models import Site, SiteLevel
from app.sites.schemas import (
    SiteCreate,
    SiteRead,
    SiteUpdate,
)
from app.users.models import User

_SEARCH_TEXT_LENGTH = Site.__table__.c.search_text.type.length
_SORT_KEY_LENGTH = Site.__table__.c.sort_key.type.length


# --- derived columns -------------------------------------------------------------------


def derived_columns(code: str, name: str, locality: str | None) -> dict[str, str]:
    """``search_text`` and ``sort_key`` of a site: the only place they are computed.

    Both are cut to their column length: the key of a 300-letter name is a little longer
    than the column, and two names equal for their first ~285 letters may then tie (the
    list breaks ties by code).
    """
    searchable = " ".join(part for part in (code, name, locality) if part)
    return {
        "search_text": fold(searchable)[:_SEARCH_TEXT_LENGTH],
        "sort_key": vietnamese_sort_key(name)[:_SORT_KEY_LENGTH],
    }


def _refresh_derived(site: Site) -> None:
    for column, value in derived_columns(site.code, site.name, site.locality).items():
        setattr(site, column, value)


async def copy_sort_keys(session: AsyncSession) -> None:
    """Copy the directory's sort keys to the participation rows that differ (after an
    import): the console sorts a seminar's sites by its own copy."""
    directory_key = select(Site.sort_key).where(Site.id == SeminarSite.site_id).scalar_subquery()
    await session.execute(
        update(SeminarSite)
        .where(SeminarSite.sort_key != directory_key)
        .values(sort_key=directory_key)
        .execution_options(synchronize_session=False)
    )


# --- reading ---------------------------------------------------------------------------


def _children_count() -> Any:
    # Correlated per row of the page (indexed on parent_id): no N+1, no full-table group-by.
    child = aliased(Site)
    return (
        select(func.count(child.id))
        .where(child.parent_id == Site.id)
        .correlate(Site)
        .scalar_subquery()
        .label("children_count")
    )


def _to_read(site: Site, children_count: int) -> SiteRead:
    read = SiteRead.model_validate(site)
    read.children_count = children_count
    return read


def search_conditions(q: str | None) -> list[Any]:
    """``q`` folded and split in words; every word must occur (case/diacritic-insensitive)."""
    return matches_every_word(Site.search_text, q)


# sort= values of the directory; ties: the name, then the code. The level sorts from the
# top of the tree down (central first), not alphabetically.
_LEVEL_RANK = {level: rank for rank, level in enumerate(SiteLevel)}
SORTS: dict[str, Any] = {
    "name": Site.sort_key,
    "code": Site.code,
    "level": case(_LEVEL_RANK, value=Site.level),
}


def _order_by(sort: str) -> list[Any]:
    """ORDER BY of a ``sort`` value (``-`` prefix: descending); 422 for any other value."""
    name = sort.removeprefix("-")
    column = SORTS.get(name)
    if column is None:
        params = {"sort": sort, "allowed": ", ".join(SORTS)}
        raise Unprocessable(
            msg.SORT_UNKNOWN,
            **params,
            errors=[Problem(msg.SORT_UNKNOWN, params, loc=("query", "sort"))],
        )
    primary = column.desc() if sort.startswith("-") else column.asc()
    return [primary, Site.code] if name == "name" else [primary, Site.sort_key, Site.code]


async def list_sites(
    session: AsyncSession,
    actor: User,
    page: Page,
    *,
    q: str | None = None,
    parent_id: int | None = None,
    root: bool = False,
    level: SiteLevel | None = None,
    under: int | None = None,
    sort: str = "name",
) -> tuple[list[SiteRead], int]:
    """Sites matching the filters, sorted by ``sort`` (default: Vietnamese alphabetical
    order, then code), and the total."""
    require_staff(actor)
    if root and parent_id is not None:
        raise Unprocessable(msg.ROOT_AND_PARENT)
    ordering = _order_by(sort)
    conditions = search_conditions(q)
    if root:
        conditions.append(Site.parent_id.is_(None))
    if parent_id is not None:
        conditions.append(Site.parent_id == parent_id)
    if level is not None:
        conditions.append(Site.level == level)
    if under is not None:
        conditions += [Site.id != under, Site.id.in_(_subtree(under))]
    total = await session.scalar(select(func.count()).select_from(Site).where(*conditions))
    rows = await session.execute(
        select(Site, _children_count())
        .where(*conditions)
        .order_by(*ordering)
        .limit(page.limit)
        .offset(page.offset)
    )
    return [_to_read(site, count) for site, count in rows], total or 0


async def _read_site(session: AsyncSession, site_id: int) -> SiteRead:
    row = (await session.execute(select(Site, _children_count()).where(Site.id == site_id))).first()
    if row is None:
        raise NotFound(msg.SITE_NOT_FOUND, site_id=site_id)
    return _to_read(row[0], row[1])


async def get_site(session: AsyncSession, actor: User, site_id: int) -> SiteRead:
    """One site with its number of direct children."""
    require_staff(actor)
    return await _read_site(session, site_id)


def _subtree(root_id: int) -> Any:
    """``root_id`` and every site below it, as a subquery (one recursive CTE)."""
    tree = select(Site.id).where(Site.id == root_id).cte("subtree", recursive=True)
    child = aliased(Site)
    tree = tree.union(select(child.id).join(tree, child.parent_id == tree.c.id))
    return select(tree.c.id)


async def subtree_site_ids(session: AsyncSession, root_id: int) -> list[int]:
    """``root_id`` and every site below it, in one recursive query ([] if it does not exist).

    No permission check: callers (e.g. inviting a whole subtree) check their own.
    """
    ids = _subtree(root_id).subquery()
    return list(await session.scalars(select(ids.c.id).order_by(ids.c.id)))


# What an invitation copies from the directory: the answer names each site (the console
# writes the CSV of links from it) and the participation row keeps the sort key.
_ENTRY_COLUMNS = (Site.id, Site.code, Site.name, Site.locality, Site.sort_key)
# Bound the bound parameters of one IN (...) (SQLite: 32,766; PostgreSQL: 32,767).
_IN_CHUNK = 5000


async def subtree_entries(session: AsyncSession, root_id: int) -> list[Any]:
    """``root_id`` and every site below it with the fields an invitation copies, in one
    recursive query ([] if it does not exist). No permission check."""
    ids = _subtree(root_id).subquery()
    rows = await session.execute(
        select(*_ENTRY_COLUMNS).join(ids, ids.c.id == Site.id).order_by(Site.id)
    )
    return list(rows)


async def directory_entries(session: AsyncSession, ids: list[int]) -> dict[int, Any]:
    """The directory fields an invitation copies, by id, for those of ``ids`` that exist."""
    found: dict[int, Any] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        for row in await session.execute(select(*_ENTRY_COLUMNS).where(Site.id.in_(chunk))):
            found[row.id] = row
    return found


async def _is_self_or_ancestor(session: AsyncSession, site_id: int, of_site_id: int) -> bool:
    """True when ``site_id`` is ``of_site_id`` or one of its ancestors (one recursive query)."""
    chain = (
        select(Site.id, Site.parent_id).where(Site.id == of_site_id).cte("chain", recursive=True)
    )
    parent = aliased(Site)
    chain = chain.union(
        select(parent.id, parent.parent_id).join(chain, parent.id == chain.c.parent_id)
    )
    found = await session.scalar(
        select(literal(True)).select_from(chain).where(chain.c.id == site_id).limit(1)
    )
    return bool(found)


# --- writing ---------------------------------------------------------------------------

# Writers of the tree (create, move, import) check it, then write: one at a time.
TREE_LOCK = "sites.tree"


def ensure_can_manage(actor: User) -> None:
    """Refuse non-staff early, e.g. before an upload is read."""
    require_staff(actor)


async def _require_parent(session: AsyncSession, parent_id: int) -> Site:
    parent = await session.get(Site, parent_id)
    if parent is None:
        raise Unprocessable(
            msg.PARENT_UNKNOWN,
            parent_id=parent_id,
            errors=[
                Problem(msg.PARENT_UNKNOWN, {"parent_id": parent_id}, loc=("body", "parent_id"))
            ],
        )
    return parent


def _code_taken(code: str) -> Conflict:
    return Conflict(
        msg.CODE_TAKEN,
        code=code,
        errors=[Problem(msg.CODE_TAKEN, {"code": code}, loc=("body", "code"))],
    )


async def _require_code_free(session: AsyncSession, code: str) -> None:
    if await session.scalar(select(exists().where(Site.code == code))):
        raise _code_taken(code)


async def _commit_unique(session: AsyncSession, code: str) -> None:
    try:
        await session.commit()
    except IntegrityError:
        # Lost a race with a concurrent writer of the same code.
        await session.rollback()
        raise _code_taken(code) from None


async def create_site(session: AsyncSession, actor: User, data: SiteCreate) -> SiteRead:
    """Add a site to the directory (409 on a taken code, 422 on an unknown parent)."""
    require_staff(actor)
    await lock_for_writers(session, TREE_LOCK)
    if data.parent_id is not None:
        await _require_parent(session, data.parent_id)
    await _require_code_free(session, data.code)
    site = Site(**data.model_dump())
    _refresh_derived(site)
    session.add(site)
    await _commit_unique(session, data.code)
    return _to_read(site, 0)


async def update_site(
    session: AsyncSession, actor: User, site_id: int, data: SiteUpdate
) -> SiteRead:
    """Edit a site; a new parent must exist (422) and must not be the site or below it (409)."""
    require_staff(actor)
    # Two moves checked at once could each pass and together make a cycle.
    await lock_for_writers(session, TREE_LOCK)
    site = await session.get(Site, site_id, populate_existing=True)
    if site is None:
        raise NotFound(msg.SITE_NOT_FOUND, site_id=site_id)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("code", site.code) != site.code:
        await _require_code_free(session, changes["code"])
    new_parent_id = changes.get("parent_id", site.parent_id)
    if new_parent_id is not None and new_parent_id != site.parent_id:
        parent = await _require_parent(session, new_parent_id)
        if await _is_self_or_ancestor(session, site.id, new_parent_id):
            raise Conflict(msg.PARENT_CYCLE, code=site.code, parent=parent.code)
    for name, value in changes.items():
        setattr(site, name, value)
    _refresh_derived(site)
    if "name" in changes:
        # The seminars' copies of its sort key; unflushed, so a taken code still fails
        # at the commit below (and nothing stays).
        with session.no_autoflush:
            await session.execute(
                update(SeminarSite)
                .where(SeminarSite.site_id == site.id)
                .values(sort_key=site.sort_key)
                .execution_options(synchronize_session=False)
            )
    await _commit_unique(session, site.code)
    return await _read_site(session, site.id)


async def delete_site(session: AsyncSession, actor: User, site_id: int) -> None:
    """Remove a site that has no children and never took part in a seminar (409 otherwise)."""
    require_staff(actor)
    site = await session.get(Site, site_id)
    if site is None:
        raise NotFound(msg.SITE_NOT_FOUND, site_id=site_id)
    if await session.scalar(select(exists().where(Site.parent_id == site_id))):
        raise Conflict(msg.HAS_CHILDREN, code=site.code)
    used = await session.scalar(
        select(
            or_(
                exists().where(SeminarSite.site_id == site_id),
                exists().where(Seminar.main_site_id == site_id),
                exists().where(SeminarMember.subtree_site_id == site_id),
            )
        )
    )
    if used:
        raise Conflict(msg.IN_USE, code=site.code)
    await session.delete(site)
    try:
        await session.commit()
    except IntegrityError:
        # A seminar or child took it between the check and the delete (FK RESTRICT).
        await session.rollback()
        raise Conflict(msg.IN_USE, code=site.code) from None
