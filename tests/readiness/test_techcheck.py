"""A site's technical check: recorded once per request_id, the latest counts, open from
techcheck_opens_at until the seminar is over; the organizers' board orders problems,
then the unchecked (with the coordinator's phone), then the ready sites."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.attendance.rebuild import rebuild_rollup
from app.core.config import Settings
from app.readiness.models import Readiness, TechCheck
from app.seminars.models import Seminar
from app.sites.models import SiteLevel
from tests.conftest import Actor, MakeActor
from tests.factories import API, create_seminar, create_site, invite, site_headers

OK = {"video": "ok", "audio": "ok", "network": "ok"}
SOUND_PROBLEM = {"video": "ok", "audio": "problem", "network": "ok", "note": "Mất tiếng loa"}


def check(token: str, client: httpx.AsyncClient, **body: Any) -> Any:
    payload = {"request_id": str(uuid.uuid4()), **body}
    return client.post(f"{API}/site/techcheck", json=payload, headers=site_headers(token))


@pytest.fixture
async def province(session: AsyncSession) -> Any:
    """A province with three communes (alphabetical: An Bình, Bình Minh, Cẩm Phả)."""
    top = await create_site(session, "T01", "Tỉnh Thái Bình", level=SiteLevel.province)
    communes = [
        await create_site(session, f"X0{i}", name, top, SiteLevel.commune)
        for i, name in enumerate(["Xã Cẩm Phả", "Xã An Bình", "Xã Bình Minh"], 1)
    ]
    return top, communes


@pytest.fixture
async def tokens(
    client: httpx.AsyncClient, organizer: Actor, province: Any
) -> tuple[dict, dict[int, str]]:
    top, communes = province
    seminar = await create_seminar(client, organizer, "published")
    return seminar, await invite(
        client, organizer, seminar["id"], [top.id] + [c.id for c in communes]
    )


async def board(client: httpx.AsyncClient, actor: Actor, seminar_id: int, **params: Any) -> Any:
    response = await client.get(
        f"{API}/seminars/{seminar_id}/readiness", params=params, headers=actor.headers
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_all_three_ok_is_ready_and_one_problem_is_a_problem(
    client: httpx.AsyncClient, tokens: Any, province: Any
) -> None:
    _seminar, by_site = tokens
    _top, (cam_pha, an_binh, _binh_minh) = province
    ready = await check(by_site[cam_pha.id], client, **OK, rtt_ms=85)
    assert ready.status_code == 200, ready.text
    assert ready.json()["readiness"] == "ready"
    assert ready.json()["rtt_ms"] == 85
    problem = await check(by_site[an_binh.id], client, **SOUND_PROBLEM)
    assert problem.json()["readiness"] == "problem"
    assert problem.json()["audio"] == "problem"
    assert problem.json()["note"] == "Mất tiếng loa"


async def test_a_repeated_request_id_is_recorded_once_and_answers_the_same(
    client: httpx.AsyncClient, session: AsyncSession, tokens: Any, province: Any
) -> None:
    _seminar, by_site = tokens
    token = by_site[province[1][0].id]
    body = {**OK, "request_id": "lan-1"}
    first = await client.post(f"{API}/site/techcheck", json=body, headers=site_headers(token))
    again = await client.post(f"{API}/site/techcheck", json=body, headers=site_headers(token))
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    logged = await session.scalar(select(func.count()).select_from(TechCheck))
    assert logged == 1


async def test_the_latest_check_counts_and_every_check_is_logged(
    client: httpx.AsyncClient, session: AsyncSession, tokens: Any, province: Any
) -> None:
    seminar, by_site = tokens
    token = by_site[province[1][0].id]
    await check(token, client, **SOUND_PROBLEM)
    fixed = await check(token, client, **OK)
    assert fixed.json()["readiness"] == "ready"
    assert fixed.json()["note"] is None
    assert await session.scalar(select(func.count()).select_from(TechCheck)) == 2
    seminar_row = await session.get(Seminar, seminar["id"], populate_existing=True)
    assert (seminar_row.sites_ready, seminar_row.sites_problem) == (1, 0)


async def test_a_queued_check_older_than_the_latest_is_logged_but_does_not_replace_it(
    client: httpx.AsyncClient, tokens: Any, province: Any
) -> None:
    _seminar, by_site = tokens
    token = by_site[province[1][0].id]
    now = datetime.now(UTC)
    await check(token, client, **OK, reported_at=now.isoformat())
    late = await check(
        token, client, **SOUND_PROBLEM, reported_at=(now - timedelta(minutes=5)).isoformat()
    )
    assert late.status_code == 200
    assert late.json()["readiness"] == "ready"


async def test_before_the_opening_time_409_says_when_it_opens(
    client: httpx.AsyncClient, organizer: Actor, province: Any
) -> None:
    starts = datetime(2031, 3, 5, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
    seminar = await create_seminar(
        client, organizer, "published", starts_at=starts, ends_at=starts + timedelta(hours=3)
    )
    token = (await invite(client, organizer, seminar["id"], [province[0].id]))[province[0].id]
    refused = await check(token, client, **OK)
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "readiness.not_open"
    # The default: an hour before the start, in the seminar's time zone.
    assert body["params"]["opens_at"] == "05/03/2031 08:00"
    assert "05/03/2031 08:00" in body["detail"]


async def test_the_seminar_s_own_opening_time_counts(
    client: httpx.AsyncClient, organizer: Actor, province: Any
) -> None:
    starts = datetime.now(UTC) + timedelta(hours=3)
    seminar = await create_seminar(
        client,
        organizer,
        "published",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        techcheck_opens_at=starts - timedelta(hours=4),
    )
    assert seminar["techcheck_opens_at"] is not None
    token = (await invite(client, organizer, seminar["id"], [province[0].id]))[province[0].id]
    assert (await check(token, client, **OK)).status_code == 200


@pytest.mark.parametrize("status", ["ended", "cancelled"])
async def test_after_the_end_or_a_cancellation_409(
    client: httpx.AsyncClient, organizer: Actor, province: Any, status: str
) -> None:
    seminar = await create_seminar(client, organizer, "published")
    token = (await invite(client, organizer, seminar["id"], [province[0].id]))[province[0].id]
    verb = "cancel" if status == "cancelled" else None
    if verb is None:
        for step in ("start", "end"):
            moved = await client.post(
                f"{API}/seminars/{seminar['id']}/{step}", headers=organizer.headers
            )
            assert moved.status_code == 200, moved.text
    else:
        moved = await client.post(
            f"{API}/seminars/{seminar['id']}/cancel", headers=organizer.headers
        )
        assert moved.status_code == 200, moved.text
    refused = await check(token, client, **OK)
    assert refused.status_code == 409
    assert refused.json()["code"] == "readiness.closed"


@pytest.mark.parametrize(
    "body",
    [
        {"video": "ok", "audio": "ok"},
        {**OK, "video": "good"},
        {**OK, "rtt_ms": -1},
        {**OK, "rtt_ms": 60_001},
        {**OK, "note": "x" * 1001},
    ],
)
async def test_bad_checks_are_422_and_nothing_is_logged(
    client: httpx.AsyncClient, session: AsyncSession, tokens: Any, province: Any, body: dict
) -> None:
    _seminar, by_site = tokens
    refused = await check(by_site[province[0].id], client, **body)
    assert refused.status_code == 422
    assert await session.scalar(select(func.count()).select_from(TechCheck)) == 0


async def test_an_unknown_token_is_401(client: httpx.AsyncClient) -> None:
    assert (await check("khong-co", client, **OK)).status_code == 401


async def test_techcheck_opens_at_must_be_before_the_start(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    seminar = await create_seminar(client, organizer)
    late = datetime.fromisoformat(seminar["starts_at"]) + timedelta(minutes=1)
    refused = await client.patch(
        f"{API}/seminars/{seminar['id']}",
        json={"techcheck_opens_at": late.isoformat()},
        headers=organizer.headers,
    )
    assert refused.status_code == 422
    assert "seminar.techcheck_after_start" in refused.text


# --- the board ------------------------------------------------------------------------------


async def test_the_board_lists_problems_then_unchecked_with_phones_then_ready(
    client: httpx.AsyncClient,
    session: AsyncSession,
    organizer: Actor,
    tokens: Any,
    province: Any,
) -> None:
    seminar, by_site = tokens
    _top, (cam_pha, an_binh, binh_minh) = province
    # The directory's coordinator (the site has not registered one of its own).
    binh_minh.coordinator_name, binh_minh.coordinator_phone = "Chị Lan", "0912 345 678"
    await session.commit()
    await check(by_site[an_binh.id], client, **OK)
    await check(by_site[cam_pha.id], client, **SOUND_PROBLEM)
    got = await board(client, organizer, seminar["id"])
    assert (got["ready"], got["problem"], got["unchecked"], got["total"]) == (1, 1, 2, 4)
    assert [s["name"] for s in got["sites"]] == [
        "Xã Cẩm Phả",  # problem
        "Tỉnh Thái Bình",  # unchecked, Vietnamese order
        "Xã Bình Minh",
        "Xã An Bình",  # ready
    ]
    unchecked = got["sites"][2]
    assert unchecked["coordinator_phone"] == "0912 345 678"
    assert unchecked["readiness"] == "unchecked" and unchecked["checked_at"] is None
    paged = await board(client, organizer, seminar["id"], limit=1, offset=1)
    assert [s["name"] for s in paged["sites"]] == ["Tỉnh Thái Bình"]
    assert paged["total"] == 4


async def test_a_limited_member_sees_the_board_of_their_subtree_only(
    client: httpx.AsyncClient,
    organizer: Actor,
    make_actor: MakeActor,
    session: AsyncSession,
    province: Any,
) -> None:
    top, communes = province
    other = await create_site(session, "T02", "Tỉnh Nam Định", level=SiteLevel.province)
    seminar = await create_seminar(client, organizer, "published")
    by_site = await invite(client, organizer, seminar["id"], [other.id, *(c.id for c in communes)])
    await check(by_site[other.id], client, **SOUND_PROBLEM)
    await check(by_site[communes[0].id], client, **OK)
    colleague = await make_actor()
    added = await client.post(
        f"{API}/seminars/{seminar['id']}/members",
        json={"user_id": colleague.user.id, "subtree_site_id": top.id},
        headers=organizer.headers,
    )
    assert added.status_code in (200, 201), added.text
    mine = await board(client, colleague, seminar["id"])
    assert (mine["ready"], mine["problem"], mine["unchecked"], mine["total"]) == (1, 0, 2, 3)
    assert "Tỉnh Nam Định" not in [s["name"] for s in mine["sites"]]
    outside = await client.get(
        f"{API}/seminars/{seminar['id']}/readiness",
        params={"under": other.id},
        headers=colleague.headers,
    )
    assert outside.status_code == 404
    everyone = await board(client, organizer, seminar["id"])
    assert everyone["problem"] == 1 and everyone["total"] == 4


async def test_strangers_do_not_see_a_board(
    client: httpx.AsyncClient, make_actor: MakeActor, tokens: Any
) -> None:
    seminar, _ = tokens
    stranger = await make_actor()
    response = await client.get(
        f"{API}/seminars/{seminar['id']}/readiness", headers=stranger.headers
    )
    assert response.status_code == 404


async def test_the_counters_equal_a_recount(
    client: httpx.AsyncClient, session: AsyncSession, tokens: Any, province: Any
) -> None:
    seminar, by_site = tokens
    top, (cam_pha, an_binh, binh_minh) = province
    await check(by_site[cam_pha.id], client, **OK)
    await check(by_site[an_binh.id], client, **SOUND_PROBLEM)
    await check(by_site[an_binh.id], client, **OK)
    await check(by_site[binh_minh.id], client, **SOUND_PROBLEM)
    await check(by_site[top.id], client, **OK)

    async def counters() -> dict[int, tuple[int, int]]:
        rows = await session.execute(
            select(SeminarSite.site_id, SeminarSite.sites_ready, SeminarSite.sites_problem)
            .where(SeminarSite.seminar_id == seminar["id"])
            .execution_options(populate_existing=True)
        )
        row = await session.get(Seminar, seminar["id"], populate_existing=True)
        return {**{s: (r, p) for s, r, p in rows}, 0: (row.sites_ready, row.sites_problem)}

    kept = await counters()
    assert kept[top.id] == (3, 1)
    assert kept[0] == (3, 1)
    assert kept[an_binh.id] == (1, 0)
    # Recomputed from the rows alone.
    await rebuild_rollup(session, seminar["id"])
    await session.commit()
    assert await counters() == kept
    readiness = await session.scalars(
        select(SeminarSite.readiness).where(SeminarSite.seminar_id == seminar["id"])
    )
    assert sorted(readiness) == sorted(
        [Readiness.ready, Readiness.ready, Readiness.ready, Readiness.problem]
    )


async def test_public_views_carry_counts_only(
    client: httpx.AsyncClient, tokens: Any, province: Any
) -> None:
    seminar, by_site = tokens
    await check(by_site[province[1][0].id], client, **OK)
    public = await client.get(f"{API}/public/seminars/{seminar['slug']}")
    assert public.status_code == 200, public.text
    totals = public.json()["totals"]
    assert (totals["sites_ready"], totals["sites_problem"], totals["sites_invited"]) == (1, 0, 4)
    assert "0912" not in public.text


# --- rate limit -----------------------------------------------------------------------------


class TestRateLimit:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"site_burst": 2, "site_rate_per_s": 0.001})

    async def test_checks_are_rate_limited_per_site_token(
        self, client: httpx.AsyncClient, tokens: Any, province: Any
    ) -> None:
        _seminar, by_site = tokens
        token, other = by_site[province[1][0].id], by_site[province[1][1].id]
        answers = [(await check(token, client, **OK)).status_code for _ in range(3)]
        assert answers == [200, 200, 429]
        assert (await check(other, client, **OK)).status_code == 200
