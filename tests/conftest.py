"""Shared fixtures: a real database built by the migrations, the app, actors.

SQLite by default; with ``DIEMCAU_TEST_DATABASE=postgresql`` every test gets a fresh
database on one throw-away PostgreSQL server (tests/services.py).
"""

import asyncio
import shutil
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import count
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.service import issue_token
from app.core.config import Settings
from app.core.migrations import upgrade_database
from app.core.security import hash_password
from app.main import asgi_app, create_app
from app.users.models import Role, User
from tests.services import ON_POSTGRES, PostgresServer, RedisServer, redis_available

PASSWORD = "mat-khau-an-toan"


@cache
def password_hash() -> str:
    """A real argon2 hash of PASSWORD, computed once: hashing is slow by design."""
    return hash_password(PASSWORD)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throw-away PostgreSQL for the session (only when the suite runs on it)."""
    if not ON_POSTGRES:
        pytest.skip("the suite runs on SQLite (DIEMCAU_TEST_DATABASE=postgresql for PostgreSQL)")
    server = PostgresServer()
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.destroy()


@pytest.fixture(scope="session")
def migrated_db_template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """One database built by ``alembic upgrade head``, copied for every test.

    SQLite: a file path. PostgreSQL: the name of a template database.
    """
    if ON_POSTGRES:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        name = server.create_database()
        upgrade_database(server.url(name))
        return name
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade_database(f"sqlite+aiosqlite:///{path}")
    return str(path)


@contextmanager
def _fresh_database(
    request: pytest.FixtureRequest, directory: Path, migrated_db_template: str
) -> Iterator[str]:
    """A copy of the migrated template (a file in ``directory``, or a PostgreSQL database
    dropped afterwards)."""
    if ON_POSTGRES:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        name = server.create_database(template=migrated_db_template)
        try:
            yield server.url(name)
        finally:
            server.drop_database(name)
        return
    db_file = directory / "diemcau.db"
    shutil.copy(migrated_db_template, db_file)
    yield f"sqlite+aiosqlite:///{db_file}"


def _settings(database_url: str, files: Path) -> Settings:
    return Settings(
        _env_file=None,
        database_url=database_url,
        data_dir=files,
        presence_grace_s=0.5,
        staff_token_check_s=0.2,
    )


@pytest.fixture
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_db_template: str
) -> Iterator[str]:
    """A fresh migrated database for one test, dropped after it (PostgreSQL)."""
    with _fresh_database(request, tmp_path, migrated_db_template) as url:
        yield url


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return _settings(database_url, tmp_path / "files")


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One throw-away Redis for the session (skipped where redis-server is missing)."""
    if not redis_available():
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@asynccontextmanager
async def _running_app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    async with _running_app(settings) as application:
        yield application


# One app for a whole module, for tests that share an expensive arrangement (a national
# seminar): the module overrides ``settings`` and ``app`` with these, and the per-test
# fixtures (client, session, make_actor, organizer…) then run against it.


@pytest.fixture(scope="module")
def module_settings(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    migrated_db_template: str,
) -> Iterator[Settings]:
    directory = tmp_path_factory.mktemp("module")
    with _fresh_database(request, directory, migrated_db_template) as database_url:
        yield _settings(database_url, directory / "files")


@pytest.fixture(scope="module")
async def module_app(module_settings: Settings) -> AsyncIterator[FastAPI]:
    async with _running_app(module_settings) as application:
        yield application


@dataclass
class LiveServer:
    """A real uvicorn serving the app (HTTP and socket.io) on a random port."""

    url: str
    app: FastAPI


@pytest.fixture
async def live_server(app: FastAPI) -> AsyncIterator[LiveServer]:
    """Uvicorn in this event loop, on a socket bound before it starts (no polling)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    config = uvicorn.Config(asgi_app(app), lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        yield LiveServer(url=f"http://127.0.0.1:{sock.getsockname()[1]}", app=app)
    finally:
        server.should_exit = True
        await task
        sock.close()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
async def session(app: FastAPI) -> AsyncIterator[AsyncSession]:
    """A database session for arranging and inspecting state directly.

    It opens write transactions (``BEGIN IMMEDIATE`` on SQLite): while a live server
    runs, end each transaction (commit or rollback) before the server needs to write.
    """
    async with app.state.db.write_sessions() as s:
        yield s


@dataclass
class Actor:
    """A user with a valid bearer token."""

    user: User
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


_emails = count(1)
MakeActor = Callable[..., Awaitable[Actor]]


def _actor_factory(app: FastAPI, settings: Settings) -> MakeActor:
    async def _make(role: Role = Role.organizer, **fields: object) -> Actor:
        async with app.state.db.write_sessions() as s:
            user = User(
                email=str(fields.pop("email", f"{role.value}{next(_emails)}@example.vn")),
                full_name=str(fields.pop("full_name", f"Người dùng {role.value}")),
                role=role,
                password_hash=password_hash(),
                **fields,
            )
            s.add(user)
            await s.commit()
            token = await issue_token(s, user, settings)
        return Actor(user=user, token=token)

    return _make


@pytest.fixture
def make_actor(app: FastAPI, settings: Settings) -> MakeActor:
    """Create a user of ``role`` and log them in (a token is issued directly)."""
    return _actor_factory(app, settings)


@pytest.fixture(scope="module")
def make_module_actor(module_app: FastAPI, module_settings: Settings) -> MakeActor:
    """``make_actor`` for module-scoped fixtures (users that live as long as ``module_app``)."""
    return _actor_factory(module_app, module_settings)


@pytest.fixture
async def admin(make_actor: MakeActor) -> Actor:
    return await make_actor(Role.admin)


@pytest.fixture
async def organizer(make_actor: MakeActor) -> Actor:
    return await make_actor(Role.organizer)


@pytest.fixture
async def speaker(make_actor: MakeActor) -> Actor:
    return await make_actor(Role.speaker)
