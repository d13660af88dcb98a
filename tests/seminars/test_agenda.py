"""The agenda: dense ordering under insert, move, delete and concurrency; start and end."""

import asyncio

import httpx
import pytest

from tests.conftest import Actor
from tests.factories import API, PATH_TO, create_seminar


async def add(
    client: httpx.AsyncClient, actor: Actor, seminar_id: int, title: str, **fields: object
) -> httpx.Response:
    return await client.post(
        f"{API}/seminars/{seminar_id}/agenda",
        json={"kind": "paper", "title": title, **fields},
        headers=actor.headers,
    )


async def titles(client: httpx.AsyncClient, actor: Actor, seminar_id: int) -> list[str]:
    """Titles in programme order, checking that positions are exactly 1..n."""
    body = (await client.get(f"{API}/seminars/{seminar_id}/agenda", headers=actor.headers)).json()
    assert [item["position"] for item in body["items"]] == list(range(1, body["total"] + 1))
    return [item["title"] for item in body["items"]]


@pytest.fixture
async def seminar(client: httpx.AsyncClient, organizer: Actor) -> dict:
    return await create_seminar(client, organizer)


async def test_items_append_in_order_with_their_fields(
    client: httpx.AsyncClient, organizer: Actor, seminar: dict
) -> None:
    opening = await add(
        client,
        organizer,
        seminar["id"],
        "Báo cáo đề dẫn",
        kind="opening",
        speaker_name="Đồng chí Bí thư",
        speaker_unit="Tỉnh ủy",
        planned_start="2026-07-19T08:00:00+07:00",
        planned_minutes=20,
    )
    assert opening.status_code == 201, opening.text
    body = opening.json()
    assert body["position"] == 1
    assert body["kind"] == "opening"
    assert body["planned_start"].startswith("2026-07-19T01:00:00")
    assert body["state"] == "planned"
    await add(client, organizer, seminar["id"], "Tham luận 1")
    await add(client, organizer, seminar["id"], "Kết luận", kind="closing")
    assert await titles(client, organizer, seminar["id"]) == [
        "Báo cáo đề dẫn",
        "Tham luận 1",
        "Kết luận",
    ]


async def test_insert_move_and_delete_keep_positions_dense(
    client: httpx.AsyncClient, organizer: Actor, seminar: dict
) -> None:
    sid = seminar["id"]
    ids = {t: (await add(client, organizer, sid, t)).json()["id"] for t in "ABCD"}
    inserted = await add(client, organizer, sid, "X", position=2)
    assert inserted.json()["position"] == 2
    assert await titles(client, organizer, sid) == ["A", "X", "B", "C", "D"]

    url = f"{API}/seminars/{sid}/agenda"
    down = await client.patch(f"{url}/{ids['A']}", json={"position": 4}, headers=organizer.headers)
    assert down.json()["position"] == 4
    assert await titles(client, organizer, sid) == ["X", "B", "C", "A", "D"]
    up = await client.patch(
        f"{url}/{ids['D']}", json={"position": 1, "title": "D2"}, headers=organizer.headers
    )
    assert up.json()["title"] == "D2"
    assert await titles(client, organizer, sid) == ["D2", "X", "B", "C", "A"]

    deleted = await client.delete(f"{url}/{ids['B']}", headers=organizer.headers)
    assert deleted.status_code == 204
    assert await titles(client, organizer, sid) == ["D2", "X", "C", "A"]
    await add(client, organizer, sid, "E")
    assert await titles(client, organizer, sid) == ["D2", "X", "C", "A", "E"]


async def test_positions_out_of_range_are_422(
    client: httpx.AsyncClient, organizer: Actor, seminar: dict
) -> None:
    first = (await add(client, organizer, seminar["id"], "A")).json()
    assert (await add(client, organizer, seminar["id"], "B", position=3)).status_code == 422
    assert (await add(client, organizer, seminar["id"], "B", position=0)).status_code == 422
    move = await client.patch(
        f"{API}/seminars/{seminar['id']}/agenda/{first['id']}",
        json={"position": 2},
        headers=organizer.headers,
    )
    assert move.status_code == 422


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "lecture"},
        {"title": "x" * 10_000},
        {"planned_minutes": -5},
        {"planned_start": "2026-07-19T08:00:00"},
        {"speaker_name": "x" * 1000},
    ],
)
async def test_invalid_items_are_422(
    client: httpx.AsyncClient, organizer: Actor, seminar: dict, fields: dict
) -> None:
    title = fields.pop("title", "A")
    assert (await add(client, organizer, seminar["id"], title, **fields)).status_code == 422


async def test_concurrent_inserts_keep_positions_unique_and_dense(
    client: httpx.AsyncClient, organizer: Actor, seminar: dict
) -> None:
    sid = seminar["id"]
    await add(client, organizer, sid, "first")
    responses = await asyncio.gather(
        *(
            add(client, organizer, sid, f"item {i}", **({"position": 1} if i % 2 else {}))
            for i in range(10)
        )
    )
    assert [r.status_code for r in responses] == [201] * 10
    result = await titles(client, organizer, sid)
    assert sorted(result) == sorted(["first", *(f"item {i}" for i in range(10))])


async def test_concurrent_moves_and_deletes_keep_positions_dense(
    client: httpx.AsyncClient, organizer: Actor, seminar: dict
) -> None:
    sid = seminar["id"]
    ids = [(await add(client, organizer, sid, f"item {i}")).json()["id"] for i in range(10)]
    url = f"{API}/seminars/{sid}/agenda"
    moves = [
        client.patch(f"{url}/{item_id}", json={"position": 1}, headers=organizer.headers)
        for item_id in ids[:5]
    ]
    deletes = [client.delete(f"{url}/{item_id}", headers=organizer.headers) for item_id in ids[5:8]]
    responses = await asyncio.gather(*moves, *deletes)
    assert all(r.status_code in (200, 204) for r in responses)
    assert len(await titles(client, organizer, sid)) == 7


