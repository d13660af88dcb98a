"""Domain errors and their JSON rendering: ``{"detail", "code", "params"?, "errors"?}``.

Every refusal names a :class:`Message`: a stable ``code`` with a Vietnamese and an English
text. ``detail`` is rendered in the request's language (Vietnamese unless the client asks
for English with ``Accept-Language: en``), so no English sentence reaches a Vietnamese
screen and clients can still branch on ``code``.
"""

import logging
import math
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic_core import PydanticCustomError
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.i18n import Lang, label, language_of, validation_message

log = logging.getLogger(__name__)

# Seconds a client should wait before retrying a fault that passes (database busy or gone).
RETRY_AFTER_S = 5

_MESSAGES: dict[str, "Message"] = {}


@dataclass(frozen=True)
class Message:
    """A user-facing message: stable ``code`` plus its Vietnamese and English templates.

    Templates use ``str.format`` fields; enum values given as parameters are shown by their
    label in the reader's language (``draft`` → ``nháp``).
    """

    code: str
    vi: str
    en: str

    def __post_init__(self) -> None:
        known = _MESSAGES.get(self.code)
        if known is not None and known != self:
            raise ValueError(f"message code {self.code!r} is defined twice")
        _MESSAGES[self.code] = self

    def render(self, lang: Lang = "vi", params: dict[str, Any] | None = None) -> str:
        template = self.en if lang == "en" else self.vi
        if not params:
            return template
        shown = {k: _shown(v, lang) for k, v in params.items()}
        return template.format_map(shown)

    def fields(self, lang: Lang) -> set[str]:
        """The template's placeholders (the translation test compares vi and en)."""
        template = self.en if lang == "en" else self.vi
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _shown(value: Any, lang: Lang) -> Any:
    if isinstance(value, Problem):  # a refusal that sums up its problems names them
        return value.message.render(lang, value.params)
    if isinstance(value, Enum):
        return label(str(value.value), lang)
    if isinstance(value, list | tuple | set | frozenset):
        parts = [str(_shown(v, lang)) for v in value]
        return ("; " if any(isinstance(v, Problem) for v in value) else ", ").join(parts)
    return value


@dataclass(frozen=True)
class Problem:
    """One problem inside a refusal (a line of an imported file, a field), rendered in the
    refusal's language: ``{"line"|"loc", "code", "msg", "params"?}``."""

    message: Message
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None
    loc: tuple[str | int, ...] | None = None

    def entry(self, lang: Lang) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.line is not None:
            out["line"] = self.line
        if self.loc is not None:
            out["loc"] = list(self.loc)
        out["code"] = self.message.code
        out["msg"] = self.message.render(lang, self.params)
        if self.params:
            out["params"] = {k: _json_param(v) for k, v in self.params.items()}
        return out


def invalid(message: Message, **params: Any) -> PydanticCustomError:
    """Raise this from a pydantic validator: the 422 shows ``message`` in the reader's language."""
    return PydanticCustomError(message.code, message.en, params or None)


def all_messages() -> dict[str, Message]:
    """Every message defined so far (import the modules that define them first)."""
    return dict(_MESSAGES)


class DomainError(Exception):
    """A refusal the client can act on; ``status_code`` says which kind.

    ``errors`` lists field or line problems where useful: :class:`Problem` entries are
    rendered in the reader's language (plain dicts pass as they are).
    """

    status_code = 400

    def __init__(
        self,
        message: Message,
        /,
        *,
        headers: dict[str, str] | None = None,
        errors: "list[Problem | dict[str, Any]] | None" = None,
        **params: Any,
    ) -> None:
        super().__init__(message.render("en", params))
        self.message = message
        self.params = params
        self.headers = headers
        self.errors = errors

    @property
    def code(self) -> str:
        return self.message.code

    @property
    def detail(self) -> str:
        """The Vietnamese text (what a Vietnamese screen shows)."""
        return self.message.render("vi", self.params)

    def body(self, lang: Lang = "vi") -> dict[str, Any]:
        """The JSON answer in ``lang``."""
        body: dict[str, Any] = {"detail": self.message.render(lang, self.params), "code": self.code}
        if self.params:
            body["params"] = {k: _json_param(v) for k, v in self.params.items()}
        if self.errors:
            body["errors"] = [e.entry(lang) if isinstance(e, Problem) else e for e in self.errors]
        return body


def _json_param(value: Any) -> Any:
    if isinstance(value, Problem):
        return value.message.code
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_param(v) for v in value]
    return str(value)


class BadRequest(DomainError):
    status_code = 400


UNAUTHENTICATED = Message(
    "auth.required",
    vi="Cần đăng nhập để làm việc này",
    en="Authentication required",
)


class Unauthorized(DomainError):
    status_code = 401

    def __init__(self, message: Message = UNAUTHENTICATED, /, **kwargs: Any) -> None:
        kwargs.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(message, **kwargs)


