"""The open calls for papers (public) and the seminar's call settings."""

from datetime import UTC, datetime, timedelta

import httpx

from tests.conftest import Actor
from tests.factories import API, create_seminar


async def test_open_calls_list_published_seminars_with_an_open_call_only(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    starts = datetime.now(UTC) + timedelta(days=20)
    times = {"starts_at": starts, "ends_at": starts + timedelta(hours=4)}
    open_call = await create_seminar(
        client, organizer, "published", submissions_open=True,
        submissions_close_at=starts - timedelta(days=2), submission_instructions="Gửi PDF",
        accepted_file_types=["pdf", "odt", "pdf"], **times,
    )  # fmt: skip
    live = await create_seminar(client, organizer, "live", submissions_open=True)
    await create_seminar(client, organizer, "draft", submissions_open=True)
    await create_seminar(client, organizer, "published", submissions_open=False)
    await create_seminar(client, organizer, "ended", submissions_open=True)
    await create_seminar(
        client, organizer, "published", submissions_open=True,
        submissions_close_at=datetime(2026, 7, 1, tzinfo=UTC),
    )  # fmt: skip
    response = await client.get(f"{API}/public/calls")  # no login
    assert response.status_code == 200
    body = response.json()
    assert [c["id"] for c in body["items"]] == [open_call["id"], live["id"]]
    assert body["total"] == 2
    first = body["items"][0]
    assert first["accepted_file_types"] == ["pdf", "odt"]
    assert first["submission_instructions"] == "Gửi PDF"
    assert first["max_upload_mb"] == 1
    assert first["timezone"] == "Asia/Ho_Chi_Minh"
    assert "sites_invited" not in first and "created_by_id" not in first


async def test_accepted_file_types_default_to_all_and_are_validated(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    seminar = await create_seminar(client, organizer)
    assert seminar["accepted_file_types"] == ["pdf", "docx", "odt"]
    url = f"{API}/seminars/{seminar['id']}"
    for bad in ([], ["exe"], None, "pdf"):
        response = await client.patch(
            url, json={"accepted_file_types": bad}, headers=organizer.headers
        )
        assert response.status_code == 422, bad
    ok = await client.patch(
        url, json={"accepted_file_types": ["odt", "docx"]}, headers=organizer.headers
    )
    assert ok.json()["accepted_file_types"] == ["docx", "odt"]
