"""The Redis-backed half of the publisher: what changes when several processes share it.

A process merges its changes into the seminar's pending ones in Redis; one process at a
time (a Redis lock) takes them, numbers them with counters kept in Redis, reads their
values from the database and emits them through socket.io's Redis manager, which
reaches the sockets of every process.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import socketio
from redis import RedisError

from app.core.errors import DomainError
from app.core.metrics import NullMetrics
from app.realtime.rooms import (
    NAMESPACE,
    RESYNC_MARK,
    SeminarFeed,
    attendance_messages,
    sites_room,
    view_room,
)
from app.realtime.shared import SharedLive

if TYPE_CHECKING:
    from app.realtime.reload import LiveReader

# Site pages show the seminar's totals only: one message a second is plenty for a phone.
SITE_TOTALS_INTERVAL_S = 1.0
RETRY_S = 1.0  # Redis unreachable: try again after this long
LOCK_WAIT_S = 10.0

log = logging.getLogger(__name__)


class SharedBroadcasts:
    """Methods of ``LivePublisher`` used when it has a ``SharedLive`` (Redis)."""

    sio: socketio.AsyncServer
    interval: float
    metrics: NullMetrics
    shared: SharedLive | None
    reader: "LiveReader | None"
    _feed: Callable[[int], SeminarFeed]
    _start_flush: Callable[[int], None]
    _sites_later: Callable[[int, SeminarFeed, float], None]
    _snapshot_payload: Callable[..., Awaitable[dict[str, Any]]]

    async def _send_shared_snapshot(
        self,
        sid: str,
        feed: SeminarFeed,
        seminar_id: int,
        scope: int | None,
        build: Callable[[], Awaitable[dict[str, Any]]],
    ) -> None:
        """Join the room, read the view's version, then the database: no change falls
        between (a change numbered up to that version was committed before it).

        Messages numbered after it may reach the client before the snapshot; clients keep
        those above the snapshot's version. Payloads are shared per version.
        """
        assert self.shared is not None
        room = view_room(seminar_id, scope)
        if scope is not None:
            await self.shared.watch_scope(seminar_id, scope)
        await self.sio.enter_room(sid, room, namespace=NAMESPACE)
        version = await self.shared.version(seminar_id, room)
        payload = await self._snapshot_payload(feed, scope, version, build)
        message = {**payload, "version": version}
        # Straight to the local socket: older messages still on their way through Redis
        # arrive after it and are ignored (their version is not above it).
        await self.sio.emit("snapshot", message, to=sid, namespace=NAMESPACE, ignore_queue=True)

    async def _send_shared_site_totals(self, seminar_id: int, feed: SeminarFeed, room: str) -> None:
        assert self.shared is not None and self.reader is not None
        wait, version = await self.shared.take_site_totals(seminar_id, room, SITE_TOTALS_INTERVAL_S)
        if wait > 0:  # sent by some process less than a second ago: ours go next
            self._sites_later(seminar_id, feed, asyncio.get_running_loop().time() + wait)
        elif version is not None:
            # Read after the version was taken: never older than what it announces.
            totals = (await self.reader(seminar_id, []))[0]
            message = {"version": version, "totals": totals}
            await self.sio.emit("totals", message, room=room, namespace=NAMESPACE)

    async def _flush_shared(self, seminar_id: int) -> None:
        """Hand this process's changes to Redis, then broadcast what is pending there."""
        assert self.shared is not None
        feed = self._feed(seminar_id)
        async with feed.lock:
            feed.flush_handle = None
            feed.last_flush = asyncio.get_running_loop().time()
            # Copies: changes queued while Redis answers must not be taken with these.
            rows, totals = dict(feed.pending_rows), feed.pending_totals
            origin, resync = feed.pending_origin, feed.pending_resync
            try:
                if totals is not None or rows or resync:
                    marks = [RESYNC_MARK] if resync else []
                    await self.shared.push(seminar_id, [*marks, *rows])
                    feed.pending_resync = False
                    # Taken only once Redis has them; newer local changes stay newer.
                    feed.pending_rows = {
                        k: v for k, v in feed.pending_rows.items() if v is not rows.get(k)
                    }
                    if feed.pending_totals is totals:
                        feed.pending_totals = None
                    feed.pending_scope_totals = {}  # come with their rows, read afresh
                    feed.pending_origin = None
                wait = await self._broadcast_pending(seminar_id, origin)
                if wait > 0:  # another process broadcast just now: ours go with the next
                    self._retry_later(seminar_id, feed, wait)
            except RedisError as exc:
                log.warning("seminar %s: live changes wait for Redis: %r", seminar_id, exc)
                self._retry_later(seminar_id, feed, RETRY_S)

    def _retry_later(self, seminar_id: int, feed: SeminarFeed, delay: float) -> None:
        if feed.flush_handle is None:
            loop = asyncio.get_running_loop()
            feed.flush_handle = loop.call_later(delay, self._start_flush, seminar_id)

    async def _broadcast_pending(self, seminar_id: int, origin: float | None) -> float:
        """One broadcast of the seminar's pending changes, or how long to wait for it."""
        assert self.shared is not None
        name = f"seminar:{seminar_id}"
        token = await self.shared.lock(name)
        if token is None:
            return self.interval / 4
        try:
            wait, sites, scopes = await self.shared.take(seminar_id, self.interval)
            if wait > 0 or sites is None:
                return wait
            assert self.reader is not None
            if RESYNC_MARK in sites:
                # A bulk change: a fresh snapshot for every view covers every row.
                totals = await self._send_shared_snapshots(seminar_id, sites, scopes)
                if totals is None:
                    return RETRY_S
                messages = []
            else:
                totals, messages = await self._read_changes(seminar_id, sites, scopes)
                if totals is None and messages is None:
                    return RETRY_S
            rooms = [room for room, _ in messages]
            versions = await self.shared.next_versions(seminar_id, rooms)
            for (room, message), version in zip(messages, versions, strict=True):
                message = {"version": version, **message}
                await self.sio.emit("attendance", message, room=room, namespace=NAMESPACE)
            if messages and origin is not None:
                self.metrics.broadcast_latency(time.monotonic() - origin)
        finally:
            await self.shared.unlock(name, token)
        if totals is not None:
            await self.shared.mark_site_totals(seminar_id)
            self._sites_later(seminar_id, self._feed(seminar_id), 0.0)
        return 0.0

    async def _read_changes(
        self, seminar_id: int, sites: list[int], scopes: list[int]
    ) -> tuple[Any, Any]:
        """The changed rows' current values as the views' messages ((None, None): the
        database did not answer; the changes wait in Redis for the next attempt)."""
        assert self.shared is not None and self.reader is not None
        try:
            totals, rows, scope_totals = await self.reader(seminar_id, sites)
        except Exception as exc:
            log.warning("seminar %s: live values not read: %r", seminar_id, exc)
            await self.shared.push(seminar_id, sites)
            return None, None
        return totals, attendance_messages(seminar_id, rows, totals, scope_totals, scopes)

    async def _send_shared_snapshots(
        self, seminar_id: int, sites: list[int], scopes: list[int]
    ) -> Any:
        """A numbered fresh snapshot to every view of the seminar, in every process
        (through the Redis manager); returns the seminar's totals (None: not read)."""
        assert self.shared is not None and self.reader is not None
        views: list[int | None] = [None, *scopes]
        try:
            snapshots = [await self.reader.snapshot(seminar_id, scope) for scope in views[:1]]
            for scope in views[1:]:
                try:
                    snapshots.append(await self.reader.snapshot(seminar_id, scope))
                except DomainError:  # the scope no longer takes part
                    snapshots.append(None)
        except Exception as exc:
            log.warning("seminar %s: snapshots not read: %r", seminar_id, exc)
            await self.shared.push(seminar_id, sites)
            return None
        sent = [(view_room(seminar_id, v), s) for v, s in zip(views, snapshots, strict=True) if s]
        versions = await self.shared.next_versions(seminar_id, [room for room, _ in sent])
        for (room, snapshot), version in zip(sent, versions, strict=True):
            message = {**snapshot, "version": version}
            await self.sio.emit("snapshot", message, room=room, namespace=NAMESPACE)
        return snapshots[0]["totals"]

    async def _publish_shared(
        self,
        seminar_id: int,
        event: str,
        payload: dict[str, Any],
        views: bool = True,
        site_payload: dict[str, Any] | None = None,
    ) -> None:
        """Numbered under the seminar's lock, like attendance, so versions stay in order."""
        assert self.shared is not None
        name = f"seminar:{seminar_id}"
        token = None
        for _attempt in range(int(LOCK_WAIT_S / self.interval * 4)):
            if (token := await self.shared.lock(name)) is not None:
                break
            await asyncio.sleep(self.interval / 4)
        if token is None:
            raise RedisError(f"{name}: lock not acquired")
        try:
            scopes: list[int | None] = (
                [None, *await self.shared.scopes(seminar_id)] if views else []
            )
            rooms = [view_room(seminar_id, scope) for scope in scopes] + [sites_room(seminar_id)]
            versions = await self.shared.next_versions(seminar_id, rooms)
            for room, version in zip(rooms, versions, strict=True):
                body = site_payload if room == sites_room(seminar_id) and site_payload else payload
                message = {"version": version, **body}
                await self.sio.emit(event, message, room=room, namespace=NAMESPACE)
        finally:
            await self.shared.unlock(name, token)
