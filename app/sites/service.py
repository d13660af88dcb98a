"""The site directory: a tree of connection points reused across seminars.

Every public function that acts for a user checks the permission itself (staff only:
the directory holds coordinators' phone numbers and e-mails). The derived columns
``search_text`` and ``sort_key`` are computed in exactly one place, ``derived_columns``.

Tree walks use recursive CTEs built with ``UNION`` (not ``UNION ALL``): duplicate rows
are discarded, so a walk terminates even if the data ever held a cycle, on SQLite and
PostgreSQL alike.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import exists, func, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.attendance.models import SeminarSite
from app.auth.permissions import require_staff
from app.core.db import lock_for_writers, matches_every_word
from app.core.errors import Conflict, Message, NotFound, Problem, Unprocessable
from app.core.schemas import Page
from app.core.text import fold, vietnamese_sort_key
from app.seminars.models import Seminar, SeminarMember
from app.sites import messages as msg
from app.sites.models import Site, SiteLevel
from app.sites.schemas import (
    SiteCreate,
    SiteImportResult,
    SiteImportRow,
    SiteRead,
    SiteUpdate,
)
from app.users.models import User

IMPORT_COLUMNS = (
    "code",
    "name",
    "parent_code",
    "level",
    "locality",
    "coordinator_name",
    "coordinator_phone",
    "coordinator_email",
    "capacity",
)
_REQUIRED_COLUMNS = ("code", "name")
_COLUMNS = ",".join(IMPORT_COLUMNS)
MAX_IMPORT_ROWS = 100_000
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


async def list_sites(
    session: AsyncSession,
    actor: User,
    page: Page,
    *,
    q: str | None = None,
    parent_id: int | None = None,
    root: bool = False,
    level: SiteLevel | None = None,
) -> tuple[list[SiteRead], int]:
    """Sites matching the filters in Vietnamese alphabetical order (then code), and the total."""
    require_staff(actor)
    if root and parent_id is not None:
        raise Unprocessable(msg.ROOT_AND_PARENT)
    conditions = search_conditions(q)
    if root:
        conditions.append(Site.parent_id.is_(None))
    if parent_id is not None:
        conditions.append(Site.parent_id == parent_id)
    if level is not None:
        conditions.append(Site.level == level)
    total = await session.scalar(select(func.count()).select_from(Site).where(*conditions))
    rows = await session.execute(
        select(Site, _children_count())
        .where(*conditions)
        .order_by(Site.sort_key, Site.code)
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


async def subtree_site_ids(session: AsyncSession, root_id: int) -> list[int]:
    """``root_id`` and every site below it, in one recursive query ([] if it does not exist).

    No permission check: callers (e.g. inviting a whole subtree) check their own.
    """
    tree = select(Site.id).where(Site.id == root_id).cte("subtree", recursive=True)
    child = aliased(Site)
    tree = tree.union(select(child.id).join(tree, child.parent_id == tree.c.id))
    return list(await session.scalars(select(tree.c.id).order_by(tree.c.id)))


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


# --- CSV import ------------------------------------------------------------------------


class _ImportErrors:
    """Every problem found, by physical line of the file (the header is line 1)."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, line: int, message: Message, **params: Any) -> None:
        self.items.append(Problem(message, params, line=line))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        lines = len({e.line for e in self.items})
        # By line; a line's problems in the order they were found.
        errors = sorted(self.items, key=lambda e: e.line or 0)
        raise Unprocessable(msg.IMPORT_INVALID, lines=lines, errors=list(errors))


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")  # strips the BOM Excel writes, if any
    except UnicodeDecodeError:
        raise Unprocessable(msg.IMPORT_NOT_UTF8) from None
    if "\x00" in text:
        raise Unprocessable(msg.IMPORT_NUL)
    if not text.strip():
        raise Unprocessable(msg.IMPORT_EMPTY, columns=_COLUMNS)
    return text


