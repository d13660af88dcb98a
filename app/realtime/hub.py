"""The live side of one running app: socket server, publisher, recorder and presence."""

import asyncio
from datetime import datetime

import socketio

from app.attendance.live import set_presence
from app.attendance.recorder import HeadcountRecorder
from app.core.config import Settings
from app.core.db import Database, utcnow
from app.core.metrics import make_metrics
from app.core.ratelimit import RateLimit
from app.realtime import fastjson
from app.realtime.publisher import LivePublisher


class Presence:
    """Which sites have a socket open here, and the grace timers of those that left.

    A site whose last socket closes is marked disconnected after the grace period,
    unless it reconnected or reported in the meantime (the check runs in the database).
    """

    def __init__(self, db: Database, publisher: LivePublisher, grace_s: float):
        self.db = db
        self.publisher = publisher
        self.grace_s = grace_s
        self._sockets: dict[int, int] = {}
        self._timers: dict[int, asyncio.TimerHandle] = {}
        self._tasks: set[asyncio.Task[bool]] = set()

    async def site_connected(self, row_id: int) -> None:
        self._sockets[row_id] = self._sockets.get(row_id, 0) + 1
        timer = self._timers.pop(row_id, None)
        if timer is not None:
            timer.cancel()
        await set_presence(self.db, row_id, present=True, since=None, publisher=self.publisher)

    def site_disconnected(self, row_id: int) -> None:
        self._sockets[row_id] = self._sockets.get(row_id, 1) - 1
        if self._sockets[row_id] > 0:
            return
        del self._sockets[row_id]
        since = utcnow()
        loop = asyncio.get_running_loop()
        self._timers[row_id] = loop.call_later(self.grace_s, self._expire, row_id, since)

    def _expire(self, row_id: int, since: datetime) -> None:
        self._timers.pop(row_id, None)
        task = asyncio.get_running_loop().create_task(
            set_presence(self.db, row_id, present=False, since=since, publisher=self.publisher)
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        for task in list(self._tasks):
            task.cancel()


class LiveHub:
    """Everything realtime that one app instance owns."""

    def __init__(self, settings: Settings, db: Database):
        manager = socketio.AsyncRedisManager(settings.redis_url) if settings.redis_url else None
        self.sio = socketio.AsyncServer(
            async_mode="asgi",
            client_manager=manager,
            json=fastjson,
            cors_allowed_origins=[],
            # Frames are small deltas or one snapshot; compressing them costs more
            # time than it saves on a LAN or a phone.
            http_compression=False,
        )
        self.metrics = make_metrics(settings.metrics_enabled)
        self.publisher = LivePublisher(self.sio, metrics=self.metrics)
        self.recorder = HeadcountRecorder(
            db,
            self.publisher,
            metrics=self.metrics,
            site_limit=RateLimit(settings.site_report_rate, settings.site_report_burst),
        )
        self.presence = Presence(db, self.publisher, settings.presence_grace_s)

    async def close(self) -> None:
        await self.recorder.close()
        await self.presence.close()
        await self.publisher.close()

    @staticmethod
    def offline() -> LivePublisher:
        """A publisher with no socket server behind it (command-line tools)."""
        return LivePublisher(socketio.AsyncServer(async_mode="asgi"))
