"""The speaking queue: order, one speaker at a time, and every illegal move refused (409)."""

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor
from tests.factories import API, site_headers
from tests.speaking.conftest import Floor, act, ask, make_floor, queue_names


async def test_the_queue_lists_the_speaker_then_the_called_then_the_waiting_in_order(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor
) -> None:
    a = await ask(client, floor.tokens[0], "Ông A")
    b = await ask(client, floor.tokens[1], "Bà B")
    c = await ask(client, floor.tokens[2], "Ông C")
    assert [a["place"], b["place"], c["place"]] == [1, 2, 3]
    await act(client, organizer, floor, c["id"], "call")
    await act(client, organizer, floor, b["id"], "start")
    assert await queue_names(client, organizer, floor) == ["Bà B", "Ông C", "Ông A"]

    listed = (await client.get(floor.queue_url, headers=organizer.headers)).json()
    assert [i["status"] for i in listed["items"]] == ["speaking", "called", "requested"]
    assert [i["place"] for i in listed["items"]] == [None, 1, 2]
    assert listed["items"][0]["site_name"] == "Xã Phát Biểu 1"
    assert listed["total"] == 3


async def test_organizers_reorder_the_waiting_and_set_the_planned_time(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor
) -> None:
    names = ["Ông A", "Bà B", "Ông C"]
    made = [await ask(client, floor.tokens[n], name) for n, name in enumerate(names)]
    moved = await client.patch(
        f"{floor.queue_url}/{made[2]['id']}",
        json={"position": 1, "planned_seconds": 300},
        headers=organizer.headers,
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["place"] == 1
    assert moved.json()["planned_seconds"] == 300
    assert await queue_names(client, organizer, floor) == ["Ông C", "Ông A", "Bà B"]
    last = await client.patch(
        f"{floor.queue_url}/{made[2]['id']}", json={"position": 99}, headers=organizer.headers
    )
    assert last.json()["place"] == 3
    assert await queue_names(client, organizer, floor) == ["Ông A", "Bà B", "Ông C"]


@pytest.mark.parametrize("seconds", [29, 3601])
async def test_a_planned_time_outside_30_s_to_an_hour_is_422(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor, seconds: int
) -> None:
    made = await ask(client, floor.tokens[0], "Ông A")
    response = await client.patch(
        f"{floor.queue_url}/{made['id']}",
        json={"planned_seconds": seconds},
        headers=organizer.headers,
    )
    assert response.status_code == 422


async def test_starting_a_speaker_ends_the_current_one(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor
) -> None:
    a = await ask(client, floor.tokens[0], "Ông A")
    b = await ask(client, floor.tokens[1], "Bà B")
    await act(client, organizer, floor, a["id"], "start")
    started = await act(client, organizer, floor, b["id"], "start")
    assert started["status"] == "speaking"
    done = await client.get(f"{floor.queue_url}?status=done", headers=organizer.headers)
    [first] = done.json()["items"]
    assert first["id"] == a["id"]
    assert first["ended_at"] == started["started_at"]
    speaking = await client.get(f"{floor.queue_url}?status=speaking", headers=organizer.headers)
    assert [i["id"] for i in speaking.json()["items"]] == [b["id"]]


async def test_organizers_add_a_speaker_from_the_main_hall_or_for_a_site(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor
) -> None:
    hall = await client.post(
        floor.queue_url,
        json={"speaker_name": "GS. Nguyễn Văn H", "planned_seconds": 600},
        headers=organizer.headers,
    )
    assert hall.status_code == 201, hall.text
    assert hall.json()["site_id"] is None
    assert hall.json()["planned_seconds"] == 600
    site = await client.post(
        floor.queue_url,
        json={"speaker_name": "Bà D", "site_id": floor.site_ids[1]},
        headers=organizer.headers,
    )
    assert site.json()["site_name"] == "Xã Phát Biểu 1"
    assert site.json()["planned_seconds"] == 180
    mine = await client.get(f"{API}/site/speaking", headers=site_headers(floor.tokens[1]))
    assert [i["speaker_name"] for i in mine.json()["items"]] == ["Bà D"]
    assert mine.json()["items"][0]["place"] == 2


# Every move the state machine does not allow: (moves made first, the refused move).
ILLEGAL = [
    ([], "end"),
    (["call"], "call"),
    (["start"], "call"),
    (["start"], "start"),
    (["start"], "reject"),
    (["start", "end"], "start"),
    (["start", "end"], "end"),
    (["start", "end"], "call"),
    (["start", "end"], "reject"),
    (["reject"], "call"),
    (["reject"], "start"),
    (["reject"], "reject"),
    (["reject"], "end"),
]


@pytest.mark.parametrize(("before", "refused"), ILLEGAL)
async def test_every_illegal_move_is_409_in_vietnamese(
    client: httpx.AsyncClient,
    organizer: Actor,
    floor: Floor,
    before: list[str],
    refused: str,
) -> None:
    made = await ask(client, floor.tokens[0], "Ông A")
    for action in before:
        await act(client, organizer, floor, made["id"], action)
    body = await act(client, organizer, floor, made["id"], refused, expect=409)
    assert body["code"].startswith("speaking.")
    assert "Ông A" in body["detail"]
    assert "không thể" in body["detail"]


async def test_a_withdrawn_request_cannot_be_moved_again(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor
) -> None:
    made = await ask(client, floor.tokens[0], "Ông A")
    url = f"{API}/site/speaking/{made['id']}/withdraw"
    headers = site_headers(floor.tokens[0])
    withdrawn = await client.post(url, headers=headers)
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["place"] is None
    for action in ("call", "start", "reject", "end"):
        await act(client, organizer, floor, made["id"], action, expect=409)
    again = await client.post(url, headers=headers)
    assert again.status_code == 409
    assert again.json()["code"] == "speaking.cannot_withdraw"


async def test_reordering_a_request_that_left_the_queue_is_409(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor
) -> None:
    made = await ask(client, floor.tokens[0], "Ông A")
    await act(client, organizer, floor, made["id"], "start")
    await act(client, organizer, floor, made["id"], "end")
    for body in ({"position": 1}, {"planned_seconds": 60}):
        response = await client.patch(
            f"{floor.queue_url}/{made['id']}", json=body, headers=organizer.headers
        )
        assert response.status_code == 409, response.text


async def test_speakers_take_the_floor_only_while_the_seminar_is_live(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    published = await make_floor(client, organizer, session, "published")
    made = await ask(client, published.tokens[0], "Ông A")
    await act(client, organizer, published, made["id"], "call")
    body = await act(client, organizer, published, made["id"], "start", expect=409)
    assert body["code"] == "speaking.seminar_not_live"


async def test_an_unknown_request_or_action_is_refused(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor
) -> None:
    missing = await client.post(f"{floor.queue_url}/999999/call", headers=organizer.headers)
    assert missing.status_code == 404
    assert missing.json()["code"] == "speaking.not_found"
    made = await ask(client, floor.tokens[0], "Ông A")
    bogus = await client.post(f"{floor.queue_url}/{made['id']}/dance", headers=organizer.headers)
    assert bogus.status_code in (404, 405)


async def test_a_speaker_for_a_site_outside_the_seminar_is_404(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor
) -> None:
    response = await client.post(
        floor.queue_url,
        json={"speaker_name": "Ông X", "site_id": 987654},
        headers=organizer.headers,
    )
    assert response.status_code == 404
    assert response.json()["code"] == "speaking.site_not_in_seminar"


async def test_someone_who_is_not_a_member_sees_no_queue(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor, make_actor
) -> None:
    stranger = await make_actor()
    made = await ask(client, floor.tokens[0], "Ông A")
    assert (await client.get(floor.queue_url, headers=stranger.headers)).status_code == 404
    refused = await client.post(f"{floor.queue_url}/{made['id']}/call", headers=stranger.headers)
    assert refused.status_code == 404


async def test_a_member_limited_to_a_subtree_sees_its_sites_requests_and_moves_none(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor, make_actor
) -> None:
    limited = await make_actor()
    added = await client.post(
        f"{API}/seminars/{floor.seminar_id}/members",
        json={"user_id": limited.user.id, "subtree_site_id": floor.site_ids[0]},
        headers=organizer.headers,
    )
    assert added.status_code == 201, added.text
    mine = await ask(client, floor.tokens[0], "Ông A")
    await ask(client, floor.tokens[1], "Bà B")
    seen = await client.get(floor.queue_url, headers=limited.headers)
    assert [i["speaker_name"] for i in seen.json()["items"]] == ["Ông A"]
    assert seen.json()["total"] == 1
    refused = await client.post(f"{floor.queue_url}/{mine['id']}/call", headers=limited.headers)
    assert refused.status_code == 403


async def test_ending_the_seminar_ends_the_running_speech(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor
) -> None:
    a = await ask(client, floor.tokens[0], "Ông A")
    b = await ask(client, floor.tokens[1], "Bà B")
    started = await act(client, organizer, floor, a["id"], "start")
    ended = await client.post(f"{API}/seminars/{floor.seminar_id}/end", headers=organizer.headers)
    assert ended.status_code == 200, ended.text
    speaking = await client.get(f"{floor.queue_url}?status=speaking", headers=organizer.headers)
    assert speaking.json()["items"] == []
    done = await client.get(f"{floor.queue_url}?status=done", headers=organizer.headers)
    [speech] = done.json()["items"]
    assert speech["id"] == a["id"]
    assert speech["status"] == "done"
    assert speech["ended_at"] >= started["started_at"]
    waiting = await client.get(f"{floor.queue_url}?status=requested", headers=organizer.headers)
    assert [i["id"] for i in waiting.json()["items"]] == [b["id"]]  # the rest is left as it was


async def test_ending_a_seminar_nobody_speaks_in_touches_no_request(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor
) -> None:
    a = await ask(client, floor.tokens[0], "Ông A")
    ended = await client.post(f"{API}/seminars/{floor.seminar_id}/end", headers=organizer.headers)
    assert ended.status_code == 200, ended.text
    listed = await client.get(floor.queue_url, headers=organizer.headers)
    assert [(i["id"], i["status"]) for i in listed.json()["items"]] == [(a["id"], "requested")]
