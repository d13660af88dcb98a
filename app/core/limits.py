"""Limits of DESIGN.md enforced ahead of routing: the request body cap and the rate
limits of the public endpoints.

``BodyLimit``: 1 MiB, uploads and imports excepted. A declared ``Content-Length`` over
the cap is refused before a byte of the body is read, and a body that streams in without
one (or lies about it) is counted as it arrives and refused the moment it crosses the
cap. Either way the answer is a 413 with a code, and nothing was parsed or stored.

``PublicRateLimit``: the endpoints anyone can call without an account are rate-limited
before any database work, 429 with ``Retry-After``: the public pages and calendars per
client address, the site pages per site token (many sites of a provincial network may
reach us from one address, so the site pages are never limited per address; an unknown
token costs one indexed lookup). Logins, sign-ups and headcount reports have their own
limits where they are served.
"""

import hashlib
import re
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.config import API_PREFIX, Settings
from app.core.errors import DomainError, PayloadTooLarge, TooManyRequests, error_response
from app.core.errors import Message as ErrorMessage
from app.core.i18n import language_of
from app.core.ratelimit import Limiter
from app.core.shared_limits import SharedLimits
from app.core.uploads import FORM_OVERHEAD_BYTES, too_large

API = re.escape(API_PREFIX)

MAX_BODY_BYTES = 1024 * 1024
# The routes that take a file (multipart); their cap is DIEMCAU_MAX_UPLOAD_MB plus the
# form overhead DESIGN.md allows. ``app.core.uploads`` counts the file itself again.
UPLOAD_ROUTES = (
    ("POST", re.compile(rf"^{API}/submissions/[^/]+/files/?$")),
    ("POST", re.compile(rf"^{API}/sites/import/?$")),
)

BODY_TOO_LARGE = ErrorMessage(
    "request.body_too_large",
    vi="Dữ liệu gửi lên quá lớn (tối đa {limit_kib} KiB); hãy rút gọn nội dung rồi gửi lại",
    en="The request body is too large (at most {limit_kib} KiB); shorten it and send again",
)


class _Refused(Exception):
    """Raised from ``receive`` once the body crosses the cap."""


