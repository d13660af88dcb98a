"""Shared fixtures: a real SQLite database built by the migrations, the app, actors."""

import asyncio
import shutil
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
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

PASSWORD = "mat-khau-an-toan"


@cache
def password_hash() -> str:
    """A real argon2 hash of PASSWORD, computed once: hashing is slow by design."""
    return hash_password(PASSWORD)


@pytest.fixture(scope="session")
def migrated_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database file built by ``alembic upgrade head``, copied for every test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade_database(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
def settings(tmp_path: Path, migrated_db_template: Path) -> Settings:
    db_file = tmp_path / "diemcau.db"
    shutil.copy(migrated_db_template, db_file)
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{db_file}",
        data_dir=tmp_path / "files",
        presence_grace_s=0.5,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
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


@pytest.fixture
def make_actor(app: FastAPI, settings: Settings) -> MakeActor:
    """Create a user of ``role`` and log them in (a token is issued directly)."""

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
async def admin(make_actor: MakeActor) -> Actor:
    return await make_actor(Role.admin)


@pytest.fixture
async def organizer(make_actor: MakeActor) -> Actor:
    return await make_actor(Role.organizer)


@pytest.fixture
async def speaker(make_actor: MakeActor) -> Actor:
    return await make_actor(Role.speaker)
