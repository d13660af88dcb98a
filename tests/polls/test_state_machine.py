"""A poll goes draft → open → closed → published; every other move is refused (409)."""

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor
from tests.factories import create_seminar
from tests.polls.conftest import Hall, create_poll, make_hall, move


async def test_a_poll_moves_draft_open_closed_published(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await create_poll(client, organizer, hall, show_live=True)
    assert poll["status"] == "draft"
    assert [o["label"] for o in poll["options"]] == ["Đồng ý", "Không đồng ý"]
    assert len(poll["token"]) >= 22  # 16 random bytes, url-safe
    opened = await move(client, organizer, hall, poll["id"], "open")
    assert opened["status"] == "open" and opened["opened_at"] and opened["closes_at"] is None
    closed = await move(client, organizer, hall, poll["id"], "close")
    assert closed["status"] == "closed" and closed["closed_at"]
    published = await move(client, organizer, hall, poll["id"], "publish")
    assert published["status"] == "published" and published["published_at"]
    listed = await client.get(hall.polls_url, headers=organizer.headers)
    assert listed.json()["total"] == 1
    assert listed.json()["items"][0]["status"] == "published"


@pytest.mark.parametrize(
    ("moves", "refused"),
    [
        ([], "close"),
        ([], "publish"),
        (["open"], "open"),
        (["open"], "publish"),
        (["open", "close"], "open"),
        (["open", "close"], "close"),
        (["open", "close", "publish"], "open"),
        (["open", "close", "publish"], "close"),
        (["open", "close", "publish"], "publish"),
    ],
)
async def test_a_move_its_state_does_not_allow_is_refused_with_409(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall, moves: list[str], refused: str
) -> None:
    poll = await create_poll(client, organizer, hall)
    for action in moves:
        await move(client, organizer, hall, poll["id"], action)
    body = await move(client, organizer, hall, poll["id"], refused, expect=409)
    assert body["code"] == f"polls.cannot_{refused}"


async def test_only_a_draft_can_be_edited_or_deleted(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await create_poll(client, organizer, hall)
    url = f"{hall.polls_url}/{poll['id']}"
    edited = await client.patch(
        url,
        json={"question": "Chọn phương án?", "options": ["A", "B", "C"]},
        headers=organizer.headers,
    )
    assert edited.status_code == 200, edited.text
    assert [o["label"] for o in edited.json()["options"]] == ["A", "B", "C"]
    await move(client, organizer, hall, poll["id"], "open")
    refused = await client.patch(url, json={"question": "Khác?"}, headers=organizer.headers)
    assert refused.status_code == 409 and refused.json()["code"] == "polls.not_draft"
    assert (await client.delete(url, headers=organizer.headers)).status_code == 409
    draft = await create_poll(client, organizer, hall)
    gone = await client.delete(f"{hall.polls_url}/{draft['id']}", headers=organizer.headers)
    assert gone.status_code == 204
    assert (
        await client.get(f"{hall.polls_url}/{draft['id']}", headers=organizer.headers)
    ).status_code == 404


async def test_a_poll_opens_only_while_the_seminar_runs_or_on_its_day(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    draft_seminar = await make_hall(client, organizer, session, status="draft")
    poll = await create_poll(client, organizer, draft_seminar)
    body = await move(client, organizer, draft_seminar, poll["id"], "open", expect=409)
    assert body["code"] == "polls.seminar_not_running"
    published = await make_hall(client, organizer, session, status="published")
    poll = await create_poll(client, organizer, published)
    assert (await move(client, organizer, published, poll["id"], "open"))["status"] == "open"


async def test_a_survey_is_a_scale_answered_per_person_and_opens_for_a_set_time(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    survey = await create_poll(
        client, organizer, hall, question="Mức độ hài lòng?", options=None, purpose="survey"
    )
    assert (survey["kind"], survey["mode"]) == ("scale", "per_person")
    assert [o["label"] for o in survey["options"]][-1] == "Rất hài lòng"
    wrong = await create_poll(client, organizer, hall, expect=422, purpose="survey", kind="single")
    assert wrong["errors"][0]["type"] == "polls.survey_shape"
    no_time = await move(client, organizer, hall, survey["id"], "open", expect=422)
    assert no_time["code"] == "polls.survey_duration"
    opened = await move(client, organizer, hall, survey["id"], "open", duration_minutes=30)
    assert opened["closes_at"] is not None and opened["status"] == "open"


async def test_a_scale_has_exactly_five_levels(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    body = await create_poll(client, organizer, hall, expect=422, kind="scale", options=["1", "2"])
    assert body["errors"][0]["type"] == "polls.scale_five"


async def test_a_survey_opens_after_the_event_and_not_before_it_starts(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    ended = await create_seminar(client, organizer, "ended")
    after = Hall(ended["id"], ended["slug"], [], [])
    survey = await create_poll(client, organizer, after, purpose="survey", options=None)
    opened = await move(client, organizer, after, survey["id"], "open", duration_minutes=60 * 24)
    assert opened["status"] == "open"
    # A quick poll is for the event itself, not after it.
    poll = await create_poll(client, organizer, after)
    refused = await move(client, organizer, after, poll["id"], "open", expect=409)
    assert refused["code"] == "polls.seminar_not_running"
    published = await create_seminar(client, organizer, "published")
    before = Hall(published["id"], published["slug"], [], [])
    early = await create_poll(client, organizer, before, purpose="survey", options=None)
    refused = await move(
        client, organizer, before, early["id"], "open", expect=409, duration_minutes=5
    )
    assert refused["code"] == "polls.survey_not_started"
