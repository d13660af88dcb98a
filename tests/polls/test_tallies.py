"""Per-site tallies: absolute, idempotent, latest wins, bounded by the headcount."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.polls.models import PollTallyReport
from tests.conftest import Actor
from tests.factories import API, site_headers
from tests.polls.conftest import Hall, create_poll, make_hall, move, open_poll, results, tally


async def test_a_repeated_request_id_is_applied_once(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall, session: AsyncSession
) -> None:
    poll = await open_poll(client, organizer, hall)
    yes, no = (o["id"] for o in poll["options"])
    request_id = str(uuid.uuid4())
    first = await tally(
        client, hall.tokens[0], poll["id"], {yes: 25, no: 10}, request_id=request_id
    )
    again = await tally(
        client, hall.tokens[0], poll["id"], {yes: 25, no: 10}, request_id=request_id
    )
    assert first == again
    assert first["applied"] and first["counts"] == {str(yes): 25, str(no): 10}
    figures = await results(client, organizer, hall, poll["id"])
    assert figures["responses"] == 35
    assert [o["count"] for o in figures["options"]] == [25, 10]
    logged = await session.scalar(
        select(func.count())
        .select_from(PollTallyReport)
        .where(PollTallyReport.poll_id == poll["id"])
    )
    assert logged == 1


async def test_counts_are_absolute_a_new_report_replaces_the_site_s_counts(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await open_poll(client, organizer, hall)
    yes, no = (o["id"] for o in poll["options"])
    await tally(client, hall.tokens[0], poll["id"], {yes: 25, no: 10})
    await tally(client, hall.tokens[1], poll["id"], {yes: 5})
    await tally(client, hall.tokens[0], poll["id"], {yes: 30, no: 2})
    figures = await results(client, organizer, hall, poll["id"])
    assert [o["count"] for o in figures["options"]] == [35, 2]
    assert figures["responses"] == 37
    assert [o["percent"] for o in figures["options"]] == [94.6, 5.4]
    assert [o["percent_vi"] for o in figures["options"]] == ["94,6%", "5,4%"]


async def test_the_latest_reported_at_wins_an_older_report_is_logged_not_applied(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall, session: AsyncSession
) -> None:
    poll = await open_poll(client, organizer, hall)
    yes, no = (o["id"] for o in poll["options"])
    now = datetime.now(UTC)
    newer = await tally(client, hall.tokens[0], poll["id"], {yes: 20}, reported_at=now)
    older = await tally(
        client, hall.tokens[0], poll["id"], {yes: 1, no: 39}, reported_at=now - timedelta(minutes=2)
    )
    assert newer["applied"] and not older["applied"] and older["stale"]
    assert older["counts"] == {str(yes): 20, str(no): 0}
    figures = await results(client, organizer, hall, poll["id"])
    assert [o["count"] for o in figures["options"]] == [20, 0]
    logged = (
        await session.scalars(
            select(PollTallyReport.applied)
            .where(PollTallyReport.poll_id == poll["id"])
            .order_by(PollTallyReport.id)
        )
    ).all()
    assert logged == [True, False]


async def test_the_sum_may_not_exceed_the_site_s_headcount_422_says_it(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await open_poll(client, organizer, hall)
    yes, no = (o["id"] for o in poll["options"])
    refused = await tally(client, hall.tokens[0], poll["id"], {yes: 30, no: 11}, expect=422)
    assert refused["code"] == "polls.over_headcount"
    assert "40" in refused["detail"] and refused["params"]["headcount"] == 40
    await tally(client, hall.tokens[0], poll["id"], {yes: 30, no: 10})


async def test_multiple_choice_bounds_each_count_by_the_headcount(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await open_poll(
        client, organizer, hall, kind="multiple", options=["Giao thông", "Y tế", "Giáo dục"]
    )
    a, b, c = (o["id"] for o in poll["options"])
    # 40 people, several choices each: each count up to 40.
    ack = await tally(client, hall.tokens[0], poll["id"], {a: 40, b: 30, c: 25})
    assert ack["responses"] == 40
    refused = await tally(client, hall.tokens[0], poll["id"], {a: 41}, expect=422)
    assert refused["code"] == "polls.option_over_headcount"
    figures = await results(client, organizer, hall, poll["id"])
    assert [o["percent_vi"] for o in figures["options"]] == ["100%", "75%", "62,5%"]


async def test_an_option_of_another_poll_is_refused(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await open_poll(client, organizer, hall)
    other = await create_poll(client, organizer, hall)
    stranger = other["options"][0]["id"]
    refused = await tally(client, hall.tokens[0], poll["id"], {stranger: 1}, expect=422)
    assert refused["code"] == "polls.option_not_in_poll"


async def test_tallies_are_taken_only_while_the_poll_is_open(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await create_poll(client, organizer, hall)
    yes = poll["options"][0]["id"]
    draft = await tally(client, hall.tokens[0], poll["id"], {yes: 1}, expect=409)
    assert draft["code"] == "polls.not_open"
    await move(client, organizer, hall, poll["id"], "open")
    await tally(client, hall.tokens[0], poll["id"], {yes: 1})
    await move(client, organizer, hall, poll["id"], "close")
    closed = await tally(client, hall.tokens[0], poll["id"], {yes: 2}, expect=409)
    assert closed["code"] == "polls.not_open"


async def test_a_site_that_has_not_checked_in_cannot_tally(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    hall = await make_hall(client, organizer, session, status="published")
    poll = await open_poll(client, organizer, hall)
    refused = await tally(
        client, hall.tokens[0], poll["id"], {poll["options"][0]["id"]: 0}, expect=409
    )
    assert refused["code"] == "polls.site_not_checked_in"


async def test_reported_at_outside_the_window_is_refused_like_headcounts(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await open_poll(client, organizer, hall)
    yes = poll["options"][0]["id"]
    future = datetime.now(UTC) + timedelta(hours=1)
    refused = await tally(
        client, hall.tokens[0], poll["id"], {yes: 1}, expect=422, reported_at=future
    )
    assert refused["code"] == "attendance.reported_at_out_of_window"


async def test_a_per_person_poll_takes_no_site_counts(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await open_poll(client, organizer, hall, mode="per_person")
    refused = await tally(
        client, hall.tokens[0], poll["id"], {poll["options"][0]["id"]: 1}, expect=409
    )
    assert refused["code"] == "polls.not_per_site"


async def test_the_site_page_lists_open_polls_with_its_latest_counts(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    per_site = await open_poll(client, organizer, hall)
    per_person = await open_poll(client, organizer, hall, mode="per_person")
    await create_poll(client, organizer, hall)  # a draft: not shown
    yes = per_site["options"][0]["id"]
    await tally(client, hall.tokens[0], per_site["id"], {yes: 12})
    listed = await client.get(f"{API}/site/polls", headers=site_headers(hall.tokens[0]))
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert body["headcount"] == 40 and body["total"] == 2
    by_id = {item["id"]: item for item in body["items"]}
    assert by_id[per_site["id"]]["my_counts"][str(yes)] == 12
    assert by_id[per_person["id"]]["my_counts"] is None
    assert by_id[per_person["id"]]["token"] == per_person["token"]
