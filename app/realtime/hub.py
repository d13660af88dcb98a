"""The live side of one running app: socket server, publisher, recorder and presence."""

import socketio

from app.attendance.recorder import HeadcountRecorder
from app.core.config import Settings
from app.core.db import Database
from app.core.metrics import make_metrics
from app.core.ratelimit import Limiter
from app.core.shared_limits import SharedLimits
from app.realtime import fastjson
from app.realtime.presence import Presence
from app.realtime.publisher import NAMESPACE, LivePublisher
from app.realtime.reload import LiveReader
from app.realtime.shared import SharedLive
from app.realtime.staff_tokens import StaffTokenWatch


def cors_origins(settings: Settings) -> list[str] | str | None:
    """What the socket server accepts in ``Origin``: None means the server's own origin.

    (An empty list would switch the check off in python-engineio: any page could connect.)
    """
    if not settings.allowed_origins:
        return None
    return "*" if "*" in settings.allowed_origins else list(settings.allowed_origins)


class LiveHub:
    """Everything realtime that one app instance owns."""

    def __init__(self, settings: Settings, db: Database, limits: SharedLimits | None = None):
        manager = socketio.AsyncRedisManager(settings.redis_url) if settings.redis_url else None
        self.sio = socketio.AsyncServer(
            async_mode="asgi",
            client_manager=manager,
            json=fastjson,
            cors_allowed_origins=cors_origins(settings),
            # Frames are small deltas or one snapshot; compressing them costs more
            # time than it saves on a LAN or a phone.
            http_compression=False,
        )
        self.metrics = make_metrics(settings.metrics_enabled)
        # Shared state (versions, pending changes, presence) lives in Redis when there
        # is one: any number of processes then behave as one.
        self.shared = SharedLive(settings.redis_url) if settings.redis_url else None
        self.reader = LiveReader(db)
        self.publisher = LivePublisher(
            self.sio, metrics=self.metrics, shared=self.shared, reader=self.reader
        )
        self.recorder = HeadcountRecorder(
            db,
            self.publisher,
            metrics=self.metrics,
            site_limit=Limiter(
                "site_reports", settings.site_report_rate, settings.site_report_burst, limits
            ),
        )
        self.presence = Presence(db, self.publisher, settings.presence_grace_s, self.shared)
        self.staff_tokens = StaffTokenWatch(db, self._disconnect, settings.staff_token_check_s)

    async def _disconnect(self, sid: str) -> None:
        await self.sio.disconnect(sid, namespace=NAMESPACE)

    def start(self) -> None:
        """At startup (in the running loop): schedule the presence sweep."""
        self.presence.start()

    async def close(self) -> None:
        await self.recorder.close()
        await self.presence.close()
        await self.staff_tokens.close()
        await self.publisher.close()

    @staticmethod
    def offline() -> LivePublisher:
        """A publisher with no socket server behind it (command-line tools)."""
        return LivePublisher(socketio.AsyncServer(async_mode="asgi"))