class BodyLimit:
    """Refuse (413) request bodies over their cap, before and while they stream in."""

    def __init__(self, app: ASGIApp, *, max_upload_bytes: int) -> None:
        self.app = app
        self.max_upload_bytes = max_upload_bytes

    def _refusal(self, scope: Scope) -> tuple[int, PayloadTooLarge]:
        method, path = scope["method"], scope["path"]
        if any(method == m and pattern.match(path) for m, pattern in UPLOAD_ROUTES):
            return self.max_upload_bytes + FORM_OVERHEAD_BYTES, too_large(self.max_upload_bytes)
        return MAX_BODY_BYTES, PayloadTooLarge(BODY_TOO_LARGE, limit_kib=MAX_BODY_BYTES // 1024)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, refusal = self._refusal(scope)
        headers = Headers(scope=scope)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await send_refusal(send, refusal, headers)
            return

        received = 0
        exceeded = False
        started = False

        async def counted_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _Refused
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return  # whatever the app made of the cut body, the answer is our 413
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except _Refused:
            pass
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await send_refusal(send, refusal, headers)


async def send_refusal(send: Send, refusal: DomainError, headers: Headers) -> None:
    """Answer ``refusal`` in the request's language without reading the body."""
    response = error_response(refusal, language_of(headers))
    # The body (if any) is not read: the client must not reuse the connection.
    response.headers["Connection"] = "close"
    await send(
        {
            "type": "http.response.start",
            "status": response.status_code,
            "headers": response.raw_headers,
        }
    )
    await send({"type": "http.response.body", "body": response.body})


RATE_LIMITED = ErrorMessage(
    "request.rate_limited",
    vi="Có quá nhiều yêu cầu trong thời gian ngắn; vui lòng đợi {seconds} giây rồi thử lại",
    en="Too many requests in a short time; wait {seconds} seconds and try again",
)


@dataclass(frozen=True)
class _Limited:
    method: str
    path: re.Pattern[str]
    per_site_token: bool = False  # else per client address
    # The bucket of a per-address rule: "polls" for a poll's public link (generous).
    bucket: str = "public"


# The public endpoints (no account) and how each is keyed.
PUBLIC_ENDPOINTS = (
    # Polls (app/polls): a hall of phones behind one address; the first rule that matches
    # applies, so these come before the other public pages.
    _Limited("GET", re.compile(rf"^{API}/public/polls/[^/]+/?$"), bucket="polls"),
    _Limited("POST", re.compile(rf"^{API}/public/polls/[^/]+/answers/?$"), bucket="polls"),
    _Limited("GET", re.compile(rf"^{API}/public/")),
    _Limited("GET", re.compile(rf"^{API}/seminars/[^/]+/calendar\.ics$")),
    _Limited("GET", re.compile(rf"^{API}/site/?$"), per_site_token=True),
    _Limited("POST", re.compile(rf"^{API}/site/(register|decline|checkin)/?$"), True),
    _Limited("POST", re.compile(rf"^{API}/site/techcheck/?$"), True),
    # Speaking requests (app/speaking)
    _Limited("GET", re.compile(rf"^{API}/site/speaking/?$"), True),
    _Limited("POST", re.compile(rf"^{API}/site/speaking(/[^/]+/withdraw)?/?$"), True),
    # Incidents (app/incidents): one tap, retried by the page's queue.
    _Limited("GET", re.compile(rf"^{API}/site/incidents/?$"), True),
    _Limited("POST", re.compile(rf"^{API}/site/incidents/?$"), True),
    # Follow-up tasks (app/followup): the site's tasks and its progress reports.
    _Limited("GET", re.compile(rf"^{API}/site/tasks/?$"), True),
    _Limited("POST", re.compile(rf"^{API}/site/tasks/[^/]+/progress/?$"), True),
    # Polls (app/polls): the open polls and a room's counts.
    _Limited("GET", re.compile(rf"^{API}/site/polls/?$"), True),
    _Limited("POST", re.compile(rf"^{API}/site/polls/[^/]+/tally/?$"), True),
)


class PublicRateLimit:
    """429 with ``Retry-After`` past the public endpoints' rates (settings ``public_*``,
    ``site_*``), before routing and any database work."""

    def __init__(
        self, app: ASGIApp, *, settings: Settings, shared: SharedLimits | None = None
    ) -> None:
        self.app = app
        self.per_address = Limiter(
            "public", settings.public_rate_per_s, settings.public_burst, shared
        )
        self.per_site_token = Limiter("site", settings.site_rate_per_s, settings.site_burst, shared)
        self.buckets = {
            "public": self.per_address,
            "polls": Limiter(
                "public_polls", settings.poll_public_rate_per_s, settings.poll_public_burst, shared
            ),
        }

    async def _wait(self, scope: Scope) -> float:
        method, path = scope["method"], scope["path"]
        rule = next(
            (r for r in PUBLIC_ENDPOINTS if r.method == method and r.path.match(path)), None
        )
        if rule is None:
            return 0.0
        if not rule.per_site_token:
            client = scope.get("client")
            return await self.buckets[rule.bucket].take(client[0] if client else "-")
        token = Headers(scope=scope).get("x-site-token")
        if not token:
            return 0.0  # refused for the missing token right after
        # Keyed by a digest: raw tokens are not kept in memory longer than a request.
        return await self.per_site_token.take(hashlib.sha256(token.encode()).hexdigest()[:32])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            wait = await self._wait(scope)
            if wait:
                refusal = TooManyRequests(RATE_LIMITED, retry_after=wait)
                await send_refusal(send, refusal, Headers(scope=scope))
                return
        await self.app(scope, receive, send)
