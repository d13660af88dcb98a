"""Who reaches which paper: speakers their own only (404 for others', so ids reveal
nothing), organizers and admins all; speakers never decide (403); sites never get in."""

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.users.models import Role
from tests.conftest import Actor, MakeActor
from tests.factories import API, create_site, invite, site_headers
from tests.submissions.conftest import PDF, act, create_paper, paper_in, upload


@pytest.fixture
async def other_speaker(make_actor: MakeActor) -> Actor:
    return await make_actor(Role.speaker, full_name="Trần Thị B")


async def test_speaker_b_cannot_read_change_or_download_speaker_a_paper(
    client: httpx.AsyncClient,
    speaker: Actor,
    other_speaker: Actor,
    organizer: Actor,
    call: dict,
) -> None:
    paper = await paper_in(client, speaker, organizer, call["id"], "draft")
    assert (await upload(client, speaker, paper["id"])).status_code == 201
    base = f"{API}/submissions/{paper['id']}"
    attempts = [
        await client.get(base, headers=other_speaker.headers),
        await client.patch(base, json={"title": "Chiếm"}, headers=other_speaker.headers),
        await client.get(f"{base}/files/1", headers=other_speaker.headers),
        await upload(client, other_speaker, paper["id"]),
        await act(client, other_speaker, paper["id"], "submit"),
        await act(client, other_speaker, paper["id"], "withdraw"),
    ]
    missing = await client.get(f"{API}/submissions/999999", headers=other_speaker.headers)
    for response in attempts:
        # Exactly what a paper that does not exist answers: nothing leaks.
        assert response.status_code == 404, response.text
        assert response.json()["code"] == "submission.not_found"
        assert response.json()["params"] == {"submission_id": paper["id"]}
    assert missing.status_code == 404
    listed = await client.get(
        f"{API}/seminars/{call['id']}/submissions", headers=other_speaker.headers
    )
    assert listed.json()["total"] == 0
    assert listed.json()["counts"]["draft"] == 0
    # Untouched, and still the owner's.
    own = await client.get(base, headers=speaker.headers)
    assert own.json()["title"] == paper["title"]
    assert own.json()["status"] == "draft"


async def test_speakers_list_their_own_papers_and_organizers_all(
    client: httpx.AsyncClient,
    speaker: Actor,
    other_speaker: Actor,
    organizer: Actor,
    admin: Actor,
    call: dict,
) -> None:
    await paper_in(client, speaker, organizer, call["id"], "submitted")
    await paper_in(client, other_speaker, organizer, call["id"], "draft")
    url = f"{API}/seminars/{call['id']}/submissions"
    mine = (await client.get(url, headers=speaker.headers)).json()
    assert [p["speaker"]["id"] for p in mine["items"]] == [speaker.user.id]
    assert mine["counts"]["received"] == 1 and mine["counts"]["draft"] == 0
    for staff in (organizer, admin):
        every = (await client.get(url, headers=staff.headers)).json()
        assert every["total"] == 2
        assert every["counts"]["draft"] == 1 and every["counts"]["submitted"] == 1


async def test_speakers_cannot_decide_bulk_decide_or_export(
    client: httpx.AsyncClient, speaker: Actor, organizer: Actor, call: dict
) -> None:
    paper = await paper_in(client, speaker, organizer, call["id"], "submitted")
    own_decision = await act(client, speaker, paper["id"], "decision", status="selected_live")
    assert own_decision.status_code == 403
    bulk = await client.post(
        f"{API}/seminars/{call['id']}/submissions/decisions",
        json={"submission_ids": [paper["id"]], "status": "selected_live"},
        headers=speaker.headers,
    )
    assert bulk.status_code == 403
    for export in ("proceedings.zip", "papers.xlsx", "papers.csv"):
        got = await client.get(
            f"{API}/seminars/{call['id']}/exports/{export}", headers=speaker.headers
        )
        assert got.status_code == 403
    still = await client.get(f"{API}/submissions/{paper['id']}", headers=speaker.headers)
    assert still.json()["status"] == "submitted"


async def test_organizers_send_papers_on_a_speakers_behalf_and_speakers_cannot(
    client: httpx.AsyncClient,
    speaker: Actor,
    other_speaker: Actor,
    organizer: Actor,
    call: dict,
) -> None:
    created = await create_paper(client, organizer, call["id"], speaker_id=speaker.user.id)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["speaker"] == {
        "id": speaker.user.id,
        "full_name": speaker.user.full_name,
        "email": speaker.user.email,
        "unit": None,
    }
    # The speaker is the sole author when none are given.
    assert body["authors"] == [{"name": speaker.user.full_name, "unit": None, "position": None}]
    seen = await client.get(f"{API}/submissions/{body['id']}", headers=speaker.headers)
    assert seen.status_code == 200
    impersonation = await create_paper(
        client, other_speaker, call["id"], speaker_id=speaker.user.id
    )
    assert impersonation.status_code == 403
    unknown = await create_paper(client, organizer, call["id"], speaker_id=999_999)
    assert unknown.status_code == 422


async def test_site_tokens_and_anonymous_callers_reach_no_paper(
    client: httpx.AsyncClient,
    speaker: Actor,
    organizer: Actor,
    call: dict,
    session: AsyncSession,
) -> None:
    site = await create_site(session, "S1", "Chi bộ Sở Y tế")
    token = (await invite(client, organizer, call["id"], [site.id]))[site.id]
    paper = await paper_in(client, speaker, organizer, call["id"], "submitted")
    sid, semid = paper["id"], call["id"]
    calls = [
        ("GET", f"/seminars/{semid}/submissions"),
        ("POST", f"/seminars/{semid}/submissions"),
        ("POST", f"/seminars/{semid}/submissions/decisions"),
        ("GET", f"/submissions/{sid}"),
        ("PATCH", f"/submissions/{sid}"),
        ("POST", f"/submissions/{sid}/files"),
        ("GET", f"/submissions/{sid}/files/1"),
        ("POST", f"/submissions/{sid}/submit"),
        ("POST", f"/submissions/{sid}/withdraw"),
        ("POST", f"/submissions/{sid}/decision"),
        ("GET", f"/seminars/{semid}/exports/proceedings.zip"),
        ("GET", f"/seminars/{semid}/exports/papers.xlsx"),
        ("GET", f"/seminars/{semid}/exports/papers.csv"),
    ]
    for headers in ({}, site_headers(token), {"Authorization": f"Bearer {token}"}):
        for method, path in calls:
            response = await client.request(
                method, API + path, json={"title": "x", "status": "rejected"}, headers=headers
            )
            assert response.status_code == 401, (headers, path, response.text)
    got = await client.get(f"{API}/submissions/{sid}/files/1", headers=speaker.headers)
    assert got.content == PDF
