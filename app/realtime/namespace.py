"""The ``/live`` socket.io namespace: views of a seminar and the sites' presence.

Clients may send exactly one event, ``resync``. python-socketio dispatches any event
name to ``on_<name>``, ``connect`` and ``disconnect`` included, so ``trigger_event``
lets through only the server's own lifecycle calls (recognised by the connection's
state in the manager) and ``resync``; anything else a client sends is a no-op.
"""

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import socketio
from redis import RedisError
from socketio.exceptions import ConnectionRefusedError as Refused

from app.attendance.service import site_for_token
from app.attendance.views import live_snapshot
from app.auth.permissions import require_staff
from app.auth.service import user_for_token
from app.core.db import Database
from app.core.errors import BadRequest, DomainError, NotFound, Unauthorized, as_domain_error
from app.core.i18n import Lang, language_of
from app.core.ratelimit import RateLimit
from app.core.schemas import MAX_ID
from app.core.security import hash_token
from app.realtime.hub import LiveHub
from app.realtime.messages import (
    BAD_ACCESS_TOKEN,
    BAD_ID,
    BAD_TOKEN,
    UNKNOWN_ACCESS_TOKEN,
    UNKNOWN_SEMINAR,
    UNKNOWN_TOKEN,
)
from app.realtime.publisher import NAMESPACE, site_room
from app.realtime.rooms import staff_room
from app.seminars.access import require_member
from app.seminars.models import Seminar, SeminarStatus

log = logging.getLogger(__name__)

# Views are public: only seminars the organizers have published can be watched.
_VIEWABLE = frozenset({SeminarStatus.published, SeminarStatus.live, SeminarStatus.ended})
MAX_TOKEN_CHARS = 256
# A display asks ``resync`` when it sees a version gap: a few at once, then one per
# two seconds; the excess is answered by one snapshot when the budget allows.
RESYNC_BURST = 3
RESYNC_PER_S = 0.5
RESYNC_RETRY_S = 1.0


def _id(value: Any, name: str) -> int | None:
    """A positive row id (PostgreSQL INTEGER) from an int or a string of digits; or None."""
    if value is None:
        return None
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        number = int(value)
    if number is None or not 1 <= number <= MAX_ID:
        raise BadRequest(BAD_ID, name=name)
    return number


