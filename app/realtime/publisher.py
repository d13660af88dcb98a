"""Versioned, coalesced broadcasts of a seminar's live state to socket.io rooms.

Every view of a seminar (the whole seminar, or one subtree of its sites) is a room.
Each room has its own message counter: ``version`` rises by exactly one per message a
room receives, so a client that sees a gap knows it missed something and asks for a
snapshot. Attendance changes are merged per seminar and sent at most once per
``interval`` (4 per second by default) whatever the report rate; the first change after
a quiet period goes out at once.

Site pages get the seminar's ``totals`` (at most one a second), ``seminar`` and
``agenda`` messages in their own room, never the views' rows.

With Redis (``shared``), several processes behave as one (see ``shared_feed``);
without it, everything stays in this process.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import socketio
from redis import RedisError

from app.core.errors import as_domain_error
from app.core.metrics import NullMetrics
from app.realtime.poll_feed import PollBroadcasts, PollGate
from app.realtime.rooms import (
    NAMESPACE,
    Row,
    SeminarFeed,
    Totals,
    site_room,
    sites_room,
    staff_room,
    view_room,
)
from app.realtime.shared import SharedLive
from app.realtime.shared_feed import SITE_TOTALS_INTERVAL_S, SharedBroadcasts

if TYPE_CHECKING:
    from app.attendance.rollup import LiveChanges
    from app.realtime.reload import LiveReader

ATTENDANCE_INTERVAL_S = 0.25

log = logging.getLogger(__name__)

__all__ = ["NAMESPACE", "LivePublisher", "site_room", "sites_room", "view_room"]


class LivePublisher(SharedBroadcasts, PollBroadcasts):
    """Sends ``snapshot``, ``attendance``, ``agenda`` and ``seminar`` messages to views."""

    def __init__(
        self,
        sio: socketio.AsyncServer,
        interval: float = ATTENDANCE_INTERVAL_S,
        metrics: NullMetrics | None = None,
        shared: SharedLive | None = None,
        reader: "LiveReader | None" = None,
    ):
        self.sio = sio
        self.interval = interval
        self.metrics = metrics or NullMetrics()
        self.shared = shared
        self.reader = reader
        self._feeds: dict[int, SeminarFeed] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._poll_gates: dict[int, PollGate] = {}

    def _feed(self, seminar_id: int) -> SeminarFeed:
        return self._feeds.setdefault(seminar_id, SeminarFeed())

    def _has_members(self, room: str) -> bool:
        return bool(self.sio.manager.rooms.get(NAMESPACE, {}).get(room))

    def _next_version(self, feed: SeminarFeed, room: str) -> int:
        feed.versions[room] = feed.versions.get(room, 0) + 1
        return feed.versions[room]

    def _rooms(self, seminar_id: int, feed: SeminarFeed) -> list[tuple[int | None, str]]:
        views: list[int | None] = [None, *sorted(feed.scopes)]
        return [(scope, view_room(seminar_id, scope)) for scope in views]

    async def send_snapshot(
        self,
        sid: str,
        seminar_id: int,
        scope: int | None,
        build: Callable[[], Awaitable[dict[str, Any]]],
    ) -> None:
        """Put ``sid`` in its view's room and send it a snapshot with the view's version.

        A snapshot must reflect every change already broadcast to the view (later
        messages carry the rest; values are absolute, so a change seen twice does no
        harm). Broadcasts bump the feed's ``generation``: a snapshot read from the
        database while the generation stayed the same is consistent, and it is reused
        for every viewer connecting until the next broadcast. The database read happens
        outside the lock, once per view and generation however many viewers connect.
        """
        feed = self._feed(seminar_id)
        room = view_room(seminar_id, scope)
        if self.shared is not None:
            await self._send_shared_snapshot(sid, feed, seminar_id, scope, build)
            return
        while True:
            generation = feed.generation
            payload = await self._snapshot_payload(feed, scope, generation, build)
            async with feed.lock:
                if feed.generation != generation:
                    continue  # a broadcast went out meanwhile: read again
                if scope is not None:
                    feed.scopes.add(scope)
                await self.sio.enter_room(sid, room, namespace=NAMESPACE)
                message = {**payload, "version": feed.versions.get(room, 0)}
                await self.sio.emit("snapshot", message, to=sid, namespace=NAMESPACE)
                return

    async def _snapshot_payload(
        self,
        feed: SeminarFeed,
        scope: int | None,
        generation: int,
        build: Callable[[], Awaitable[dict[str, Any]]],
    ) -> dict[str, Any]:
        cached = feed.snapshots.get(scope)
        if cached is None or cached[0] != generation:
            task = asyncio.ensure_future(build())
            feed.snapshots[scope] = cached = (generation, task)
        return await asyncio.shield(cached[1])

    def attendance_changed(
        self,
        seminar_id: int,
        totals: Totals,
        rows: list[Row],
        scope_totals: dict[int, Totals] | None = None,
        origin: float | None = None,
        bulk: bool = False,
    ) -> None:
        """Queue changed site rows and the new totals; they go out coalesced.

        ``rows`` carry ``parent_id`` (the scope whose view lists them, None for the top
        level); ``scope_totals`` gives the subtree totals of each changed site, used by
        the views scoped to it. ``bulk``: too many rows changed to send them; every view
        gets a fresh snapshot instead (numbered like any message).
        """
        feed = self._feed(seminar_id)
        if bulk:
            feed.pending_resync = True
        for row in rows:
            feed.pending_rows[row["id"]] = row
        feed.pending_totals = totals
        if scope_totals:
            feed.pending_scope_totals.update(scope_totals)
        if origin is not None and (feed.pending_origin is None or origin < feed.pending_origin):
            feed.pending_origin = origin
        if feed.flush_handle is None:
            loop = asyncio.get_running_loop()
            delay = max(0.0, feed.last_flush + self.interval - loop.time())
            feed.flush_handle = loop.call_later(delay, self._start_flush, seminar_id)

    def _start_flush(self, seminar_id: int) -> None:
        flush = self._flush_shared if self.shared is not None else self._flush_attendance
        task = asyncio.get_running_loop().create_task(flush(seminar_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _flush_attendance(self, seminar_id: int) -> None:
        feed = self._feed(seminar_id)
        async with feed.lock:
            feed.generation += 1  # even with nobody watching: cached snapshots are stale
            feed.flush_handle = None
            feed.last_flush = asyncio.get_running_loop().time()
            rows, feed.pending_rows = feed.pending_rows, {}
            totals, feed.pending_totals = feed.pending_totals, None
            scope_totals, feed.pending_scope_totals = feed.pending_scope_totals, {}
            origin, feed.pending_origin = feed.pending_origin, None
            resync, feed.pending_resync = feed.pending_resync, False
            emitted = False
            for scope, room in self._rooms(seminar_id, feed):
                if not self._has_members(room):
                    continue
                if resync:
                    snapshot = await self._fresh_snapshot(seminar_id, scope)
                    if snapshot is not None:
                        snapshot["version"] = self._next_version(feed, room)
                        await self.sio.emit("snapshot", snapshot, room=room, namespace=NAMESPACE)
                        emitted = True
                    continue
                view_totals = totals if scope is None else scope_totals.get(scope)
                view_rows = [r for r in rows.values() if r.get("parent_id") == scope]
                if view_totals is None and not view_rows:
                    continue
                message: dict[str, Any] = {"version": self._next_version(feed, room)}
                if view_totals is not None:
                    message["totals"] = view_totals
                message["sites"] = view_rows
                await self.sio.emit("attendance", message, room=room, namespace=NAMESPACE)
                emitted = True
            if emitted and origin is not None:
                self.metrics.broadcast_latency(time.monotonic() - origin)
            if totals is not None:
                feed.site_totals = totals
                self._sites_later(seminar_id, feed, feed.site_last + SITE_TOTALS_INTERVAL_S)

    def _sites_later(self, seminar_id: int, feed: SeminarFeed, at: float) -> None:
        """Send the sites' totals at loop time ``at`` (now if past), unless already due."""
        if feed.site_handle is None:
            loop = asyncio.get_running_loop()
            delay = max(0.0, at - loop.time())
            feed.site_handle = loop.call_later(delay, self._start_site_totals, seminar_id)

    def _start_site_totals(self, seminar_id: int) -> None:
        task = asyncio.get_running_loop().create_task(self._send_site_totals(seminar_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send_site_totals(self, seminar_id: int) -> None:
        """One ``totals`` message to the seminar's site pages."""
        feed = self._feed(seminar_id)
        room = sites_room(seminar_id)
        if self.shared is not None:
            feed.site_handle = None
            try:
                await self._send_shared_site_totals(seminar_id, feed, room)
            except RedisError as exc:  # the next change marks them again
                log.warning("seminar %s: site totals not sent: %r", seminar_id, exc)
            return
        async with feed.lock:
            feed.site_handle = None
            feed.site_last = asyncio.get_running_loop().time()
            totals, feed.site_totals = feed.site_totals, None
            if totals is not None and self._has_members(room):
                message = {"version": self._next_version(feed, room), "totals": totals}
                await self.sio.emit("totals", message, room=room, namespace=NAMESPACE)

    async def send_site_state(
        self,
        sid: str,
        seminar_id: int,
        read: Callable[[], Awaitable[dict[str, Any]]],
    ) -> None:
        """Put a site page in its seminar's sites room and tell it the current state.

        A site page is told the seminar's totals, status and running agenda item, all
        numbered with the room's current version; each kind is absolute, so a page
        keeps, per kind, the message with the highest version.
        """
        room = sites_room(seminar_id)
        await self.sio.enter_room(sid, room, namespace=NAMESPACE)
        if self.shared is not None:
            version = await self.shared.version(seminar_id, room)
        else:
            version = self._feed(seminar_id).versions.get(room, 0)
        state = await read()
        for event, payload in (
            ("totals", {"totals": state["totals"]}),
            ("seminar", {"status": state["status"]}),
            ("agenda", {"current": state["current"]}),
        ):
            message = {"version": version, **payload}
            await self.sio.emit(event, message, to=sid, namespace=NAMESPACE, ignore_queue=True)

    def publish_changes(self, changes: "LiveChanges", origin: float | None = None) -> None:
        """Queue everything one committed transaction changed (the services' listener).

        ``origin``: when the oldest report behind these changes arrived (monotonic).
        """
        for seminar_id, totals in changes.totals.items():
            self.attendance_changed(
                seminar_id,
                totals,
                changes.rows.get(seminar_id, []),
                changes.scope_totals.get(seminar_id),
                origin,
                bulk=seminar_id in changes.bulk,
            )

    async def _fresh_snapshot(self, seminar_id: int, scope: int | None) -> dict[str, Any] | None:
        """A view's snapshot read now (None: no reader, or the scope no longer exists)."""
        if self.reader is None:
            return None
        try:
            return await self.reader.snapshot(seminar_id, scope)
        except Exception as exc:
            if as_domain_error(exc) is None:
                raise
            log.warning("seminar %s, scope %s: no snapshot: %r", seminar_id, scope, exc)
            return None

    async def publish(
        self,
        seminar_id: int,
        event: str,
        payload: dict[str, Any],
        *,
        views: bool = True,
        site_payload: dict[str, Any] | None = None,
    ) -> None:
        """Send an ``agenda`` or ``seminar`` message to every view of the seminar.

        ``views`` False: to the site pages only; ``site_payload``: what the site pages
        get instead of ``payload`` (a poll whose results the public may not see yet).
        """
        site_payload = payload if site_payload is None else site_payload
        if self.shared is not None:
            try:
                await self._publish_shared(seminar_id, event, payload, views, site_payload)
            except RedisError as exc:
                # The change is committed; views get it with their next snapshot.
                log.warning("seminar %s: %s not broadcast: %r", seminar_id, event, exc)
            return
        feed = self._feed(seminar_id)
        async with feed.lock:
            feed.generation += 1
            rooms = [room for _scope, room in self._rooms(seminar_id, feed)] if views else []
            for room in [*rooms, sites_room(seminar_id)]:
                if self._has_members(room):
                    body = payload if room in rooms else site_payload
                    message = {"version": self._next_version(feed, room), **body}
                    await self.sio.emit(event, message, room=room, namespace=NAMESPACE)

    async def publish_staff(
        self, seminar_id: int, site_id: int | None, event: str, payload: dict[str, Any]
    ) -> None:
        """A staff-only message to the organizers' views covering ``site_id``: the whole
        seminar's, and those of members limited to the site or one of its ancestors.

        Not numbered: staff messages announce a change the console reads over HTTP; a
        socket that missed one sees it with the next read. Through Redis's manager, the
        message reaches staff views on every process.
        """
        chain = [] if site_id is None or self.reader is None else await self.reader.chain(site_id)
        rooms = [staff_room(seminar_id), *(staff_room(seminar_id, a) for a in chain)]
        try:
            await self.sio.emit(event, payload, to=rooms, namespace=NAMESPACE)
        except RedisError as exc:
            log.warning("seminar %s: staff %s not sent: %r", seminar_id, event, exc)

    async def publish_site(self, seminar_site_id: int, event: str, payload: dict[str, Any]) -> None:
        """A message to one site's own pages (on every process, through Redis)."""
        try:
            await self.sio.emit(event, payload, to=site_room(seminar_site_id), namespace=NAMESPACE)
        except RedisError as exc:
            log.warning("site row %s: %s not sent: %r", seminar_site_id, event, exc)

    async def disconnect_site(self, seminar_site_id: int) -> None:
        """Close the sockets a site opened with its token (the token was replaced).

        With Redis, the sockets of every process (their ids are kept in Redis; the
        Redis manager hands the close to the process holding each); a page that
        reconnects with the old token is refused like any HTTP request carrying it.
        """
        if self.shared is not None:
            for sid in await self.shared.site_sockets(seminar_site_id):
                await self.sio.disconnect(sid, namespace=NAMESPACE)
            return
        room = site_room(seminar_site_id)
        for sid, _eio_sid in list(self.sio.manager.get_participants(NAMESPACE, room)):
            await self.sio.disconnect(sid, namespace=NAMESPACE)

    async def version(self, seminar_id: int, scope: int | None = None) -> int:
        """The last message number of a view (what a snapshot taken now would carry)."""
        room = view_room(seminar_id, scope)
        if self.shared is not None:
            return await self.shared.version(seminar_id, room)
        return self._feed(seminar_id).versions.get(room, 0)

    async def close(self) -> None:
        """Cancel pending flushes (shutdown)."""
        for feed in self._feeds.values():
            for handle in (feed.flush_handle, feed.site_handle):
                if handle is not None:
                    handle.cancel()
        for gate in self._poll_gates.values():
            for handle in (gate.handle, gate.closing):
                if handle is not None:
                    handle.cancel()
        for task in list(self._tasks):
            task.cancel()
        if self.shared is not None:
            await self.shared.close()
