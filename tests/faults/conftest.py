"""A real ``diemcau serve`` process on a migrated database, and clients that report to it.

The test owns the listening socket and hands it to the server (``--fd``): a restarted
server serves the same port, and connections made while it is down wait in the backlog
instead of failing, so no test polls for readiness.
"""

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

from app.core.config import Settings
from app.sites.models import Site
from tests.conftest import Actor
from tests.factories import API, create_site, site_headers
from tests.realtime.conftest import LiveSeminar, make_live_seminar

WAIT_S = 60.0  # an upper bound for a wait (a server start, a drain), never a synchronisation
REQUEST_TIMEOUT_S = 20.0
SERVE = [sys.executable, "-m", "app.cli", "serve"]


class DiemcauServer:
    """``diemcau serve`` in a child process, on a socket the test keeps."""

    def __init__(self, settings: Settings) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(2048)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.env = {
            **os.environ,
            "DIEMCAU_DATABASE_URL": settings.database_url,
            "DIEMCAU_DATA_DIR": str(settings.data_dir),
            "DIEMCAU_PRESENCE_GRACE_S": "3600",
        }
        self.lines: list[str] = []  # the server's output (a pipe: no file for it to grow)
        self.proc: subprocess.Popen[bytes] | None = None
        self.runs = 0
        self.workers = 1

    def start(self) -> None:
        assert self.proc is None or self.proc.poll() is not None
        self.runs += 1
        self.proc = subprocess.Popen(
            [*SERVE, "--fd", str(self.sock.fileno()), "--workers", str(self.workers)],
            env=self.env,
            pass_fds=[self.sock.fileno()],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        threading.Thread(target=self._read_output, args=(self.proc,), daemon=True).start()

    def _read_output(self, proc: "subprocess.Popen[bytes]") -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self.lines.append(line.decode(errors="replace"))

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=WAIT_S)

    def terminate(self) -> int:
        """SIGTERM, then wait for the graceful exit; returns the exit code."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        # New connections are refused from now on (the server closes its copy too).
        self.sock.close()
        return self.proc.wait(timeout=WAIT_S)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=WAIT_S)
        self.sock.close()

    def log(self) -> str:
        return "".join(self.lines)


@pytest.fixture
def server(settings: Settings) -> Iterator[DiemcauServer]:
    process = DiemcauServer(settings)
    try:
        yield process
    finally:
        process.stop()


def db_path(settings: Settings) -> Path:
    return Path(settings.database_url.split("///", 1)[1])


def connect(settings: Settings, **kwargs: object) -> sqlite3.Connection:
    """A plain connection to the server's SQLite file (autocommit: BEGIN is explicit)."""
    return sqlite3.connect(db_path(settings), isolation_level=None, **kwargs)  # type: ignore[arg-type]


async def query(settings: Settings, sql: str, **params: object) -> list[Any]:
    """Rows of one statement, on a connection of its own (either database)."""
    engine = create_async_engine(settings.database_url, poolclass=NullPool)
    try:
        async with engine.begin() as conn:
            result = await conn.execute(text(sql), params)
            return list(result.all()) if result.returns_rows else []
    finally:
        await engine.dispose()


async def stored_request_ids(settings: Settings) -> set[str]:
    return {row[0] for row in await query(settings, "SELECT request_id FROM attendance_reports")}


@contextlib.asynccontextmanager
async def writers_held(settings: Settings) -> AsyncIterator[None]:
    """Another client holds the lock the recorder's transaction waits for, until exit."""
    if settings.database_url.startswith("sqlite"):
        lock = connect(settings)
        lock.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        return
    engine = create_async_engine(settings.database_url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("LOCK TABLE seminar_sites IN EXCLUSIVE MODE"))
            try:
                yield
            finally:
                await conn.rollback()
    finally:
        await engine.dispose()


@pytest.fixture
async def live(client: httpx.AsyncClient, organizer: Actor, session: AsyncSession) -> LiveSeminar:
    """A live seminar with twenty checked-in sites (arranged in-process, before the server)."""
    root = await create_site(session, "DUK", "Đảng ủy Khối")
    sites: list[Site] = [
        await create_site(session, f"CS{i:02d}", f"Chi bộ {i:02d}", parent=root) for i in range(20)
    ]
    await session.commit()
    return await make_live_seminar(client, organizer, sites)


def report_body(headcount: int, request_id: str | None = None) -> dict[str, object]:
    return {
        "headcount": headcount,
        "request_id": request_id or str(uuid.uuid4()),
        "reported_at": datetime.now(UTC).isoformat(),
    }


@dataclass
class Sent:
    """What the clients saw: the request ids answered 2xx, and every other answer."""

    acknowledged: set[str] = field(default_factory=set)
    statuses: dict[str, int] = field(default_factory=dict)  # request id → last status (0: none)
    answers: dict[str, httpx.Response] = field(default_factory=dict)


async def post_report(
    http: httpx.AsyncClient, sent: Sent, token: str, body: dict[str, object]
) -> httpx.Response | None:
    """One report; a network failure is simply not an acknowledgement."""
    request_id = str(body["request_id"])
    try:
        response = await http.post(f"{API}/site/headcount", json=body, headers=site_headers(token))
    except httpx.HTTPError:
        sent.statuses[request_id] = 0
        return None
    sent.statuses[request_id] = response.status_code
    sent.answers[request_id] = response
    if 200 <= response.status_code < 300:
        sent.acknowledged.add(request_id)
    return response


@pytest.fixture
async def http(server: DiemcauServer) -> AsyncIterator[httpx.AsyncClient]:
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(
        base_url=server.url, timeout=REQUEST_TIMEOUT_S, limits=limits
    ) as client:
        yield client
