"""The built single-page app, served for a phone on a weak line.

- Files precompressed at build time (``x.js.br``, ``x.js.gz`` next to ``x.js``) are sent instead
  of the file when the request accepts that encoding (brotli first), with ``Content-Encoding``;
  every answer says ``Vary: Accept-Encoding`` so caches keep the variants apart. Nothing is
  compressed per request.
- Hashed files under ``/assets/`` never change: cached for a year, ``immutable``. Everything else
  (index.html, the service worker, the manifest) is ``no-cache``: revalidated each time, so a new
  build reaches phones at their next visit.
- Unknown paths fall back to index.html (the app's own routes), except under ``/assets/`` and the
  backend's prefixes (a missing chunk must be a 404, not a page of HTML). The phone pages among
  them, ``/site`` and a poll's ``/p/<poll_token>`` (opened from a QR code), boot their own small
  chunk (frontend/src/main.tsx); the poll token sits in the path, which the no-referrer policy
  (app/core/headers.py) keeps from other sites.
"""

import mimetypes
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse
from starlette.exceptions import HTTPException

from app.core.errors import NotFound
from app.core.messages import FRONTEND_NOT_BUILT

IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
# Preferred first.
ENCODINGS: tuple[tuple[str, str], ...] = (("br", ".br"), ("gzip", ".gz"))
ASSETS = "assets/"

mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("text/javascript", ".js")


def accepted_encodings(header: str | None) -> set[str]:
    """Codings the client accepts (``q=0`` excluded; ``*`` accepts any)."""
    out: set[str] = set()
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            out.add(name)
    if "*" in out:
        out.update(name for name, _ in ENCODINGS)
    return out


def cache_control(relative: str) -> str:
    return IMMUTABLE if relative.startswith(ASSETS) else NO_CACHE


def static_response(file: Path, relative: str, accept_encoding: str | None) -> FileResponse:
    """``file`` (or its precompressed twin, when accepted), cached as ``relative`` says."""
    headers = {"Cache-Control": cache_control(relative), "Vary": "Accept-Encoding"}
    media_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    accepted = accepted_encodings(accept_encoding)
    for coding, suffix in ENCODINGS:
        twin = file.with_name(file.name + suffix)
        if coding in accepted and twin.is_file():
            return FileResponse(
                twin, media_type=media_type, headers={**headers, "Content-Encoding": coding}
            )
    return FileResponse(file, media_type=media_type, headers=headers)


def mount_frontend(app: FastAPI, dist: Path, backend_prefixes: tuple[str, ...]) -> None:
    """Serve ``dist`` at the root, falling back to index.html for the app's own routes."""
    root = dist.resolve()
    index = root / "index.html"

    @app.api_route("/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def spa(path: str, request: Request) -> object:  # sync: it touches the file system
        if path.startswith(backend_prefixes):
            raise HTTPException(404)  # rendered like any unknown route (code, language)
        accept = request.headers.get("accept-encoding")
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            return static_response(candidate, path, accept)
        if path.startswith(ASSETS):
            raise HTTPException(404)
        if index.is_file():
            return static_response(index, "index.html", accept)
        raise NotFound(FRONTEND_NOT_BUILT)