def _shorten(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(error: dict[str, Any], cells: dict[str, str]) -> tuple[Message, dict[str, Any]]:
    """The message (and its parameters) for one field of a row that failed validation."""
    field = str(error["loc"][0]) if error["loc"] else "row"
    value = cells.get(field, "")
    if error["type"] == "string_too_short" or (field in _REQUIRED_COLUMNS and not value.strip()):
        return msg.LINE_REQUIRED, {"column": field}
    if field == "level":
        allowed = ", ".join(level.value for level in SiteLevel)
        return msg.LINE_LEVEL, {"value": _shorten(value), "allowed": allowed}
    if field == "capacity":
        return msg.LINE_CAPACITY, {"value": _shorten(value)}
    if field == "coordinator_email":
        return msg.LINE_EMAIL, {"value": _shorten(value)}
    if error["type"] == "string_too_long":
        return msg.LINE_TOO_LONG, {"column": field, **error.get("ctx", {})}
    return msg.LINE_INVALID, {"column": field, "value": _shorten(value)}


@dataclass
class _ParsedFile:
    columns: set[str] = field(default_factory=set)
    rows: list[tuple[int, SiteImportRow]] = field(default_factory=list)
    # Codes of rows that failed validation: other rows may still name them as parent.
    invalid_codes: set[str] = field(default_factory=set)


def _read_rows(text: str, errors: _ImportErrors) -> _ParsedFile:
    """The header's columns and every valid row with its line; bad rows go to ``errors``."""
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in locales with a decimal comma export with semicolons.
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    parsed = _ParsedFile()
    header: list[str] | None = None
    records = 0
    line = 1  # physical line where the next record starts
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if header is None:
                header = [column.strip().lower() for column in record]
                _check_header(header, errors)
                errors.raise_if_any()  # without a usable header no row can be read
                parsed.columns = set(header)
                continue
            if not any(cell.strip() for cell in record):
                continue  # blank line
            records += 1
            if records > MAX_IMPORT_ROWS:
                raise Unprocessable(msg.IMPORT_TOO_MANY_ROWS, limit=MAX_IMPORT_ROWS)
            cells = dict(zip(header, record, strict=False))
            if len(record) > len(header):
                errors.add(start, msg.LINE_FIELD_COUNT, found=len(record), expected=len(header))
                parsed.invalid_codes.add(cells.get("code", "").strip())
                continue
            try:
                parsed.rows.append((start, SiteImportRow.model_validate(cells)))
            except ValidationError as exc:
                parsed.invalid_codes.add(cells.get("code", "").strip())
                for error in exc.errors():
                    message, params = _describe(dict(error), cells)
                    errors.add(start, message, **params)
    except csv.Error as exc:
        errors.add(reader.line_num, msg.LINE_UNREADABLE, reason=str(exc))
    if header is None:
        errors.add(1, msg.LINE_NO_HEADER, columns=_COLUMNS)
    parsed.invalid_codes.discard("")
    return parsed


def _check_header(header: list[str], errors: _ImportErrors) -> None:
    for column in header:
        if column not in IMPORT_COLUMNS:
            errors.add(1, msg.LINE_UNKNOWN_COLUMN, column=_shorten(column), columns=_COLUMNS)
    for column in sorted({c for c in header if header.count(c) > 1}):
        errors.add(1, msg.LINE_DUPLICATE_COLUMN, column=column)
    for column in _REQUIRED_COLUMNS:
        if column not in header:
            errors.add(1, msg.LINE_MISSING_COLUMN, column=column)


def _check_tree(
    rows: Iterable[tuple[int, SiteImportRow]],
    parent_of: dict[str, str | None],
    known_codes: set[str],
    errors: _ImportErrors,
) -> None:
    """Unknown parents and cycles in the tree the directory would have after the import."""
    line_of = {}
    for line, row in rows:
        line_of[row.code] = line
        if row.parent_code is not None and row.parent_code not in known_codes:
            errors.add(line, msg.LINE_PARENT_UNKNOWN, parent_code=row.parent_code)
    # Walk up from every imported site; a walk that meets its own path found a cycle.
    # Existing data is acyclic, so every cycle goes through at least one imported row.
    done: set[str] = set()
    for start in line_of:
        path: list[str] = []
        on_path: set[str] = set()
        code: str | None = start
        while code is not None and code not in done and code not in on_path:
            path.append(code)
            on_path.add(code)
            code = parent_of.get(code)
        if code is not None and code in on_path:
            cycle = path[path.index(code) :]
            for member in cycle:
                if member not in line_of:
                    continue
                if len(cycle) == 1:
                    errors.add(line_of[member], msg.LINE_OWN_PARENT)
                else:
                    loop = " → ".join(
                        [*cycle[cycle.index(member) :], *cycle[: cycle.index(member)], member]
                    )
                    errors.add(line_of[member], msg.LINE_CYCLE, loop=loop)
        done.update(path)


async def import_sites(session: AsyncSession, actor: User, data: bytes) -> SiteImportResult:
    """Upsert sites from CSV, all or nothing; 422 listing every bad line otherwise.

    Rows whose code exists update that site: every column present in the header replaces
    the stored value (an empty cell clears it; an empty ``level`` keeps the stored one),
    and columns absent from the header are left as they are. New codes create sites
    (empty ``level`` → ``unit``). ``parent_code`` may name an existing site or any row of
    the file, before or after it; empty means top level.
    """
    require_staff(actor)
    errors = _ImportErrors()
    parsed = _read_rows(_decode(data), errors)
    await lock_for_writers(session, TREE_LOCK)  # the directory read below stays true
    columns, rows = parsed.columns, parsed.rows

    # One query for the whole directory's codes and tree; no per-row queries.
    existing = {
        code: (site_id, parent_id, level, locality)
        for site_id, code, parent_id, level, locality in await session.execute(
            select(Site.id, Site.code, Site.parent_id, Site.level, Site.locality)
        )
    }
    code_by_id = {site_id: code for code, (site_id, *_) in existing.items()}

    unique_rows: list[tuple[int, SiteImportRow]] = []
    first_line: dict[str, int] = {}
    for line, row in rows:
        if row.code in first_line:
            errors.add(
                line, msg.LINE_DUPLICATE_CODE, code=row.code, first_line=first_line[row.code]
            )
            continue
        first_line[row.code] = line
        unique_rows.append((line, row))

    parent_of: dict[str, str | None] = {
        code: code_by_id.get(parent_id) if parent_id is not None else None
        for code, (_, parent_id, _, _) in existing.items()
    }
    for _, row in unique_rows:
        if "parent_code" in columns or row.code not in existing:
            parent_of[row.code] = row.parent_code
    known_codes = set(existing) | set(first_line) | parsed.invalid_codes
    _check_tree(unique_rows, parent_of, known_codes, errors)
    errors.raise_if_any()

    created, updated = await _apply_import(session, unique_rows, columns, existing)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise Conflict(msg.IMPORT_CHANGED) from None
    return SiteImportResult(created=created, updated=updated)


_OPTIONAL_FIELDS = (
    "locality",
    "coordinator_name",
    "coordinator_phone",
    "coordinator_email",
    "capacity",
)


async def _apply_import(
    session: AsyncSession,
    rows: list[tuple[int, SiteImportRow]],
    columns: set[str],
    existing: dict[str, tuple[int, int | None, SiteLevel, str | None]],
) -> tuple[int, int]:
    """Write validated rows: one bulk insert, then bulk updates (parents, existing sites)."""
    id_by_code = {code: site_id for code, (site_id, *_) in existing.items()}
    fields = [f for f in _OPTIONAL_FIELDS if f in columns]
    new_rows = [row for _, row in rows if row.code not in existing]
    old_rows = [row for _, row in rows if row.code in existing]

    def values(row: SiteImportRow) -> dict[str, Any]:
        out: dict[str, Any] = {f: getattr(row, f) for f in fields}
        out["name"] = row.name
        stored = existing.get(row.code)
        locality = row.locality if "locality" in columns or stored is None else stored[3]
        out.update(derived_columns(row.code, row.name, locality))
        return out

    if new_rows:
        # New sites first, under an existing parent when they have one; parents that are
        # new rows of the file get linked once every id is known (any order in the file).
        inserted = await session.execute(
            insert(Site).returning(Site.id, Site.code),
            [
                {
                    **values(row),
                    "code": row.code,
                    "level": row.level or SiteLevel.unit,
                    "parent_id": id_by_code.get(row.parent_code) if row.parent_code else None,
                }
                for row in new_rows
            ],
        )
        id_by_code.update({code: site_id for site_id, code in inserted})
        links = [
            {"id": id_by_code[row.code], "parent_id": id_by_code[row.parent_code]}
            for row in new_rows
            if row.parent_code and row.parent_code not in existing
        ]
        if links:
            await session.execute(update(Site), links)
    if old_rows:
        updates = []
        for row in old_rows:
            site_id, _, level, _ = existing[row.code]
            change = {**values(row), "id": site_id, "level": row.level or level}
            if "parent_code" in columns:
                change["parent_id"] = id_by_code[row.parent_code] if row.parent_code else None
            updates.append(change)
        await session.execute(update(Site), updates)
    return len(new_rows), len(old_rows)
