"""The site API's hot paths, answered before FastAPI's routing.

``POST /api/v1/site/headcount`` and ``POST /api/v1/site/checkin`` are the requests whose
rate grows with the size of the event (a national check-in storm: every site within
minutes). Profiles showed FastAPI's per-request routing and dependency solving costing
more than recording a report itself, so this ASGI middleware answers those two paths
directly: the same checks in the same order (token, then body), the same model
(``HeadcountIn``), the same recorder (``checkin.check_in_site`` for a check-in). It
shares the app's HTTP edge: the paths are the routes' (``API_PREFIX`` and
``site_router``), refusals are rendered by the app's own ``error_response`` and
``validation_error`` (code, detail in the reader's language, ``Retry-After``), and the
security headers and body limit wrap it like every route. The FastAPI routes keep
documenting them in the OpenAPI schema and are not reached.
"""

import logging
from typing import Any

import orjson
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.attendance import live_messages as msg
from app.attendance.checkin import check_in_site
from app.attendance.dependencies import required_site_token, site_token
from app.attendance.headcount import record_site_report
from app.attendance.router import site_router
from app.attendance.schemas import HeadcountAck, HeadcountIn, SiteView
from app.core.config import API_PREFIX
from app.core.errors import (
    PayloadTooLarge,
    as_domain_error,
    error_response,
    unavailable,
    validation_error,
)
from app.core.i18n import language_of

log = logging.getLogger(__name__)

# The documented route's own path: renaming the route moves the fast path with it.
HEADCOUNT_PATH = API_PREFIX + site_router.url_path_for("report_headcount")
CHECKIN_PATH = API_PREFIX + site_router.url_path_for("check_in")
# A report is a few dozen bytes; anything much larger is not one.
MAX_BODY_BYTES = 4096


def _token_header(scope: Scope) -> str | None:
    header = next((v for k, v in scope["headers"] if k == b"x-site-token"), b"")
    return header.decode("latin-1") or None


class _ClientGone(Exception):
    """The client disconnected before sending its whole body."""


class _Invalid(Exception):
    """The body is not a report (rendered as the app renders any 422)."""

    def __init__(self, errors: list[Any]):
        self.errors = errors


def _json_invalid(exc: orjson.JSONDecodeError) -> dict[str, Any]:
    """The error FastAPI reports for a body that is not JSON (invalid UTF-8 included)."""
    return {"type": "json_invalid", "loc": (exc.pos,), "msg": "JSON decode error"}


class HeadcountFastPath:
    """Pure ASGI middleware: serves ``POST {API_PREFIX}/site/headcount`` and ``/site/checkin``,
    passes the rest on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"] if scope["type"] == "http" else None
        if path not in (HEADCOUNT_PATH, CHECKIN_PATH) or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        try:
            if path == CHECKIN_PATH:
                ack: HeadcountAck | SiteView = await self._check_in(scope)
            else:
                ack = await self._answer(scope, receive)
        except _ClientGone:
            return
        except _Invalid as exc:
            lang = language_of(Headers(scope=scope))
            body = validation_error(exc.errors, lang, prefix="body")
            await JSONResponse(body, status_code=422)(scope, receive, send)
            return
        except Exception as exc:  # never a 500 on the hot path: nothing was acknowledged
            refusal = as_domain_error(exc)
            if refusal is None:
                log.exception("%s failed", path)
                refusal = unavailable()
            lang = language_of(Headers(scope=scope))
            await error_response(refusal, lang)(scope, receive, send)
            return
        # The one answer sent by hand: JSONResponse costs more than the report itself.
        body = orjson.dumps(ack.model_dump(mode="json"))
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _check_in(self, scope: Scope) -> SiteView:
        # The route takes no body: as FastAPI there, whatever was sent is not read.
        token = await site_token(_token_header(scope))
        return await check_in_site(scope["app"].state.live.recorder, token)

    async def _answer(self, scope: Scope, receive: Receive) -> HeadcountAck:
        token = await required_site_token(_token_header(scope))
        body = b""
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _ClientGone
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_BODY_BYTES:
                raise PayloadTooLarge(msg.REPORT_TOO_LARGE, limit=MAX_BODY_BYTES)
        # As FastAPI reads a body: JSON first, then the model (python mode, as its route).
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise _Invalid([_json_invalid(exc)]) from None
        try:
            data = HeadcountIn.model_validate(payload, from_attributes=True)
        except ValidationError as exc:
            # Not ``exc.json()``: the input need not be serialisable.
            raise _Invalid(list(exc.errors(include_url=False, include_input=False))) from None
        recorder = scope["app"].state.live.recorder
        outcome = await record_site_report(
            recorder, token, data.headcount, data.request_id, data.reported_at
        )
        return HeadcountAck.model_validate(outcome, from_attributes=True)
