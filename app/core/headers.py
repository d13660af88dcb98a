"""Security headers on every answer: a strict Content-Security-Policy, nosniff, no referrer,
no framing, and HSTS when the request came over https.

The single-page app has no inline script or style (Vite emits files; React sets styles
through the DOM, which CSP does not restrict), so its policy allows only this origin, plus
the printable report's one ``<style>`` block by hash (the app opens that page as a
``blob:`` document, which inherits the app's policy). A page that needs more sets its own
``Content-Security-Policy`` and the middleware keeps it: the API documentation loads
Swagger UI from its CDN and starts it with one inline script, allowed by hash.
"""

import base64
import hashlib
import re

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STRICT_DIRECTIVES: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: blob:",
    "font-src": "'self'",
    # Socket.io's websocket (older Safari does not count ws: as 'self').
    "connect-src": "'self' ws: wss:",
    # The site page's service worker (/sw.js) and web manifest: this origin only.
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# One year; not includeSubDomains: this app does not speak for other hosts of the domain.
HSTS = "max-age=31536000"
# Swagger UI's files (FastAPI's defaults) and its favicon.
DOCS_CDN = "https://cdn.jsdelivr.net"
DOCS_FAVICON_HOST = "https://fastapi.tiangolo.com"

_INLINE = {
    "script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.I),
    "style": re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.I),
}


def content_security_policy(**overrides: str) -> str:
    """The strict policy with some directives replaced (``style_src=...`` → ``style-src``)."""
    directives = {**STRICT_DIRECTIVES}
    directives.update({name.replace("_", "-"): value for name, value in overrides.items()})
    return "; ".join(f"{name} {value}" for name, value in directives.items())


STRICT_CSP = content_security_policy()


def inline_hashes(html: str, tag: str = "script") -> str:
    """CSP sources allowing the inline ``<script>``/``<style>`` blocks of ``html`` by hash."""
    return " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
        for body in _INLINE[tag].findall(html)
    )


class SecurityHeaders:
    """Pure ASGI middleware adding the headers to every HTTP answer that lacks them."""

    def __init__(self, app: ASGIApp, policy: str = STRICT_CSP) -> None:
        self.app = app
        self._always = [
            (b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
        ]
        self._https = [*self._always, (b"strict-transport-security", HSTS.encode())]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Behind a TLS-terminating proxy uvicorn's --proxy-headers sets the scheme from
        # X-Forwarded-Proto; HSTS over plain http would be ignored (or pin a test host).
        extra = self._https if scope.get("scheme") == "https" else self._always

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in extra if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_security_headers(app: FastAPI, policy: str = STRICT_CSP) -> None:
    """Wrap the whole app, Starlette's error middleware included, so 500s carry them too."""
    build = app.build_middleware_stack

    def build_with_headers() -> ASGIApp:
        return SecurityHeaders(build(), policy)

    app.build_middleware_stack = build_with_headers  # type: ignore[method-assign]


def install_api_docs(app: FastAPI, path: str = "/docs") -> None:
    """Swagger UI at ``path`` with its own policy: its CDN, its one inline script by hash.

    Self-hosting Swagger UI would add a JavaScript bundle to the repository for a page
    only developers open; the relaxed policy applies to this page alone.
    """

    @app.get(path, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        openapi_url = request.scope.get("root_path", "") + (app.openapi_url or "")
        html = bytes(
            get_swagger_ui_html(openapi_url=openapi_url, title=f"{app.title} - Swagger UI").body
        ).decode()
        policy = content_security_policy(
            script_src=f"'self' {DOCS_CDN} {inline_hashes(html)}",
            # Swagger UI styles some elements inline.
            style_src=f"'self' {DOCS_CDN} 'unsafe-inline'",
            img_src=f"'self' data: {DOCS_FAVICON_HOST}",
            connect_src="'self'",
        )
        return HTMLResponse(html, headers={"Content-Security-Policy": policy})
