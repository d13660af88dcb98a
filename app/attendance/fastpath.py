"""The headcount hot path, answered before FastAPI's routing.

``POST /api/v1/site/headcount`` is the one request whose rate grows with the size of
the event. Profiles showed FastAPI's per-request routing and dependency solving costing
more than recording the report itself, so this ASGI middleware answers that one path
directly: the same checks in the same order (token, then body), the same model
(``HeadcountIn``), the same recorder, the same answers. The FastAPI route keeps
documenting it in the OpenAPI schema and is not reached.
"""

from typing import Any

import orjson
from pydantic import ValidationError
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.attendance.live import record_site_report
from app.attendance.schemas import HeadcountAck, HeadcountIn
from app.core.errors import DomainError, validation_error
from app.core.i18n import language_of

HEADCOUNT_PATH = "/api/v1/site/headcount"
# A report is a few dozen bytes; anything much larger is not one.
MAX_BODY_BYTES = 4096


class HeadcountFastPath:
    """Pure ASGI middleware: serves ``POST /api/v1/site/headcount``, passes the rest on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != HEADCOUNT_PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        status, payload = await self._answer(scope, receive)
        body = orjson.dumps(payload)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def _answer(self, scope: Scope, receive: Receive) -> tuple[int, Any]:
        token = next((v for k, v in scope["headers"] if k == b"x-site-token"), b"").decode(
            "latin-1"
        )
        if not token:
            return 401, {"detail": "The X-Site-Token header is required"}
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_BODY_BYTES:
                return 413, {"detail": f"A headcount report is at most {MAX_BODY_BYTES} bytes"}
        try:
            data = HeadcountIn.model_validate_json(body)
        except ValidationError as exc:
            # Not ``exc.json()``: the input (invalid UTF-8, say) need not be serialisable.
            errors = exc.errors(include_url=False, include_input=False)
            lang = language_of(Headers(scope=scope))
            return 422, validation_error(list(errors), lang, prefix="body")
        recorder = scope["app"].state.live.recorder
        try:
            outcome = await record_site_report(
                recorder, token, data.headcount, data.request_id, data.reported_at
            )
        except DomainError as refusal:
            return refusal.status_code, refusal.body()
        return 200, HeadcountAck.model_validate(outcome, from_attributes=True).model_dump(
            mode="json"
        )
