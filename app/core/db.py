"""Database plumbing: declarative base, engine, sessions and the session dependency."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import Depends, Request
from sqlalchemy import DateTime, MetaData, event, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model; explicit constraint names keep migrations portable."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp stored in UTC; SQLite's naive values come back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a timezone-aware one is required")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def _configure_sqlite(engine: Engine, *, foreign_keys: bool, synchronous: str) -> None:
    """WAL, foreign keys and a busy timeout; write transactions take the lock up front.

    ``synchronous=FULL`` syncs the WAL at every commit: an acknowledged report survives a
    power loss (NORMAL may lose the last commits). Group commit keeps its cost small.

    pysqlite's own transaction handling is switched off so that we emit BEGIN ourselves:
    a session opened for writing starts with ``BEGIN IMMEDIATE`` and therefore never
    fails half-way with "database is locked" when it upgrades a read lock.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("sqlite_begin_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """One engine and its two session factories (read, write)."""

    def __init__(
        self,
        url: str,
        *,
        echo: bool = False,
        foreign_keys: bool = True,
        synchronous: Literal["FULL", "NORMAL"] = "FULL",
    ) -> None:
        """``foreign_keys=False`` is for migrations only: SQLite rebuilds tables in batch mode.

        ``synchronous`` is SQLite's durability level; NORMAL only for benchmark comparisons.
        """
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            _ensure_sqlite_dir(url)
        self.engine: AsyncEngine = create_async_engine(url, echo=echo)
        if self.is_sqlite:
            _configure_sqlite(
                self.engine.sync_engine, foreign_keys=foreign_keys, synchronous=synchronous
            )
            write_engine = self.engine.execution_options(sqlite_begin_immediate=True)
        else:
            write_engine = self.engine
        self.read_sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self.write_sessions = async_sessionmaker(write_engine, expire_on_commit=False)

    async def dispose(self) -> None:
        await self.engine.dispose()


def _ensure_sqlite_dir(url: str) -> None:
    from pathlib import Path

    from sqlalchemy.engine import make_url

    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session per request; requests that may write take the write lock at BEGIN."""
    db: Database = request.app.state.db
    factory = db.read_sessions if request.method in _READ_METHODS else db.write_sessions
    async with factory() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def lock_for_writers(session: AsyncSession, name: str) -> None:
    """Serialise the transactions that check and then write one shared thing (``name``),
    until this one ends: a PostgreSQL advisory lock. On SQLite, ``BEGIN IMMEDIATE``
    already runs one writer at a time."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(func.hashtext(name))))


def enum_column_type(enum_cls: type[Any]) -> Any:
    """A portable VARCHAR column for a ``StrEnum``: stores the values, not the names."""
    from sqlalchemy import Enum

    return Enum(
        enum_cls,
        native_enum=False,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def matches_every_word(folded_column: Any, query: str | None) -> list[Any]:
    """Conditions for a diacritic-insensitive search over a column of ``fold()``-ed text:
    the query is folded the same way and split in words, and every word must occur."""
    from app.core.text import fold

    def escape(word: str) -> str:
        return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

    if not query:
        return []
    return [folded_column.like(f"%{escape(word)}%", escape="\\") for word in fold(query).split()]


async def refresh_statistics(session: AsyncSession, *tables: str) -> None:
    """``ANALYZE`` the tables after a bulk write (in the caller's transaction): the query
    planners of SQLite (which has no statistics until asked) and PostgreSQL (before
    autovacuum gets to it) then pick the index-driven plans for tens of thousands of rows."""
    for table in tables:
        await session.execute(text(f"ANALYZE {table}"))
