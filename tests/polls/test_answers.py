"""Per-person answers through the public link: one per device, replaced until close."""

import asyncio
import uuid
from datetime import timedelta

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import utcnow
from app.polls.models import Poll, PollAnswer
from tests.conftest import Actor
from tests.factories import API
from tests.polls.conftest import Hall, answer, create_poll, move, open_poll, results


async def test_one_answer_per_device_answering_again_replaces_it(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall, session: AsyncSession
) -> None:
    poll = await open_poll(client, organizer, hall, mode="per_person")
    yes, no = (o["id"] for o in poll["options"])
    device = str(uuid.uuid4())
    first = await answer(client, poll["token"], [yes], device)
    assert not first["replaced"]
    second = await answer(client, poll["token"], [no], device)
    assert second["replaced"] and second["option_ids"] == [no]
    await answer(client, poll["token"], [yes])  # another phone
    figures = await results(client, organizer, hall, poll["id"])
    assert figures["responses"] == 2
    assert [o["count"] for o in figures["options"]] == [1, 1]
    stored = (
        await session.scalars(
            select(PollAnswer.device_hash).where(PollAnswer.poll_id == poll["id"])
        )
    ).all()
    assert len(stored) == 2 and device not in stored  # only a hash of the key


async def test_answers_are_refused_after_close_with_409(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await open_poll(client, organizer, hall, mode="per_person")
    yes = poll["options"][0]["id"]
    device = str(uuid.uuid4())
    await answer(client, poll["token"], [yes], device)
    await move(client, organizer, hall, poll["id"], "close")
    refused = await answer(client, poll["token"], [yes], device, expect=409)
    assert refused["code"] == "polls.not_open"
    assert (await results(client, organizer, hall, poll["id"]))["responses"] == 1


async def test_answers_are_refused_once_closes_at_passed_and_the_poll_reads_closed(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall, session: AsyncSession
) -> None:
    survey = await create_poll(client, organizer, hall, purpose="survey", options=None)
    await move(client, organizer, hall, survey["id"], "open", duration_minutes=60)
    await session.execute(
        update(Poll)
        .where(Poll.id == survey["id"])
        .values(closes_at=utcnow() - timedelta(seconds=1))
    )
    await session.commit()
    refused = await answer(client, survey["token"], [survey["options"][4]["id"]], expect=409)
    assert refused["code"] == "polls.not_open"
    public = (await client.get(f"{API}/public/polls/{survey['token']}")).json()
    assert public["status"] == "closed"


async def test_a_bad_choice_is_refused_with_422(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await open_poll(client, organizer, hall, mode="per_person")
    other = await create_poll(client, organizer, hall)
    yes, no = (o["id"] for o in poll["options"])
    for chosen, code in (
        ([], "polls.answer_empty"),
        ([yes, no], "polls.answer_one_only"),
        ([other["options"][0]["id"]], "polls.option_not_in_poll"),
    ):
        refused = await answer(client, poll["token"], chosen, expect=422)
        assert refused["code"] == code, refused
    assert (await results(client, organizer, hall, poll["id"]))["responses"] == 0


async def test_multiple_choice_counts_each_option_once_per_device(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await open_poll(
        client, organizer, hall, mode="per_person", kind="multiple", options=["A", "B", "C"]
    )
    a, b, c = (o["id"] for o in poll["options"])
    device = str(uuid.uuid4())
    await answer(client, poll["token"], [a, b], device)
    await answer(client, poll["token"], [b, c], device)
    await answer(client, poll["token"], [a])
    figures = await results(client, organizer, hall, poll["id"])
    assert figures["responses"] == 2
    assert [o["count"] for o in figures["options"]] == [1, 1, 1]
    assert [o["percent_vi"] for o in figures["options"]] == ["50%", "50%", "50%"]
    duplicate = await answer(client, poll["token"], [a, a], expect=422)
    assert duplicate["code"] == "polls.answer_duplicate"


async def test_the_same_device_answering_twice_at_once_counts_once(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await open_poll(client, organizer, hall, mode="per_person")
    yes = poll["options"][0]["id"]
    device = str(uuid.uuid4())
    await asyncio.gather(*(answer(client, poll["token"], [yes], device) for _ in range(5)))
    figures = await results(client, organizer, hall, poll["id"])
    assert figures["responses"] == 1 and figures["options"][0]["count"] == 1


async def test_a_site_poll_takes_no_personal_answers(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await open_poll(client, organizer, hall)
    refused = await answer(client, poll["token"], [poll["options"][0]["id"]], expect=409)
    assert refused["code"] == "polls.not_per_person"


async def test_a_draft_or_unknown_token_is_not_found(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    draft = await create_poll(client, organizer, hall, mode="per_person")
    for token in (draft["token"], "khong-co-ma-nay"):
        response = await client.get(f"{API}/public/polls/{token}")
        assert response.status_code == 404
        assert response.json()["code"] == "polls.public_not_found"


async def test_the_public_link_shows_results_only_when_shown_live_or_published(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    hidden = await open_poll(client, organizer, hall, mode="per_person")
    live = await open_poll(client, organizer, hall, mode="per_person", show_live=True)
    await answer(client, hidden["token"], [hidden["options"][0]["id"]])
    await answer(client, live["token"], [live["options"][1]["id"]])
    seen = (await client.get(f"{API}/public/polls/{hidden['token']}")).json()
    assert seen["results"] is None and seen["seminar_title"]
    shown = (await client.get(f"{API}/public/polls/{live['token']}")).json()
    assert shown["results"]["options"][1]["count"] == 1
    screen = (await client.get(f"{API}/public/seminars/{hall.slug}/polls")).json()
    assert [p["token"] for p in screen["items"]] == [live["token"]]
    await move(client, organizer, hall, hidden["id"], "close")
    await move(client, organizer, hall, hidden["id"], "publish")
    published = (await client.get(f"{API}/public/polls/{hidden['token']}")).json()
    assert published["results"]["responses"] == 1
    screen = (await client.get(f"{API}/public/seminars/{hall.slug}/polls")).json()
    assert {p["token"] for p in screen["items"]} == {live["token"], hidden["token"]}
