"""``POST /seminars/{id}/agenda`` with ``submission_id`` links a paper of that seminar:
starting the item marks the paper presented. A paper has at most one item."""

import httpx

from tests.conftest import Actor
from tests.factories import API, create_seminar
from tests.submissions.conftest import paper_in


async def add_item(
    client: httpx.AsyncClient, actor: Actor, seminar_id: int, **fields: object
) -> httpx.Response:
    return await client.post(
        f"{API}/seminars/{seminar_id}/agenda",
        json={"kind": "paper", "title": "Tham luận", **fields},
        headers=actor.headers,
    )


async def test_an_item_created_with_a_paper_marks_it_presented_when_started(
    client: httpx.AsyncClient, speaker: Actor, organizer: Actor, call: dict
) -> None:
    paper = await paper_in(client, speaker, organizer, call["id"], "selected_live")
    created = await add_item(client, organizer, call["id"], submission_id=paper["id"])
    assert created.status_code == 201, created.text
    item = created.json()
    assert item["submission_id"] == paper["id"]
    linked = await client.get(f"{API}/submissions/{paper['id']}", headers=organizer.headers)
    assert linked.json()["agenda_item_id"] == item["id"]
    assert linked.json()["presented_at"] is None

    await client.post(f"{API}/seminars/{call['id']}/start", headers=organizer.headers)
    started = await client.post(
        f"{API}/seminars/{call['id']}/agenda/{item['id']}/start", headers=organizer.headers
    )
    assert started.status_code == 200, started.text
    presented = await client.get(f"{API}/submissions/{paper['id']}", headers=speaker.headers)
    assert presented.json()["presented_at"] == started.json()["started_at"]


async def test_a_paper_of_another_seminar_or_none_at_all_is_422(
    client: httpx.AsyncClient, speaker: Actor, organizer: Actor, call: dict
) -> None:
    other = await create_seminar(client, organizer, "published", submissions_open=True)
    foreign = await paper_in(client, speaker, organizer, other["id"], "submitted")
    for submission_id in (foreign["id"], 424242):
        refused = await add_item(client, organizer, call["id"], submission_id=submission_id)
        assert refused.status_code == 422
        assert refused.json()["code"] == "agenda.paper_not_in_seminar"
    agenda = await client.get(f"{API}/seminars/{call['id']}/agenda", headers=organizer.headers)
    assert agenda.json()["total"] == 0  # nothing stored


async def test_a_paper_already_on_the_agenda_is_409(
    client: httpx.AsyncClient, speaker: Actor, organizer: Actor, call: dict
) -> None:
    paper = await paper_in(client, speaker, organizer, call["id"], "submitted")
    assert (await add_item(client, organizer, call["id"], submission_id=paper["id"])).is_success
    again = await add_item(client, organizer, call["id"], submission_id=paper["id"])
    assert again.status_code == 409
    assert again.json()["code"] == "agenda.paper_already_placed"
    decided = await client.post(
        f"{API}/submissions/{paper['id']}/decision",
        json={"status": "selected_live", "add_to_agenda": True},
        headers=organizer.headers,
    )
    assert decided.status_code == 200  # the decision reuses the item it already has
    agenda = await client.get(f"{API}/seminars/{call['id']}/agenda", headers=organizer.headers)
    assert agenda.json()["total"] == 1


async def test_a_draft_or_withdrawn_paper_cannot_go_on_the_agenda(
    client: httpx.AsyncClient, speaker: Actor, organizer: Actor, call: dict
) -> None:
    for status in ("draft", "withdrawn"):
        paper = await paper_in(client, speaker, organizer, call["id"], status)
        refused = await add_item(client, organizer, call["id"], submission_id=paper["id"])
        assert refused.status_code == 409
        assert refused.json()["code"] == "agenda.paper_not_submitted"
