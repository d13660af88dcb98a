"""The migrations are the schema: no drift from the models, and they round-trip."""

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine

from app.core.migrations import alembic_config
from app.models import Base
from tests.services import ON_POSTGRES, PostgresServer


def _drift(url: str) -> list:
    """What autogenerate would change to make the database match the models."""

    def compare(conn: object) -> list:
        context = MigrationContext.configure(conn, opts={"compare_type": True})  # type: ignore[arg-type]
        return compare_metadata(context, Base.metadata)

    async def run() -> list:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                return await conn.run_sync(compare)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _tables(url: str) -> set[str]:
    async def run() -> set[str]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
        finally:
            await engine.dispose()

    return asyncio.run(run())


@pytest.fixture
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if ON_POSTGRES:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        name = server.create_database()
        yield server.url(name)
        server.drop_database(name)
    else:
        yield f"sqlite+aiosqlite:///{tmp_path / 'roundtrip.db'}"


def test_models_and_migrations_do_not_drift(database_url: str) -> None:
    assert _drift(database_url) == []


def test_downgrade_to_base_and_upgrade_again_round_trips(empty_database_url: str) -> None:
    config = alembic_config(empty_database_url)
    command.upgrade(config, "head")
    command.check(config)
    command.downgrade(config, "base")
    assert _tables(empty_database_url) <= {"alembic_version"}
    command.upgrade(config, "head")
    assert _drift(empty_database_url) == []
