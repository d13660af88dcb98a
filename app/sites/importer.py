"""CSV import of the site directory: every line checked, all or nothing."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.permissions import require_staff
from app.core.db import lock_for_writers
from app.core.errors import Conflict, Message, Problem, Unprocessable
from app.sites import messages as msg
from app.sites.models import Site, SiteLevel
from app.sites.schemas import (
    SiteImportResult,
    SiteImportRow,
)
from app.sites.service import (
    TREE_LOCK,
    copy_sort_keys,
    derived_columns,
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
        await copy_sort_keys(session)  # renamed sites keep their seminars' name order
    return len(new_rows), len(old_rows)