class Forbidden(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class PayloadTooLarge(DomainError):
    status_code = 413


class UnsupportedMediaType(DomainError):
    status_code = 415


class Unprocessable(DomainError):
    status_code = 422


class TooManyRequests(DomainError):
    """429; ``retry_after`` (seconds) becomes the ``Retry-After`` header."""

    status_code = 429

    def __init__(self, message: Message, /, *, retry_after: float, **params: Any) -> None:
        seconds = max(1, math.ceil(retry_after))
        super().__init__(message, headers={"Retry-After": str(seconds)}, seconds=seconds, **params)


class ServiceUnavailable(DomainError):
    """503 with ``Retry-After``: a fault that passes; nothing was acknowledged."""

    status_code = 503

    def __init__(self, message: Message, /, *, retry_after: int = RETRY_AFTER_S, **params: Any):
        super().__init__(message, headers={"Retry-After": str(retry_after)}, **params)


INVALID_INPUT = Message(
    "request.invalid",
    vi="Dữ liệu gửi lên chưa hợp lệ: {fields}",
    en="The request is not valid: {fields}",
)
NOT_NULL = Message(
    "request.not_null",
    vi="Không được để trống: {fields}; muốn giữ nguyên thì đừng gửi các trường này",
    en="{fields} cannot be null; leave them out to keep them unchanged",
)
FIELD_NOT_NULL = Message(
    "request.field_not_null",
    vi="Không được để trống; muốn giữ nguyên thì đừng gửi trường này",
    en="cannot be null; leave it out to keep it unchanged",
)
ROUTE_NOT_FOUND = Message("request.not_found", vi="Không có địa chỉ này", en="No such address")
METHOD_NOT_ALLOWED = Message(
    "request.method_not_allowed",
    vi="Địa chỉ này không nhận phương thức {method}",
    en="This address does not accept {method}",
)
HTTP_ERROR = Message(
    "request.http_error", vi="Yêu cầu bị từ chối ({status})", en="Refused ({status})"
)
DATABASE_UNAVAILABLE = Message(
    "service.unavailable",
    vi="Máy chủ đang bận hoặc tạm thời không ghi được dữ liệu; chưa có gì được ghi nhận, "
    "vui lòng gửi lại sau {seconds} giây",
    en="The server is busy or cannot store data right now; nothing was recorded, "
    "send it again in {seconds} seconds",
)
INTERNAL_ERROR = Message(
    "internal",
    vi="Máy chủ gặp lỗi ngoài dự kiến; vui lòng thử lại hoặc báo cho ban tổ chức",
    en="Unexpected server error; try again or tell the organizers",
)

# Faults of the database that pass: busy, locked, full, unreachable. Never the client's.
RETRYABLE_DB_ERRORS = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)


def unavailable() -> ServiceUnavailable:
    """The 503 for a database fault that may pass (nothing was acknowledged)."""
    return ServiceUnavailable(DATABASE_UNAVAILABLE, seconds=RETRY_AFTER_S)


def as_domain_error(exc: BaseException) -> DomainError | None:
    """The refusal an unexpected exception stands for, if it is a passing fault."""
    if isinstance(exc, DomainError):
        return exc
    if isinstance(exc, (*RETRYABLE_DB_ERRORS, ConnectionError, TimeoutError)):
        return unavailable()
    if isinstance(exc, OSError) and exc.errno is not None:  # disk full, I/O error
        return unavailable()
    return None


def refuse_nulls(changes: dict[str, Any], required: Iterable[str]) -> None:
    """422 naming every required field a PATCH tries to set to null (none written)."""
    nulls = sorted(f for f in required if f in changes and changes[f] is None)
    if nulls:
        raise Unprocessable(
            NOT_NULL,
            fields=nulls,
            errors=[Problem(FIELD_NOT_NULL, loc=("body", f)) for f in nulls],
        )


def validation_error(errors: list[dict[str, Any]], lang: Lang, *, prefix: str = "") -> dict:
    """The 422 body for pydantic errors: one entry per bad field, translated."""
    entries = []
    for error in errors:
        loc = [prefix, *error["loc"]] if prefix else list(error["loc"])
        entries.append(
            {"loc": loc, "msg": validation_message(error, lang), "type": error.get("type")}
        )
    fields = "; ".join(
        f"{'.'.join(str(p) for p in e['loc'] if p not in ('body', 'query', 'path'))}: {e['msg']}"
        for e in entries[:5]
    )
    return {**DomainError(INVALID_INPUT, fields=fields).body(lang), "errors": entries}


def error_response(exc: DomainError, lang: Lang) -> JSONResponse:
    return JSONResponse(exc.body(lang), status_code=exc.status_code, headers=exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    """Render every error as JSON with a ``code``, in the request's language."""

    @app.exception_handler(DomainError)
    async def _domain_error(request: Request, exc: DomainError) -> JSONResponse:
        return error_response(exc, language_of(request.headers))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        lang = language_of(request.headers)
        return JSONResponse(validation_error(list(exc.errors()), lang), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        lang = language_of(request.headers)
        if exc.status_code == 404:
            error = DomainError(ROUTE_NOT_FOUND)
        elif exc.status_code == 405:
            error = DomainError(METHOD_NOT_ALLOWED, method=request.method)
        else:
            error = DomainError(HTTP_ERROR, status=exc.status_code)
        error.status_code = exc.status_code
        return JSONResponse(error.body(lang), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        lang = language_of(request.headers)
        refusal = as_domain_error(exc)
        if refusal is not None:
            log.warning("%s %s: passing fault: %r", request.method, request.url.path, exc)
            return error_response(refusal, lang)
        log.exception("%s %s failed", request.method, request.url.path)
        return JSONResponse(DomainError(INTERNAL_ERROR).body(lang), status_code=500)
