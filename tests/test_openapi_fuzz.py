"""Property-based testing of the whole OpenAPI document (schemathesis): whatever a client
sends to any operation, the API never answers 5xx, and what it answers matches the
document. A fixed seed and a bounded number of examples per operation keep the run
reproducible and short; a real server (uvicorn, in a thread) serves a migrated SQLite
database holding the demo event, and the requests carry the demo organizer's token."""

import asyncio
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import pytest
import schemathesis
import uvicorn
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance
from sqlalchemy import select

from app.auth.service import issue_token
from app.core.config import Settings
from app.core.db import Database
from app.demo import load_demo
from app.demo_data import ORGANIZER_EMAIL
from app.main import asgi_app, create_app
from app.users.models import User
from tests.services import ON_POSTGRES, PostgresServer

# `make test` runs a short, fixed run; `make fuzz` a longer one (or set these yourself).
SEED = int(os.environ.get("DIEMCAU_FUZZ_SEED", "20260719"))
EXAMPLES_PER_OPERATION = int(os.environ.get("DIEMCAU_FUZZ_EXAMPLES", "15"))

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "generation": {
            "max-examples": EXAMPLES_PER_OPERATION,
            "deterministic": True,
            "mode": "all",  # valid and invalid inputs
            "database": "none",  # no example database: every run is the same run
        },
        "phases": {
            "coverage": {"enabled": False},  # unbounded in the number of cases
            "stateful": {"enabled": False},
        },
    }
)
# Date-times over the whole range ISO 8601 allows, the edges first: year 1 with a
# positive offset and year 9999 with a negative one overflow when converted to UTC.
EDGE_DATETIMES = [
    "0001-01-01T00:00:00+07:00",
    "9999-12-31T23:59:59-05:00",
    "1999-12-31T23:59:59Z",
    "2101-01-01T00:00:00+14:00",
]
schemathesis.openapi.format(
    "date-time",
    st.one_of(
        st.sampled_from(EDGE_DATETIMES),
        st.datetimes(
            min_value=datetime(1, 1, 1),
            max_value=datetime(9999, 12, 31, 23, 59, 59),
            timezones=st.sampled_from([timezone(timedelta(hours=h)) for h in (-12, 7, 14)] + [UTC]),
        ).map(datetime.isoformat),
    ),
)
SCHEMA = schemathesis.openapi.from_dict(
    create_app(Settings(_env_file=None, database_url="sqlite+aiosqlite://")).openapi(),
    config=CONFIG,
).exclude(path="/api/v1/auth/logout")  # it would revoke the token the other cases use


@dataclass
class Served:
    url: str
    headers: dict[str, str]


async def _load_demo_and_log_in(settings: Settings) -> str:
    db = Database(settings.database_url)
    try:
        async with db.write_sessions() as session:
            await load_demo(session, base_url="http://127.0.0.1", data_dir=settings.data_dir)
            organizer = await session.scalar(select(User).where(User.email == ORGANIZER_EMAIL))
            assert organizer is not None
            return await issue_token(session, organizer, settings)
    finally:
        await db.dispose()


@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    migrated_db_template: str,
) -> Iterator[Served]:
    """Uvicorn in its own thread (the cases are sent synchronously), on a bound socket."""
    root = tmp_path_factory.mktemp("fuzz")
    if ON_POSTGRES:
        postgres: PostgresServer = request.getfixturevalue("postgres_server")
        database_url = postgres.url(postgres.create_database(template=migrated_db_template))
    else:
        shutil.copy(migrated_db_template, root / "fuzz.db")
        database_url = f"sqlite+aiosqlite:///{root / 'fuzz.db'}"
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        data_dir=root / "files",
        # Limits that would turn the fuzzer's hundreds of requests into 429s are raised:
        # they are tested on their own, here the operations behind them are.
        public_burst=1_000_000,
        site_burst=1_000_000,
        max_papers_per_speaker=1_000_000,
    )
    token = asyncio.run(_load_demo_and_log_in(settings))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    app = create_app(settings)
    uvicorn_server = uvicorn.Server(uvicorn.Config(asgi_app(app), log_level="warning"))
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [sock]})
    thread.start()
    try:
        yield Served(
            url=f"http://127.0.0.1:{sock.getsockname()[1]}",
            headers={"Authorization": f"Bearer {token}"},
        )
    finally:
        uvicorn_server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@SCHEMA.parametrize()
def test_no_request_makes_the_api_fail_and_answers_match_the_document(
    case: schemathesis.Case, server: Served
) -> None:
    response = case.call(base_url=server.url, headers=server.headers, timeout=30)
    case.validate_response(
        response,
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
