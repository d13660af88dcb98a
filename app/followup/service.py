"""Rules of the follow-up: the conclusion notice and the tasks it assigns.

Organizers (unlimited members) write the conclusion and create, edit and delete tasks;
every member reads them, a member limited to a subtree counts and lists only the sites
of their subtree. A task for all sites is one INSERT … SELECT (a national seminar has
40,000 sites), in the same transaction as the task.
"""

from typing import Any

from sqlalchemy import delete, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.attendance.ports import LiveEvents
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, Unprocessable
from app.core.schemas import Page
from app.followup import messages as msg
from app.followup.board import seminar_today, task_site_rows, task_summaries
from app.followup.models import Conclusion, FollowupTask, TaskAssignment, TaskStatus
from app.followup.schemas import (
    BoardStatus,
    ConclusionRead,
    ConclusionWrite,
    TaskCreate,
    TaskSiteRow,
    TaskSummary,
    TaskUpdate,
)
from app.seminars.access import require_member
from app.seminars.models import Seminar, SeminarStatus
from app.seminars.service import load_seminar
from app.users.models import User

TASK_STATUSES = frozenset({SeminarStatus.live, SeminarStatus.ended})
# Lookups of picked sites go in chunks below the drivers' bound-parameter limits.
_IN_CHUNK = 5000


def _conclusion_read(row: Conclusion) -> ConclusionRead:
    return ConclusionRead(
        seminar_id=row.seminar_id,
        text=row.text,
        signed_by=row.signed_by,
        signer_title=row.signer_title,
        issued_on=row.issued_on,
        number=row.number,
        updated_at=row.updated_at,
    )


async def get_conclusion(
    session: AsyncSession, actor: User, seminar_id: int
) -> ConclusionRead | None:
    """The seminar's conclusion notice, None while it is not written."""
    await require_member(session, actor, seminar_id)
    row = await session.get(Conclusion, seminar_id)
    return None if row is None else _conclusion_read(row)


async def put_conclusion(
    session: AsyncSession, actor: User, seminar_id: int, data: ConclusionWrite
) -> ConclusionRead:
    """Write or rewrite the conclusion (the whole seminar's: 403 for a limited member)."""
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    if seminar.status == SeminarStatus.cancelled:
        raise Conflict(msg.CONCLUSION_CANCELLED)
    row = await session.get(Conclusion, seminar_id)
    if row is None:
        row = Conclusion(seminar_id=seminar_id)
        session.add(row)
    for field, value in data.model_dump().items():
        setattr(row, field, value)
    row.updated_at = utcnow()
    row.updated_by_id = actor.id
    await session.commit()
    return _conclusion_read(row)


async def _picked_rows(session: AsyncSession, seminar_id: int, site_ids: list[int]) -> list[int]:
    """The participation ids of the picked directory sites; 422 naming those not taking part."""
    ids = list(dict.fromkeys(site_ids))
    found: dict[int, int] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        rows = await session.execute(
            select(SeminarSite.site_id, SeminarSite.id).where(
                SeminarSite.seminar_id == seminar_id, SeminarSite.site_id.in_(chunk)
            )
        )
        found.update({site_id: row_id for site_id, row_id in rows})
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise Unprocessable(msg.TASK_SITES_UNKNOWN, site_ids=unknown[:20])
    return [found[i] for i in ids]


