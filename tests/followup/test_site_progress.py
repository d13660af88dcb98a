"""A site's side: its tasks appear on its link once the seminar ended, and it reports
progress: not_started → in_progress | done, in_progress ↔ done; done again is a 409;
a repeated request_id is applied once; every report is logged."""

from datetime import UTC, date, datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.followup.models import TaskAssignment, TaskProgress
from tests.factories import API
from tests.followup.conftest import Scene, create_task, end, progress

DUE = date.today() + timedelta(days=30)


async def test_before_the_end_a_site_has_no_tasks_and_cannot_report(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    task = await create_task(client, scene, "Quán triệt", DUE)
    site = scene.north_units[0]

    listed = await client.get(f"{API}/site/tasks", headers=scene.headers(site))
    refused = await progress(client, scene, site, task["id"], "done")

    assert listed.status_code == 200 and listed.json() == {"items": [], "total": 0}
    assert refused.status_code == 409
    assert refused.json()["code"] == "followup.progress_not_yet"
    assert "chưa kết thúc" in refused.json()["detail"]


async def test_after_the_end_a_site_sees_its_own_tasks_only(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    later = await create_task(client, scene, "Tổng kết", DUE + timedelta(days=5))
    mine = await create_task(client, scene, "Báo cáo", DUE, site_ids=[scene.north_units[0].id])
    await end(client, scene)

    own = await client.get(f"{API}/site/tasks", headers=scene.headers(scene.north_units[0]))
    other = await client.get(f"{API}/site/tasks", headers=scene.headers(scene.south))
    foreign = await progress(client, scene, scene.south, mine["id"], "done")

    assert [t["id"] for t in own.json()["items"]] == [mine["id"], later["id"]]  # due first
    assert own.json()["items"][0]["status"] == "not_started"
    assert own.json()["items"][0]["due_on"] == DUE.isoformat()
    assert [t["id"] for t in other.json()["items"]] == [later["id"]]
    assert foreign.status_code == 404
    assert foreign.json()["code"] == "followup.site_task_not_found"


async def test_status_moves_and_the_illegal_one_is_409(
    client: httpx.AsyncClient, scene: Scene, session: AsyncSession
) -> None:
    task = await create_task(client, scene, "Quán triệt", DUE)
    await end(client, scene)
    site, tid = scene.north_units[1], task["id"]

    started = await progress(client, scene, site, tid, "in_progress", note="Đã lên kế hoạch")
    noted = await progress(client, scene, site, tid, "in_progress", note="Đã họp chi bộ")
    done = await progress(client, scene, site, tid, "done", note="Hoàn thành")
    again = await progress(client, scene, site, tid, "done")
    reopened = await progress(client, scene, site, tid, "in_progress", note="Bổ sung")
    backwards = await progress(client, scene, site, tid, "not_started")
    straight = await progress(client, scene, scene.south, tid, "done")  # not started → done

    assert [r.status_code for r in (started, noted, done, reopened, straight)] == [200] * 5
    assert done.json()["status"] == "done" and done.json()["note"] == "Hoàn thành"
    assert again.status_code == 409 and again.json()["code"] == "followup.already_done"
    assert "đã được đánh dấu hoàn thành" in again.json()["detail"]
    assert backwards.status_code == 422
    assert reopened.json()["status"] == "in_progress"
    log = list(
        await session.scalars(
            select(TaskProgress.status)
            .join(TaskAssignment, TaskAssignment.id == TaskProgress.assignment_id)
            .where(TaskAssignment.task_id == tid)
            .order_by(TaskProgress.id)
        )
    )
    assert log == ["in_progress", "in_progress", "done", "in_progress", "done"]  # refusals: none


async def test_a_repeated_request_id_is_applied_once_and_an_older_report_is_only_logged(
    client: httpx.AsyncClient, scene: Scene, session: AsyncSession
) -> None:
    task = await create_task(client, scene, "Quán triệt", DUE)
    await end(client, scene)
    site, tid = scene.north, task["id"]
    now = datetime.now(UTC)

    first = await progress(
        client, scene, site, tid, "done", request_id="r1", reported_at=now.isoformat()
    )
    retried = await progress(
        client, scene, site, tid, "done", request_id="r1", reported_at=now.isoformat()
    )
    older = await progress(
        client,
        scene,
        site,
        tid,
        "in_progress",
        request_id="r0",
        reported_at=(now - timedelta(minutes=5)).isoformat(),
    )

    assert first.status_code == retried.status_code == older.status_code == 200
    assert retried.json() == first.json()
    assert older.json()["status"] == "done"  # the queued older report does not win
    log = list(await session.scalars(select(TaskProgress.request_id).order_by(TaskProgress.id)))
    assert log == ["r1", "r0"]
