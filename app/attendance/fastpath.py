"""The headcount hot path, answered before FastAPI's routing.

``POST /api/v1/site/headcount`` is the one request whose rate grows with the size of
the event. Profiles showed FastAPI's per-request routing and dependency solving costing
more than recording the report itself, so this ASGI middleware answers that one path
directly: the same checks in the same order (token, then body), the same model
(``HeadcountIn``), the same recorder, the same answers and error bodies (code, detail in
the reader's language, ``Retry-After``). The FastAPI route keeps documenting it in the
OpenAPI schema and is not reached.
"""

import logging
from typing import Any

import orjson
from pydantic import ValidationError
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.attendance import live_messages as msg
from app.attendance.headcount import record_site_report
from app.attendance.schemas import HeadcountAck, HeadcountIn
from app.core.errors import (
    DomainError,
    PayloadTooLarge,
    Unauthorized,
    as_domain_error,
    unavailable,
    validation_error,
)
from app.core.i18n import language_of

log = logging.getLogger(__name__)

HEADCOUNT_PATH = "/api/v1/site/headcount"
# A report is a few dozen bytes; anything much larger is not one.
MAX_BODY_BYTES = 4096

Answer = tuple[int, Any, dict[str, str] | None]


class _ClientGone(Exception):
    """The client disconnected before sending its whole body."""


class HeadcountFastPath:
    """Pure ASGI middleware: serves ``POST /api/v1/site/headcount``, passes the rest on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != HEADCOUNT_PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        try:
            status, payload, extra = await self._answer(scope, receive)
        except _ClientGone:
            return
        except DomainError as refusal:
            lang = language_of(Headers(scope=scope))
            status, payload, extra = refusal.status_code, refusal.body(lang), refusal.headers
        except Exception as exc:  # never a 500 on the hot path: nothing was acknowledged
            refusal = as_domain_error(exc)
            if refusal is None:
                log.exception("headcount report failed")
                refusal = unavailable()
            lang = language_of(Headers(scope=scope))
            status, payload, extra = refusal.status_code, refusal.body(lang), refusal.headers
        body = orjson.dumps(payload)
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        for name, value in (extra or {}).items():
            headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _answer(self, scope: Scope, receive: Receive) -> Answer:
        token = next((v for k, v in scope["headers"] if k == b"x-site-token"), b"").decode(
            "latin-1"
        )
        if not token:
            raise Unauthorized(msg.SITE_TOKEN_MISSING, headers=None)
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
        try:
            data = HeadcountIn.model_validate_json(body)
        except ValidationError as exc:
            # Not ``exc.json()``: the input (invalid UTF-8, say) need not be serialisable.
            errors = exc.errors(include_url=False, include_input=False)
            lang = language_of(Headers(scope=scope))
            return 422, validation_error(list(errors), lang, prefix="body"), None
        recorder = scope["app"].state.live.recorder
        outcome = await record_site_report(
            recorder, token, data.headcount, data.request_id, data.reported_at
        )
        ack = HeadcountAck.model_validate(outcome, from_attributes=True)
        return 200, ack.model_dump(mode="json"), None
