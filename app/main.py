"""Application factory: the FastAPI app, its routers and the built frontend."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import socketio
from fastapi import FastAPI

from app.attendance.fastpath import HeadcountFastPath
from app.attendance.router import router as attendance_router
from app.attendance.router import site_router
from app.attendance.wire import LIVE_EVENTS
from app.auth.router import router as auth_router
from app.auth.throttle import AuthThrottle
from app.core.config import API_PREFIX, Settings, get_settings
from app.core.db import Database
from app.core.errors import install_error_handlers
from app.core.headers import (
    content_security_policy,
    inline_hashes,
    install_api_docs,
    install_security_headers,
)
from app.core.limits import BodyLimit, PublicRateLimit
from app.core.metrics import install_metrics
from app.core.schemas import document_error_body, document_socket_events
from app.core.shared_limits import SharedLimits
from app.core.static import mount_frontend
from app.followup.router import router as followup_router
from app.followup.router import site_router as followup_site_router
from app.followup.schemas import TASK_EVENTS
from app.incidents.router import router as incidents_router
from app.incidents.router import site_router as incidents_site_router
from app.incidents.schemas import INCIDENT_EVENTS
from app.polls.limits import PollLimits
from app.polls.router import public_router as polls_public_router
from app.polls.router import router as polls_router
from app.polls.router import site_router as polls_site_router
from app.polls.schemas import POLL_SOCKET_EVENTS
from app.readiness.router import router as readiness_router
from app.readiness.router import site_router as readiness_site_router
from app.realtime.hub import LiveHub
from app.realtime.namespace import LiveNamespace
from app.realtime.publisher import NAMESPACE
from app.reports.page import TEMPLATES as REPORT_TEMPLATES
from app.reports.router import router as reports_router
from app.seminars.router import router as seminars_router
from app.sites.router import router as sites_router
from app.speaking.router import router as speaking_router
from app.speaking.router import site_router as speaking_site_router
from app.speaking.schemas import SPEAKING_SOCKET_EVENTS
from app.submissions.router import router as submissions_router
from app.users.router import router as users_router

# Paths the single-page app must never shadow.
_BACKEND_PREFIXES = ("api/", "docs", "redoc", "socket.io", "metrics")
# The printable report opens from the app as a blob: page, which inherits the app's policy
# (and is served with it): its one <style> block, which has no template fields, by hash.
APP_POLICY = content_security_policy(
    style_src=f"'self' {inline_hashes((REPORT_TEMPLATES / 'report.html').read_text(), 'style')}"
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the HTTP application for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.live.start()
        yield
        await app.state.live.close()
        if limits is not None:
            await limits.close()
        await app.state.db.dispose()

    app = FastAPI(
        title="Điểm Cầu",
        version="0.1.0",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # install_api_docs: Swagger UI with its own security policy
        redoc_url=None,
        lifespan=lifespan,
        # FastAPI's built-in OpenTelemetry looks up its providers (environment reads)
        # on every request; we export our own Prometheus metrics instead.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    app.state.settings = settings
    app.state.db = Database(
        settings.database_url, echo=settings.sql_echo, synchronous=settings.sqlite_synchronous
    )
    # Rate limits and login failures shared by every process (Redis), else per process.
    limits = SharedLimits(settings.redis_url) if settings.redis_url else None
    app.state.live = LiveHub(settings, app.state.db, limits)
    app.state.live.sio.register_namespace(LiveNamespace(app.state.live, app.state.db))
    app.state.auth_throttle = AuthThrottle(settings, limits)
    app.state.poll_limits = PollLimits(settings, limits)
    install_error_handlers(app)
    install_security_headers(app, APP_POLICY)
    document_error_body(app)
    document_socket_events(
        app,
        NAMESPACE,
        {
            **LIVE_EVENTS,
            **SPEAKING_SOCKET_EVENTS,
            **INCIDENT_EVENTS,
            **TASK_EVENTS,
            **POLL_SOCKET_EVENTS,
        },
    )
    app.add_middleware(HeadcountFastPath)
    app.add_middleware(PublicRateLimit, settings=settings, shared=limits)
    # Outermost of ours: an oversized body is refused before anything reads it.
    app.add_middleware(BodyLimit, max_upload_bytes=settings.max_upload_bytes)

    # Routes are matched in order: the site API (headcount reports, the hot path) first.
    for router in (
        site_router,
        auth_router,
        users_router,
        sites_router,
        seminars_router,
        attendance_router,
        submissions_router,
        reports_router,
        readiness_site_router,
        readiness_router,
        speaking_site_router,
        speaking_router,
        incidents_site_router,
        incidents_router,
        followup_site_router,
        followup_router,
        polls_site_router,
        polls_public_router,
        polls_router,
    ):
        app.include_router(router, prefix=API_PREFIX)

    @app.get(f"{API_PREFIX}/health", tags=["meta"])
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    if settings.metrics_enabled:
        install_metrics(app)
    install_api_docs(app)
    mount_frontend(app, settings.frontend_dist, _BACKEND_PREFIXES)
    return app


def asgi_app(app: FastAPI) -> socketio.ASGIApp:
    """The app behind socket.io: ``/socket.io`` goes to the socket server, the rest to
    FastAPI (which also runs the lifespan)."""
    return socketio.ASGIApp(app.state.live.sio, other_asgi_app=app, socketio_path="socket.io")
