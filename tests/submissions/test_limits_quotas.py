"""Speaker quotas: papers per seminar per speaker, file versions per paper (409, nothing
stored). Organizers entering papers on a speaker's behalf are not bound by the first."""

import asyncio

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from tests.conftest import Actor
from tests.factories import create_seminar
from tests.submissions.conftest import create_paper, file_rows, paper_in, stored_files, upload


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"max_papers_per_speaker": 2, "max_file_versions": 2})


async def test_a_speaker_sends_at_most_the_quota_of_papers_to_a_seminar(
    client: httpx.AsyncClient, speaker: Actor, organizer: Actor, call: dict
) -> None:
    await paper_in(client, speaker, organizer, call["id"], "draft")
    await paper_in(client, speaker, organizer, call["id"], "withdrawn")  # still counts
    refused = await create_paper(client, speaker, call["id"], title="Tham luận thứ ba")
    assert refused.status_code == 409
    assert refused.json()["code"] == "submission.quota_papers"
    assert refused.json()["params"] == {"limit": 2, "count": 2}
    mine = await client.get("/api/v1/submissions", headers=speaker.headers)
    assert mine.json()["total"] == 2  # nothing stored


async def test_papers_sent_at_once_cannot_exceed_the_quota_together(
    client: httpx.AsyncClient, speaker: Actor, call: dict
) -> None:
    sent = await asyncio.gather(
        *(create_paper(client, speaker, call["id"], title=f"Tham luận {i}") for i in range(6))
    )
    assert sorted(r.status_code for r in sent) == [201, 201, 409, 409, 409, 409]
    mine = await client.get("/api/v1/submissions", headers=speaker.headers)
    assert mine.json()["total"] == 2


async def test_the_paper_quota_is_per_seminar_and_organizers_are_not_bound(
    client: httpx.AsyncClient, speaker: Actor, organizer: Actor, call: dict
) -> None:
    for _ in range(2):
        await paper_in(client, speaker, organizer, call["id"], "draft")
    on_behalf = await create_paper(client, organizer, call["id"], speaker_id=speaker.user.id)
    assert on_behalf.status_code == 201
    other = await create_seminar(client, organizer, "published", submissions_open=True)
    assert (await create_paper(client, speaker, other["id"])).status_code == 201


async def test_a_paper_keeps_at_most_the_quota_of_file_versions(
    client: httpx.AsyncClient,
    speaker: Actor,
    organizer: Actor,
    call: dict,
    session: AsyncSession,
    settings: Settings,
) -> None:
    paper = await paper_in(client, speaker, organizer, call["id"], "draft")
    for _ in range(2):
        assert (await upload(client, speaker, paper["id"])).status_code == 201
    files_before = stored_files(settings)
    for actor in (speaker, organizer):
        refused = await upload(client, actor, paper["id"])
        assert refused.status_code == 409
        assert refused.json()["code"] == "submission.quota_files"
        assert refused.json()["params"] == {"limit": 2, "count": 2}
    assert await file_rows(session) == 2
    assert stored_files(settings) == files_before