async def test_unknown_items_are_404_also_across_seminars(
    client: httpx.AsyncClient, organizer: Actor, seminar: dict
) -> None:
    other = await create_seminar(client, organizer)
    item = (await add(client, organizer, other["id"], "A")).json()
    url = f"{API}/seminars/{seminar['id']}/agenda/{item['id']}"
    assert (await client.patch(url, json={}, headers=organizer.headers)).status_code == 404
    assert (await client.delete(url, headers=organizer.headers)).status_code == 404
    assert (await client.post(f"{url}/start", headers=organizer.headers)).status_code == 404
    assert (await add(client, organizer, 999, "A")).status_code == 404


@pytest.mark.parametrize("status", ["ended", "cancelled"])
async def test_agenda_of_a_closed_seminar_cannot_change(
    client: httpx.AsyncClient, organizer: Actor, status: str
) -> None:
    seminar = await create_seminar(client, organizer, "published")
    item = (await add(client, organizer, seminar["id"], "A")).json()
    verbs = ["start", "end"] if status == "ended" else ["cancel"]
    for verb in verbs:
        await client.post(f"{API}/seminars/{seminar['id']}/{verb}", headers=organizer.headers)
    url = f"{API}/seminars/{seminar['id']}/agenda"
    assert (await add(client, organizer, seminar["id"], "B")).status_code == 409
    patch = await client.patch(
        f"{url}/{item['id']}", json={"title": "C"}, headers=organizer.headers
    )
    assert patch.status_code == 409
    assert (
        await client.delete(f"{url}/{item['id']}", headers=organizer.headers)
    ).status_code == 409


@pytest.mark.parametrize("status", ["draft", "published", "ended", "cancelled"])
async def test_items_start_only_while_the_seminar_is_live(
    client: httpx.AsyncClient, organizer: Actor, status: str
) -> None:
    seminar = await create_seminar(client, organizer)
    item = (await add(client, organizer, seminar["id"], "A")).json()
    for verb in PATH_TO[status]:
        await client.post(f"{API}/seminars/{seminar['id']}/{verb}", headers=organizer.headers)
    response = await client.post(
        f"{API}/seminars/{seminar['id']}/agenda/{item['id']}/start", headers=organizer.headers
    )
    assert response.status_code == 409
    assert response.json()["code"] == "agenda.seminar_not_live"
    assert response.json()["params"]["status"] == status


async def test_starting_an_item_ends_the_running_one(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    seminar = await create_seminar(client, organizer, "published")
    sid = seminar["id"]
    a, b = [(await add(client, organizer, sid, t)).json() for t in "AB"]
    await client.post(f"{API}/seminars/{sid}/start", headers=organizer.headers)
    url = f"{API}/seminars/{sid}/agenda"

    started = await client.post(f"{url}/{a['id']}/start", headers=organizer.headers)
    assert started.status_code == 200
    assert started.json()["state"] == "running"
    next_one = await client.post(f"{url}/{b['id']}/start", headers=organizer.headers)
    assert next_one.json()["state"] == "running"
    items = (await client.get(url, headers=organizer.headers)).json()["items"]
    assert [i["state"] for i in items] == ["done", "running"]
    assert items[0]["ended_at"] == items[1]["started_at"]

    ended = await client.post(f"{url}/{b['id']}/end", headers=organizer.headers)
    assert ended.status_code == 200
    assert ended.json()["state"] == "done"
    assert ended.json()["ended_at"] >= ended.json()["started_at"]


async def test_illegal_item_moves_are_409(client: httpx.AsyncClient, organizer: Actor) -> None:
    seminar = await create_seminar(client, organizer, "published")
    sid = seminar["id"]
    done, running, planned = [(await add(client, organizer, sid, t)).json() for t in "ABC"]
    await client.post(f"{API}/seminars/{sid}/start", headers=organizer.headers)
    url = f"{API}/seminars/{sid}/agenda"
    await client.post(f"{url}/{done['id']}/start", headers=organizer.headers)
    await client.post(f"{url}/{running['id']}/start", headers=organizer.headers)

    cases = [
        (done, "start", "agenda.already_presented"),  # restarting an ended item
        (running, "start", "agenda.already_running"),
        (planned, "end", "agenda.not_started"),
        (done, "end", "agenda.already_ended"),
    ]
    for item, verb, code in cases:
        response = await client.post(f"{url}/{item['id']}/{verb}", headers=organizer.headers)
        assert response.status_code == 409, (item["title"], verb)
        assert response.json()["code"] == code
        assert response.json()["params"]["item_id"] == item["id"]
    delete_running = await client.delete(f"{url}/{running['id']}", headers=organizer.headers)
    assert delete_running.status_code == 409
    assert delete_running.json()["code"] == "agenda.item_running"


async def test_ending_the_seminar_ends_the_running_item(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    seminar = await create_seminar(client, organizer, "published")
    sid = seminar["id"]
    item = (await add(client, organizer, sid, "A")).json()
    await client.post(f"{API}/seminars/{sid}/start", headers=organizer.headers)
    await client.post(f"{API}/seminars/{sid}/agenda/{item['id']}/start", headers=organizer.headers)
    await client.post(f"{API}/seminars/{sid}/end", headers=organizer.headers)
    items = (await client.get(f"{API}/seminars/{sid}/agenda", headers=organizer.headers)).json()
    assert items["items"][0]["state"] == "done"
