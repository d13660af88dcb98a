"""A site asks for the floor: idempotent by request_id, at most 3 open, only its own."""

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor
from tests.factories import API, site_headers
from tests.speaking.conftest import Floor, act, ask, make_floor


async def test_a_repeated_request_id_returns_the_same_request(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor
) -> None:
    request_id = str(uuid.uuid4())
    first = await ask(client, floor.tokens[0], "Ông A", request_id)
    again = await ask(client, floor.tokens[0], "Ông A", request_id)
    assert again["id"] == first["id"]
    response = await client.get(floor.queue_url, headers=organizer.headers)
    assert response.json()["total"] == 1


async def test_the_same_request_id_from_another_site_is_another_request(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    request_id = str(uuid.uuid4())
    first = await ask(client, floor.tokens[0], "Ông A", request_id)
    other = await ask(client, floor.tokens[1], "Bà B", request_id)
    assert other["id"] != first["id"]


async def test_a_site_has_at_most_three_open_requests(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor
) -> None:
    made = [await ask(client, floor.tokens[0], f"Người {n}") for n in range(3)]
    refused = await ask(client, floor.tokens[0], "Người 4", expect=409)
    assert refused["code"] == "speaking.too_many_open"
    assert "3" in refused["detail"]
    # A request that left the queue frees a slot.
    await act(client, organizer, floor, made[0]["id"], "reject", note="Hết thời gian")
    await ask(client, floor.tokens[0], "Người 4")


async def test_the_site_sees_its_own_requests_with_their_place(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor
) -> None:
    await ask(client, floor.tokens[1], "Bà B")
    mine = await ask(client, floor.tokens[0], "Ông A")
    response = await client.get(f"{API}/site/speaking", headers=site_headers(floor.tokens[0]))
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert (item["id"], item["place"], item["status"]) == (mine["id"], 2, "requested")
    called = await act(client, organizer, floor, mine["id"], "call")
    assert called["place"] == 1  # the called go first
    assert called["called_at"] is not None


async def test_a_rejection_carries_the_organizers_note(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor
) -> None:
    made = await ask(client, floor.tokens[0], "Ông A")
    await act(client, organizer, floor, made["id"], "reject", note="Nội dung đã được trả lời")
    response = await client.get(f"{API}/site/speaking", headers=site_headers(floor.tokens[0]))
    [item] = response.json()["items"]
    assert item["status"] == "rejected"
    assert item["note"] == "Nội dung đã được trả lời"


async def test_a_site_cannot_withdraw_another_sites_request(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    made = await ask(client, floor.tokens[0], "Ông A")
    response = await client.post(
        f"{API}/site/speaking/{made['id']}/withdraw", headers=site_headers(floor.tokens[1])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("moves", [["start", "end"], ["cancel"]])
async def test_requests_are_refused_once_the_seminar_ended_or_was_cancelled(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession, moves: list[str]
) -> None:
    floor = await make_floor(client, organizer, session, "published")
    assert (await ask(client, floor.tokens[0], "Ông A"))["status"] == "requested"
    for verb in moves:
        moved = await client.post(
            f"{API}/seminars/{floor.seminar_id}/{verb}", headers=organizer.headers
        )
        assert moved.status_code == 200, moved.text
    refused = await ask(client, floor.tokens[0], "Bà B", expect=409)
    assert refused["code"] == "speaking.not_open"
    assert "đăng ký phát biểu" in refused["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {"speaker_name": "", "request_id": "r1"},
        {"speaker_name": "Ông A"},
        {"speaker_name": "Ông A\nB", "request_id": "r1"},
        {"speaker_name": "Ông A", "request_id": "r1", "extra": 1},
        {"speaker_name": "A" * 201, "request_id": "r1"},
    ],
)
async def test_bad_requests_are_422(client: httpx.AsyncClient, floor: Floor, body: dict) -> None:
    response = await client.post(
        f"{API}/site/speaking", json=body, headers=site_headers(floor.tokens[0])
    )
    assert response.status_code == 422


async def test_without_a_token_it_is_401(client: httpx.AsyncClient) -> None:
    response = await client.post(
        f"{API}/site/speaking", json={"speaker_name": "Ông A", "request_id": "r1"}
    )
    assert response.status_code == 401
