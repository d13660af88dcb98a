"""The demo seminar shows readiness at once: a few sites ready, one with a problem, and its
check open so that a new user can run one from a site link."""

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.demo import load_demo
from app.demo_data import SEMINAR_SLUG
from app.seminars.models import Seminar
from tests.conftest import Actor
from tests.factories import API, site_headers


async def test_the_demo_seminar_has_checks_and_its_check_is_open(
    client: httpx.AsyncClient, session: AsyncSession, admin: Actor, settings: Settings
) -> None:
    result = await load_demo(session, base_url="http://127.0.0.1", data_dir=settings.data_dir)
    seminar_id = await session.scalar(select(Seminar.id).where(Seminar.slug == SEMINAR_SLUG))
    await session.rollback()  # the API writes next
    board = await client.get(f"{API}/seminars/{seminar_id}/readiness", headers=admin.headers)
    assert board.status_code == 200, board.text
    got = board.json()
    assert (got["ready"], got["problem"], got["unchecked"]) == (2, 1, 70)
    assert got["sites"][0]["readiness"] == "problem" and got["sites"][0]["note"]

    # A site link of the demo runs its own check now.
    _code, url = result.links[-1]
    token = url.split("#", 1)[1]
    sent = await client.post(
        f"{API}/site/techcheck",
        json={"video": "ok", "audio": "ok", "network": "ok", "request_id": "thu-1"},
        headers=site_headers(token),
    )
    assert sent.status_code == 200, sent.text
