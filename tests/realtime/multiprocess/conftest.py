"""Two ``diemcau serve`` processes on one SQLite file, sharing a throw-away Redis.

``redis_url`` (session-scoped) starts ``redis-server`` on a free loopback port with no
persistence; each test starts from an empty Redis. ``pair`` gives two servers started
with ``DIEMCAU_REDIS_URL``; tests start them (after arranging the seminar in-process).
"""

import shutil
import socket
import subprocess
import threading
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import redis

from app.core.config import Settings
from tests.faults.conftest import REQUEST_TIMEOUT_S, DiemcauServer, live  # noqa: F401

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
START_WAIT_S = 10.0
GRACE_S = 2.0
NO_DISK = ["--save", "", "--appendonly", "no", "--daemonize", "no"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A ``redis-server`` child process on a fixed port, which a test may restart."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", *NO_DISK],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        assert self.proc.stdout is not None
        # Ready once it says so (it exits, closing the pipe, if it cannot start).
        for line in self.proc.stdout:
            if b"Ready to accept connections" in line:
                break
        else:
            raise RuntimeError(f"redis-server did not start on port {self.port}")
        # Keep draining its output so that it never blocks on a full pipe.
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()

    def stop(self) -> None:
        """SIGKILL: Redis loses everything (it keeps nothing on disk here)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=START_WAIT_S)

    def flush(self) -> None:
        with redis.Redis.from_url(self.url) as client:
            client.flushall()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    if not shutil.which(REDIS_SERVER):
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_url(redis_server: RedisServer) -> str:
    return redis_server.url


@pytest.fixture
def fresh_redis(redis_server: RedisServer) -> RedisServer:
    """The session's Redis, running and empty."""
    if redis_server.proc is None or redis_server.proc.poll() is not None:
        redis_server.start()
    redis_server.flush()
    return redis_server


@pytest.fixture
def pair(settings: Settings, fresh_redis: RedisServer) -> Iterator[list[DiemcauServer]]:
    """Two servers sharing the database and Redis (not started yet)."""
    servers = [DiemcauServer(settings), DiemcauServer(settings)]
    for server in servers:
        server.env["DIEMCAU_REDIS_URL"] = fresh_redis.url
        server.env["DIEMCAU_PRESENCE_GRACE_S"] = str(GRACE_S)
    try:
        yield servers
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
async def https(pair: list[DiemcauServer]) -> AsyncIterator[list[httpx.AsyncClient]]:
    """One HTTP client per server."""
    limits = httpx.Limits(max_connections=50, max_keepalive_connections=50)
    clients = [
        httpx.AsyncClient(base_url=s.url, timeout=REQUEST_TIMEOUT_S, limits=limits) for s in pair
    ]
    try:
        yield clients
    finally:
        for client in clients:
            await client.aclose()