def _is_token(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TOKEN_CHARS


def _token(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not _is_token(value):
        raise BadRequest(BAD_TOKEN)
    return value


def _access_token(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not _is_token(value):
        raise BadRequest(BAD_ACCESS_TOKEN)
    return value


@dataclass(frozen=True)
class Admission:
    """What an accepted connection is: a view (and its scope), a site's page, or a staff view."""

    seminar_id: int
    scope: int | None = None
    seminar_site_id: int | None = None  # a site's page: the participation it marks present
    staff_room: str | None = None  # an organizers' view: its room of staff-only messages
    token_hash: str | None = None  # an organizers' view: the token it was admitted with


class LiveNamespace(socketio.AsyncNamespace):
    """Connect with ``{"seminar_id", "scope"}`` (a view), ``{"site_token"}`` (a site) or
    ``{"access_token", "seminar_id", "scope"}`` (an organizers' staff view).

    A view receives a ``snapshot`` at once and then the view's messages. A site's socket
    receives the seminar's ``totals`` (at most one a second), ``seminar`` and ``agenda``
    messages, never other sites' rows; it marks the site present and joins its site's
    room (closed when the token is replaced). A staff view is a view (any status of the
    seminar; a member limited to a subtree sees it, by default from its root) that also
    receives the staff-only messages (incidents, readiness, the speaking queue) of the
    sites it covers. ``resync`` asks for a new snapshot (a site: its state again).
    Unknown auth keys are ignored.
    """

    def __init__(self, hub: LiveHub, db: Database):
        super().__init__(NAMESPACE)
        self.hub = hub
        self.db = db
        # Accepted connections: sid → the site row it marks present (None: a view).
        # Only these count in the gauge and can be disconnected, once each.
        self._accepted: dict[str, int | None] = {}
        self._resyncs = RateLimit(RESYNC_PER_S, RESYNC_BURST)
        self._deferred: dict[str, asyncio.TimerHandle] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def trigger_event(self, event: str, *args: Any) -> Any:
        """Route the server's connect/disconnect and a client's ``resync``; drop the rest."""
        sid = args[0] if args else None
        manager = self.server.manager
        if event == "connect":
            # The server calls it while the connection is pending; a client's "connect"
            # arrives on an established one.
            if manager.is_pre_connected(sid, self.namespace):
                return await self.on_connect(*args)
        elif event == "disconnect":
            # The server calls it once the connection is leaving; a client's
            # "disconnect" arrives while it is still connected.
            if not manager.is_connected(sid, self.namespace):
                await self.on_disconnect(sid)
        elif event == "resync":
            await self.on_resync(sid)
        return None

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        lang = language_of({"accept-language": environ.get("HTTP_ACCEPT_LANGUAGE", "")})
        try:
            admitted = await self._admit(auth if isinstance(auth, dict) else {})
            seminar_id, scope = admitted.seminar_id, admitted.scope
            row_id = admitted.seminar_site_id
            await self.save_session(
                sid, {"seminar_id": seminar_id, "scope": scope, "seminar_site_id": row_id}
            )
            if admitted.staff_room is not None:
                await self.enter_room(sid, admitted.staff_room)
            await self._send_snapshot(sid, seminar_id, scope, row_id)
        except Exception as exc:
            refusal = as_domain_error(exc)
            if refusal is None:
                raise
            raise _refused(refusal, lang) from None
        self._accepted[sid] = row_id
        self.hub.metrics.connection_opened("view" if row_id is None else "site")
        if admitted.token_hash is not None:
            self.hub.staff_tokens.admitted(sid, admitted.token_hash)
        try:
            if row_id is not None:
                await self.enter_room(sid, site_room(row_id))
                await self.hub.presence.site_connected(row_id, sid)
            # A client that dropped while we were working never gets a disconnect from
            # python-socketio (it was still connecting): undo, or it would stay counted.
            eio_sid = self.server.manager.eio_sid_from_sid(sid, self.namespace)
            if eio_sid not in self.server.environ:
                raise Refused()
        except BaseException:
            await self.on_disconnect(sid)
            raise

    async def _admit(self, auth: dict[str, Any]) -> Admission:
        """The seminar, scope and site row a connection asks for, or a refusal."""
        token = _token(auth.get("site_token"))
        access = _access_token(auth.get("access_token"))
        async with self.db.read_sessions() as session:
            if access is not None:
                return await self._admit_staff(session, access, auth)
            if token is not None:
                ctx = await site_for_token(session, token)
                if ctx is None:
                    raise NotFound(UNKNOWN_TOKEN)
                seminar, scope, row_id = ctx.seminar, None, ctx.participation.id
            else:
                seminar_id = _id(auth.get("seminar_id"), "seminar_id")
                scope, row_id = _id(auth.get("scope"), "scope"), None
                seminar = await session.get(Seminar, seminar_id) if seminar_id else None
            if seminar is None or seminar.status not in _VIEWABLE:
                raise NotFound(UNKNOWN_SEMINAR)
        return Admission(seminar.id, scope, row_id)

    async def _admit_staff(self, session: Any, access: str, auth: dict[str, Any]) -> Admission:
        """An organizer's view: a valid token, staff, a member of the seminar; a member
        limited to a subtree watches it (from its root unless ``scope`` is inside)."""
        user = await user_for_token(session, access)
        if user is None:
            raise Unauthorized(UNKNOWN_ACCESS_TOKEN)
        require_staff(user)
        seminar_id = _id(auth.get("seminar_id"), "seminar_id")
        if seminar_id is None:
            raise NotFound(UNKNOWN_SEMINAR)
        member = await require_member(session, user, seminar_id)
        scope = _id(auth.get("scope"), "scope")
        if scope is not None:
            await member.require_site(session, scope)
        elif member.limited:
            scope = member.subtree_site_id
        room = staff_room(seminar_id, member.subtree_site_id)
        return Admission(seminar_id, scope, staff_room=room, token_hash=hash_token(access))

    async def on_resync(self, sid: str) -> None:
        """A new snapshot, within the connection's budget; the excess gets one later."""
        if sid not in self._accepted:
            return
        wait = self._resyncs.take(sid)
        if wait > 0:
            if sid not in self._deferred:
                loop = asyncio.get_running_loop()
                self._deferred[sid] = loop.call_later(wait, self._resync_later, sid)
            return
        view = await self.get_session(sid)
        try:
            await self._send_snapshot(
                sid, view["seminar_id"], view["scope"], view["seminar_site_id"]
            )
        except RedisError as exc:
            # Redis is coming back: answer once it does (the client is waiting).
            log.warning("resync of %s waits for Redis: %r", sid, exc)
            if sid not in self._deferred:
                loop = asyncio.get_running_loop()
                self._deferred[sid] = loop.call_later(RESYNC_RETRY_S, self._resync_later, sid)
        except Exception as exc:
            if as_domain_error(exc) is None:
                raise
            log.warning("resync of %s failed: %r", sid, exc)  # the client asks again

    def _resync_later(self, sid: str) -> None:
        self._deferred.pop(sid, None)
        task = asyncio.get_running_loop().create_task(self.on_resync(sid))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def on_disconnect(self, sid: str) -> None:
        if sid not in self._accepted:
            return  # refused, or already gone
        row_id = self._accepted.pop(sid)
        self._resyncs.reset(sid)
        self.hub.staff_tokens.left(sid)
        deferred = self._deferred.pop(sid, None)
        if deferred is not None:
            deferred.cancel()
        self.hub.metrics.connection_closed("view" if row_id is None else "site")
        if row_id is not None:
            self.hub.presence.site_disconnected(row_id, sid)

    async def _send_snapshot(
        self, sid: str, seminar_id: int, scope: int | None, row_id: int | None
    ) -> None:
        """A view's snapshot; a site page's totals, status and running item."""
        if row_id is not None:
            read = self.hub.reader.site_state
            await self.hub.publisher.send_site_state(sid, seminar_id, lambda: read(seminar_id))
            return

        async def build() -> dict[str, Any]:
            async with self.db.read_sessions() as session:
                return await live_snapshot(session, seminar_id, scope)

        await self.hub.publisher.send_snapshot(sid, seminar_id, scope, build)


def _refused(error: DomainError, lang: Lang) -> Refused:
    """The refusal the client sees: the text, and ``{"code", "detail"}`` as its data."""
    body = error.body(lang)
    return Refused(body["detail"], body)
