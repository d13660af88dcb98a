"""PostgreSQL goes away under a running server, then comes back (PostgreSQL runs only).

The test's own PostgreSQL (not the session's): it is stopped as in a crash.
"""

from collections.abc import Iterator

import httpx
import pytest

from app.core.config import Settings
from app.core.migrations import upgrade_database
from tests.conftest import Actor
from tests.factories import API
from tests.faults.conftest import DiemcauServer, Sent, post_report, report_body, stored_request_ids
from tests.faults.test_headcount_faults import assert_refused_passing_fault, database_view
from tests.realtime.conftest import LiveSeminar
from tests.services import ON_POSTGRES, PostgresServer

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="about a PostgreSQL server stopping")


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    server = PostgresServer()
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.destroy()


@pytest.fixture
def database_url(own_postgres: PostgresServer) -> str:
    """This module's tests run on their own PostgreSQL."""
    url = own_postgres.url(own_postgres.create_database())
    upgrade_database(url)
    return url


async def test_a_stopped_postgresql_answers_503_acknowledges_nothing_then_takes_the_same_reports(
    live: LiveSeminar,
    server: DiemcauServer,
    http: httpx.AsyncClient,
    settings: Settings,
    organizer: Actor,
    own_postgres: PostgresServer,
) -> None:
    server.start()
    tokens = list(live.tokens.values())
    warm = Sent()
    await post_report(http, warm, tokens[0], report_body(1))
    assert warm.acknowledged

    own_postgres.stop("immediate")  # as in a crash: connections die, none is closed
    bodies = [(tokens[i % len(tokens)], report_body(20 + i)) for i in range(10)]
    during = Sent()
    for token, body in bodies:
        assert_refused_passing_fault(await post_report(http, during, token, body))
    assert not during.acknowledged

    own_postgres.start()
    assert (await stored_request_ids(settings)).isdisjoint(str(b["request_id"]) for _t, b in bodies)
    after = Sent()
    for token, body in bodies:  # the clients send the same reports again
        response = await post_report(http, after, token, body)
        assert response is not None and response.status_code == 200, response and response.text
    assert {str(b["request_id"]) for _t, b in bodies} <= await stored_request_ids(settings)

    headcount, connected, rows = await database_view(settings, live.id)
    assert headcount == sum(rows.values())
    shown = await http.get(f"{API}/seminars/{live.id}/attendance", headers=organizer.headers)
    assert shown.status_code == 200, shown.text
    assert shown.json()["totals"]["headcount"] == headcount
    assert shown.json()["totals"]["sites_connected"] == connected
