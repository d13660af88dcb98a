"""Which sites have a page open here, and what happens when it closes or the server dies.

A site whose last socket closes is marked disconnected after the grace period, unless it
reconnected or reported in the meantime (the check runs in the database). The row's
``socket_since`` remembers that a page was open across restarts: a server that starts
sweeps, once the grace period has passed, the rows whose latest socket opened before it
started, so a site whose page was open when the previous process died leaves the total
unless a socket came back (to this process or, with several workers, to another).

With Redis (``shared``), each process records the rows it holds a socket of, with an
expiry its heartbeat pushes forward; a periodic sweep (one process at a time, under a
Redis lock) marks disconnected the rows with a socket recorded in the database and no
live entry for longer than the grace period, which covers a process that died.
"""

import asyncio
import logging
from collections import defaultdict
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any

from redis import RedisError
from sqlalchemy import select, update

from app.attendance.live import set_presence
from app.attendance.models import SeminarSite
from app.core.db import Database, utcnow
from app.core.errors import as_domain_error
from app.realtime.publisher import LivePublisher
from app.realtime.shared import SharedLive

log = logging.getLogger(__name__)


class Presence:
    """The site sockets of this process, their grace timers and the startup sweep."""

    def __init__(
        self,
        db: Database,
        publisher: LivePublisher,
        grace_s: float,
        shared: SharedLive | None = None,
    ):
        self.db = db
        self.publisher = publisher
        self.grace_s = grace_s
        self.shared = shared
        # Heartbeat: a few per grace period, so a live process is never taken for dead.
        self.beat_s = min(5.0, max(0.2, grace_s / 4))
        self._beating: asyncio.Task[None] | None = None
        self._sockets: dict[int, int] = {}
        self._timers: dict[int, asyncio.TimerHandle] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        # One row's presence writes run one at a time: a socket coming back while its
        # grace expires must not be undone by the expiry.
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._sweep: asyncio.TimerHandle | None = None

    def start(self) -> None:
        """After the grace period, sweep the sites whose page was open before this start.

        With Redis: beat and sweep for as long as the process runs.
        """
        if self.shared is not None:
            self._beating = asyncio.get_running_loop().create_task(self._beat())
            return
        started = utcnow()
        self._sweep = asyncio.get_running_loop().call_later(
            self.grace_s, lambda: self._spawn(self._sweep_left_open(started))
        )

    async def site_connected(self, row_id: int, sid: str) -> None:
        """A site page's socket was accepted: the site is present (again)."""
        if self.shared is not None:
            try:
                await self.shared.site_present([row_id], self.beat_s * 3)
                await self.shared.add_site_socket(row_id, sid)
            except RedisError as exc:
                log.warning("site row %s: presence not shared: %r", row_id, exc)  # next beat
        first = row_id not in self._sockets
        self._sockets[row_id] = self._sockets.get(row_id, 0) + 1
        timer = self._timers.pop(row_id, None)
        if timer is not None:
            timer.cancel()
        async with self._locks[row_id]:
            try:
                if first:
                    await _set_socket_since(self.db, row_id, utcnow())
                await set_presence(
                    self.db, row_id, present=True, since=None, publisher=self.publisher
                )
            except Exception as exc:
                # The socket stays accepted: its next report or reconnection fixes the row.
                if as_domain_error(exc) is None:
                    raise
                log.warning("site row %s: presence not recorded: %r", row_id, exc)

    def site_disconnected(self, row_id: int, sid: str) -> None:
        """A site page's socket closed; the last one starts the grace timer."""
        left = self._sockets.get(row_id, 0) - 1
        if self.shared is not None:
            self._spawn(self._unshare(row_id, sid, last=left <= 0))
        if left > 0:
            self._sockets[row_id] = left
            return
        self._sockets.pop(row_id, None)
        since = utcnow()
        loop = asyncio.get_running_loop()
        self._timers[row_id] = loop.call_later(self.grace_s, self._expire, row_id, since)

    def _expire(self, row_id: int, since: datetime) -> None:
        self._timers.pop(row_id, None)
        self._spawn(self._gone(row_id, since))

    async def _gone(self, row_id: int, since: datetime) -> None:
        """No socket for ``row_id`` since ``since``: disconnected unless it reported."""
        async with self._locks[row_id]:
            if row_id in self._sockets:
                return  # it came back
            if self.shared is not None and await self.shared.present_elsewhere(row_id):
                return  # a page of the site is open on another process
            await set_presence(
                self.db, row_id, present=False, since=since, publisher=self.publisher
            )
            await _set_socket_since(self.db, row_id, None)
        if row_id not in self._sockets and row_id not in self._timers:
            self._locks.pop(row_id, None)

    async def _sweep_left_open(self, started: datetime) -> None:
        self._sweep = None
        async with self.db.read_sessions() as session:
            left_open = list(
                await session.scalars(
                    select(SeminarSite.id)
                    .where(SeminarSite.socket_since < started)
                    .order_by(SeminarSite.id)
                )
            )
        for row_id in left_open:
            # Sites with a socket since this start follow their own sockets.
            if row_id not in self._sockets and row_id not in self._timers:
                await self._gone(row_id, started)

    async def _unshare(self, row_id: int, sid: str, *, last: bool) -> None:
        assert self.shared is not None
        await self.shared.remove_site_socket(row_id, sid)
        if last and row_id not in self._sockets:
            await self.shared.site_left(row_id)

    async def _beat(self) -> None:
        """Refresh this process's sockets in Redis, then sweep if no other process does."""
        while True:
            await asyncio.sleep(self.beat_s)
            try:
                await self._beat_once()
            except RedisError as exc:
                log.warning("presence heartbeat: Redis unreachable: %r", exc)
            except Exception:
                log.exception("presence sweep failed")

    async def _beat_once(self) -> None:
        assert self.shared is not None
        await self.shared.site_present(list(self._sockets), self.beat_s * 3)
        # Held until it expires: one sweep per beat whatever the number of processes.
        if await self.shared.lock("presence-sweep", int(self.beat_s * 1000)) is None:
            return
        async with self.db.read_sessions() as session:
            recorded = list(
                await session.scalars(
                    select(SeminarSite.id)
                    .where(SeminarSite.socket_since.is_not(None))
                    .order_by(SeminarSite.id)
                )
            )
        if not recorded:
            return
        now = utcnow().timestamp()
        for row_id, since in (await self.shared.absent_rows(recorded)).items():
            if now - since < self.grace_s or row_id in self._sockets:
                continue
            async with self._locks[row_id]:
                if row_id in self._sockets:
                    continue
                await set_presence(
                    self.db,
                    row_id,
                    present=False,
                    since=datetime.fromtimestamp(since, UTC),
                    publisher=self.publisher,
                )
                await _set_socket_since(self.db, row_id, None)
            await self.shared.forget_absence(row_id)
            if row_id not in self._sockets and row_id not in self._timers:
                self._locks.pop(row_id, None)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("presence update failed", exc_info=task.exception())

    async def close(self) -> None:
        if self._sweep is not None:
            self._sweep.cancel()
        if self._beating is not None:
            self._beating.cancel()
            await asyncio.gather(self._beating, return_exceptions=True)
        for timer in self._timers.values():
            timer.cancel()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        # Wait for them: a database call cut short must finish before the loop closes.
        await asyncio.gather(*tasks, return_exceptions=True)


async def _set_socket_since(db: Database, row_id: int, when: datetime | None) -> None:
    """Stamp when a row's socket opened, or clear it once gone (``None``)."""
    async with db.write_sessions() as session:
        await session.execute(
            update(SeminarSite).where(SeminarSite.id == row_id).values(socket_since=when)
        )
        await session.commit()
