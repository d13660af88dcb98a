"""The ``/live`` socket.io namespace: views of a seminar and the sites' presence."""

from typing import Any

import socketio

from app.attendance.service import site_for_token
from app.attendance.views import live_snapshot
from app.core.db import Database
from app.core.errors import NotFound
from app.realtime.hub import LiveHub
from app.realtime.publisher import NAMESPACE
from app.seminars.models import Seminar, SeminarStatus

# Views are public: only seminars the organizers have published can be watched.
_VIEWABLE = frozenset({SeminarStatus.published, SeminarStatus.live, SeminarStatus.ended})


def _int_or_none(value: Any, name: str) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ConnectionRefusedError(f"{name} must be an integer") from None


class LiveNamespace(socketio.AsyncNamespace):
    """Connect with ``{"seminar_id", "scope"}`` (a view) or ``{"site_token"}`` (a site).

    Both receive a ``snapshot`` at once and then the view's messages; a site's socket
    also marks the site present. ``resync`` asks for a new snapshot.
    """

    def __init__(self, hub: LiveHub, db: Database):
        super().__init__(NAMESPACE)
        self.hub = hub
        self.db = db

    async def on_connect(self, sid: str, _environ: dict[str, Any], auth: Any = None) -> None:
        auth = auth if isinstance(auth, dict) else {}
        row_id = None
        async with self.db.read_sessions() as session:
            if auth.get("site_token"):
                ctx = await site_for_token(session, str(auth["site_token"]))
                if ctx is None:
                    raise ConnectionRefusedError("Unknown or replaced site token")
                seminar, scope, row_id = ctx.seminar, None, ctx.participation.id
            else:
                seminar_id = _int_or_none(auth.get("seminar_id"), "seminar_id")
                scope = _int_or_none(auth.get("scope"), "scope")
                seminar = await session.get(Seminar, seminar_id) if seminar_id else None
            if seminar is None or seminar.status not in _VIEWABLE:
                raise ConnectionRefusedError("Unknown or unpublished seminar")
        await self.save_session(
            sid, {"seminar_id": seminar.id, "scope": scope, "seminar_site_id": row_id}
        )
        try:
            await self._send_snapshot(sid, seminar.id, scope)
        except NotFound as exc:
            raise ConnectionRefusedError(str(exc.detail)) from None
        if row_id is not None:
            await self.hub.presence.site_connected(row_id)
        self.hub.metrics.connection_opened("view" if row_id is None else "site")

    async def on_resync(self, sid: str, *_args: Any) -> None:
        view = await self.get_session(sid)
        await self._send_snapshot(sid, view["seminar_id"], view["scope"])

    async def on_disconnect(self, sid: str, *_args: Any) -> None:
        row_id = (await self.get_session(sid)).get("seminar_site_id")
        self.hub.metrics.connection_closed("view" if row_id is None else "site")
        if row_id is not None:
            self.hub.presence.site_disconnected(row_id)

    async def _send_snapshot(self, sid: str, seminar_id: int, scope: int | None) -> None:
        async def build() -> dict[str, Any]:
            async with self.db.read_sessions() as session:
                return await live_snapshot(session, seminar_id, scope)

        await self.hub.publisher.send_snapshot(sid, seminar_id, scope, build)
