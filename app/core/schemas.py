"""Shared API shapes (pagination, the list envelope) and the limits every request obeys.

DESIGN.md "Limits", each in one place: text hygiene (``LINE``/``TEXT`` on every free-text
field), ids and integers within range (``RowId``, ``PathId``, ``MAX_INT64``), dates within
2000–2100 (``DatetimeInRange``) and unknown fields refused (``RequestModel``).
"""

import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, FastAPI, Path, Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter

from app.core.errors import Message, invalid

# Database ids are 32-bit on every backend we run on: a larger number is a client error
# (422), not an overflow deep in the driver (500).
MAX_ID = 2**31 - 1
# Any other integer (offsets, counts) stays within 64 bits, what every driver can bind.
MAX_INT64 = 2**63 - 1
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
QueryId = Annotated[int, Query(ge=1, le=MAX_ID)]

# Dates a seminar, a deadline or a report can have; outside, a typo or a broken clock
# (and years like 0001 or 9999 overflow when converted to UTC).
MIN_YEAR = 2000
MAX_YEAR = 2100

TEXT_CONTROL_CHARACTER = Message(
    "text.control_character",
    vi="có ký tự điều khiển không được phép (ký tự thứ {position}); "
    "hãy xóa ký tự đó, thường do sao chép từ tài liệu khác, rồi gửi lại",
    en="contains a control character that is not allowed (character {position}); "
    "remove it (it usually comes from copying from another document) and send again",
)
TEXT_ONE_LINE = Message(
    "text.one_line",
    vi="phải viết trên một dòng (không xuống dòng, không có ký tự tab)",
    en="must be on one line (no line breaks or tabs)",
)
DATE_OUT_OF_RANGE = Message(
    "date.out_of_range",
    vi="phải là ngày trong khoảng năm {min_year} đến {max_year}; hãy kiểm tra lại năm",
    en="must be a date between the years {min_year} and {max_year}; check the year",
)

# Control characters (C0 but tab and newline, DEL, C1), lone surrogates and the two
# non-characters XML refuses: none of them belongs in a name, a title or a note, and
# each breaks something downstream (NUL on PostgreSQL, XML in .xlsx and .docx exports).
_FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_FORBIDDEN_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _clean(value: str, forbidden: re.Pattern[str]) -> str:
    # Windows line ends become newlines; NFC so that "ệ" typed on any keyboard is one form.
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = value.strip()
    bad = forbidden.search(value)
    if bad is not None:
        if bad.group() in "\t\n":
            raise invalid(TEXT_ONE_LINE)
        raise invalid(TEXT_CONTROL_CHARACTER, position=bad.start() + 1)
    return value


def clean_line(value: str) -> str:
    """One line of text (a name, a title, a code): stripped, NFC, no control character."""
    return _clean(value, _FORBIDDEN_IN_LINE)


def clean_text(value: str) -> str:
    """Free text (a description, a note): as ``clean_line`` but tabs and newlines are kept."""
    return _clean(value, _FORBIDDEN_IN_TEXT)


# Put one of these last in the Annotated type of every free-text field of a request:
# ``Annotated[str, StringConstraints(max_length=300), LINE]``.
LINE = AfterValidator(clean_line)
TEXT = AfterValidator(clean_text)


_Day = TypeVar("_Day", date, datetime)


def _in_range(value: _Day) -> _Day:
    # Checked before any time zone conversion, which is where 9999-12-31 overflows.
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise invalid(DATE_OUT_OF_RANGE, min_year=MIN_YEAR, max_year=MAX_YEAR)
    return value


DATE_RANGE = AfterValidator(_in_range)
DatetimeInRange = Annotated[datetime, DATE_RANGE]
DateInRange = Annotated[date, DATE_RANGE]


class RequestModel(BaseModel):
    """Base of every request body: a field the API does not know is an error (422), not
    silently dropped (a client would believe it was stored)."""

    model_config = ConfigDict(extra="forbid")


class Page(BaseModel):
    """``?limit=&offset=`` of a list request."""

    limit: int = 50
    offset: int = 0


async def page_params(
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_INT64)] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


PageDep = Annotated[Page, Depends(page_params)]


T = TypeVar("T")


class ItemList(BaseModel, Generic[T]):
    """Every list answers ``{"items": [...], "total": n}``."""

    items: list[T]
    total: int


class ORMModel(BaseModel):
    """Response models read straight from ORM objects."""

    model_config = ConfigDict(from_attributes=True)


class ErrorBody(BaseModel):
    """Every error answer (``app.core.errors``); 422s list the bad fields in ``errors``."""

    detail: str = Field(description="In the request's language (Vietnamese by default)")
    code: str = Field(description="Stable, for programs: e.g. request.invalid")
    params: dict[str, Any] | None = None
    errors: list[dict[str, Any]] | None = Field(
        default=None, description='One entry per bad field ({"loc", "msg", "type"}) or line'
    )


def document_error_body(app: FastAPI) -> None:
    """Make the OpenAPI document describe 422 answers as they are sent (``ErrorBody``),
    not as FastAPI's default ``{"detail": [...]}``: clients and the fuzzer rely on it."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            schemas = schema.get("components", {}).get("schemas", {})
            if "HTTPValidationError" in schemas:
                body = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
                schemas["HTTPValidationError"] = {**body, "title": "HTTPValidationError"}
                schemas.pop("ValidationError", None)
        return app.openapi_schema or generate()

    app.openapi = openapi  # type: ignore[method-assign]


def document_socket_events(app: FastAPI, namespace: str, events: dict[str, Any]) -> None:
    """Put the socket messages of ``namespace`` in the OpenAPI document: their types
    become components (so the frontend's generated types cover them) and
    ``x-socket-events`` maps each event name to its schema. No route returns them."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            refs: dict[str, Any] = {}
            for event, shape in events.items():
                found = TypeAdapter(shape).json_schema(
                    ref_template="#/components/schemas/{model}", mode="serialization"
                )
                defs = found.pop("$defs", {})
                name = found.get("title", shape.__name__)
                for key, value in {**defs, name: found}.items():
                    if components.setdefault(key, value) != value:
                        raise RuntimeError(f"two OpenAPI schemas are named {key}")
                refs[event] = {"$ref": f"#/components/schemas/{name}"}
            schema["x-socket-events"] = {"namespace": namespace, "events": refs}
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