async def _assign(session: AsyncSession, task: FollowupTask, data: TaskCreate) -> int:
    """Insert the task's assignments (no flush of ORM objects per site); returns how many."""
    if data.all_sites:
        # The seminar's remote sites that did not decline, in one INSERT … SELECT.
        chosen = select(
            literal(task.id), SeminarSite.id, literal(TaskStatus.not_started.value)
        ).where(
            SeminarSite.seminar_id == task.seminar_id,
            SeminarSite.is_main.is_(False),
            SeminarSite.status != SeminarSiteStatus.declined,
        )
        result = await session.execute(
            insert(TaskAssignment).from_select(["task_id", "seminar_site_id", "status"], chosen)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
    row_ids = await _picked_rows(session, task.seminar_id, data.site_ids or [])
    rows: list[dict[str, Any]] = [
        {"task_id": task.id, "seminar_site_id": r, "status": TaskStatus.not_started}
        for r in row_ids
    ]
    await session.execute(insert(TaskAssignment), rows)
    return len(rows)


async def _publish_task(events: LiveEvents, seminar_id: int, task_id: int) -> None:
    await events.publish_staff(seminar_id, None, "task", {"task_id": task_id, "site": None})


async def create_task(
    session: AsyncSession, actor: User, seminar_id: int, data: TaskCreate, events: LiveEvents
) -> TaskSummary:
    """A task and its assignments, one transaction (all or nothing); 409 unless the
    seminar is live or ended."""
    member = await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    if seminar.status not in TASK_STATUSES:
        raise Conflict(msg.TASKS_NOT_YET, status=seminar.status.value)
    task = FollowupTask(
        seminar_id=seminar_id,
        title=data.title,
        detail=data.detail or None,
        due_on=data.due_on,
        created_by_id=actor.id,
    )
    session.add(task)
    await session.flush()
    if await _assign(session, task, data) == 0:
        await session.rollback()
        raise Unprocessable(msg.TASK_NO_SITES)
    [summary] = await task_summaries(
        session, seminar_id, member, seminar_today(seminar), task_id=task.id
    )
    await session.commit()
    await _publish_task(events, seminar_id, summary.id)
    return summary


async def _task(session: AsyncSession, seminar_id: int, task_id: int) -> FollowupTask:
    task = await session.scalar(
        select(FollowupTask).where(
            FollowupTask.id == task_id, FollowupTask.seminar_id == seminar_id
        )
    )
    if task is None:
        raise NotFound(msg.TASK_NOT_FOUND, task_id=task_id)
    return task


async def update_task(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    task_id: int,
    data: TaskUpdate,
    events: LiveEvents,
) -> TaskSummary:
    member = await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id)
    task = await _task(session, seminar_id, task_id)
    changes = data.model_dump(exclude_unset=True)
    for field in ("title", "due_on"):
        if changes.get(field) is not None:
            setattr(task, field, changes[field])
    if "detail" in changes:
        task.detail = changes["detail"] or None
    await session.flush()
    [summary] = await task_summaries(
        session, seminar_id, member, seminar_today(seminar), task_id=task.id
    )
    await session.commit()
    await _publish_task(events, seminar_id, task_id)
    return summary


async def delete_task(
    session: AsyncSession, actor: User, seminar_id: int, task_id: int, events: LiveEvents
) -> None:
    """The task with its assignments and their log."""
    await require_member(session, actor, seminar_id, unlimited=True)
    task = await _task(session, seminar_id, task_id)
    # Assignments and their log go with it (ON DELETE CASCADE, on in SQLite too).
    await session.execute(delete(FollowupTask).where(FollowupTask.id == task.id))
    await session.commit()
    await _publish_task(events, seminar_id, task_id)


async def list_tasks(session: AsyncSession, actor: User, seminar_id: int) -> list[TaskSummary]:
    member = await require_member(session, actor, seminar_id)
    seminar = await load_seminar(session, seminar_id)
    return await task_summaries(session, seminar_id, member, seminar_today(seminar))


async def board_sites(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    task_id: int,
    *,
    status: BoardStatus | None,
    q: str | None,
    page: Page,
) -> tuple[list[TaskSiteRow], int]:
    member = await require_member(session, actor, seminar_id)
    seminar: Seminar = await load_seminar(session, seminar_id)
    task = await _task(session, seminar_id, task_id)
    return await task_site_rows(
        session, task, member, seminar_today(seminar), status=status, q=q, page=page
    )
