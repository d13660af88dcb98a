"""The site's side of the follow-up: after the seminar ended, its tasks on the same
check-in link, and its progress reports (offline-queued, so idempotent per
``request_id`` and ordered by the client's ``reported_at``).

Moves: not_started → in_progress | done, in_progress → in_progress (a new note) | done,
done → in_progress (reopened). Marking done a task already done is a 409: the site page
shows that someone else at the site already did.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.ports import LiveEvents
from app.attendance.service import SiteContext
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound
from app.core.vi_format import format_datetime
from app.followup import messages as msg
from app.followup.board import seminar_today
from app.followup.models import FollowupTask, TaskAssignment, TaskProgress, TaskStatus
from app.followup.schemas import ProgressReport, SiteTask, TaskSiteRow
from app.seminars.models import SeminarStatus

ALLOWED = {
    TaskStatus.not_started: {TaskStatus.in_progress, TaskStatus.done},
    TaskStatus.in_progress: {TaskStatus.in_progress, TaskStatus.done},
    TaskStatus.done: {TaskStatus.in_progress},
}


def _site_task(task: FollowupTask, row: TaskAssignment, today: date) -> SiteTask:
    return SiteTask(
        id=task.id,
        title=task.title,
        detail=task.detail,
        due_on=task.due_on,
        status=row.status,
        overdue=row.status != TaskStatus.done and task.due_on < today,
        note=row.note,
        updated_at=row.updated_at,
    )


async def site_tasks(session: AsyncSession, ctx: SiteContext) -> list[SiteTask]:
    """The site's tasks once the seminar ended (before: none), due first."""
    if ctx.seminar.status != SeminarStatus.ended:
        return []
    rows = await session.execute(
        select(FollowupTask, TaskAssignment)
        .join(TaskAssignment, TaskAssignment.task_id == FollowupTask.id)
        .where(TaskAssignment.seminar_site_id == ctx.participation.id)
        .order_by(FollowupTask.due_on, FollowupTask.id)
    )
    today = seminar_today(ctx.seminar)
    return [_site_task(task, row, today) for task, row in rows]


async def _assignment(
    session: AsyncSession, ctx: SiteContext, task_id: int
) -> tuple[FollowupTask, TaskAssignment]:
    """The site's assignment of ``task_id``, locked (reports of one site are serialised)."""
    found = (
        await session.execute(
            select(FollowupTask, TaskAssignment)
            .join(TaskAssignment, TaskAssignment.task_id == FollowupTask.id)
            .where(
                FollowupTask.id == task_id,
                TaskAssignment.seminar_site_id == ctx.participation.id,
            )
            .with_for_update(of=TaskAssignment)
        )
    ).one_or_none()
    if found is None:
        raise NotFound(msg.SITE_TASK_NOT_FOUND, task_id=task_id)
    return found[0], found[1]


async def _repeated(session: AsyncSession, row: TaskAssignment, request_id: str | None) -> bool:
    if request_id is None:
        return False
    seen = await session.scalar(
        select(TaskProgress.id).where(
            TaskProgress.assignment_id == row.id, TaskProgress.request_id == request_id
        )
    )
    return seen is not None


async def report_progress(
    session: AsyncSession,
    ctx: SiteContext,
    task_id: int,
    data: ProgressReport,
    events: LiveEvents,
) -> SiteTask:
    """Apply one report and log it; a repeated ``request_id`` answers the current state."""
    if ctx.seminar.status != SeminarStatus.ended:
        raise Conflict(msg.PROGRESS_NOT_YET)
    task, row = await _assignment(session, ctx, task_id)
    today = seminar_today(ctx.seminar)
    if await _repeated(session, row, data.request_id):
        answer = _site_task(task, row, today)
        await session.rollback()  # release the row lock; nothing was written
        return answer
    # A queued report older than the one applied is kept in the log only.
    stale = (
        data.reported_at is not None
        and row.reported_at is not None
        and data.reported_at < row.reported_at
    )
    if not stale:
        if data.status not in ALLOWED[row.status]:
            at = format_datetime(row.updated_at, ctx.seminar.timezone)
            raise Conflict(msg.TASK_ALREADY_DONE, at=at)
        row.status = data.status
        row.note = data.note or None
        row.updated_at = utcnow()
        row.reported_at = data.reported_at or row.updated_at
    session.add(
        TaskProgress(
            assignment_id=row.id,
            status=data.status,
            note=data.note or None,
            request_id=data.request_id,
            reported_at=data.reported_at,
            received_at=utcnow(),
        )
    )
    answer = _site_task(task, row, today)
    try:
        await session.commit()
    except IntegrityError:
        # The same request_id committed meanwhile (a retry racing the original).
        await session.rollback()
        await session.refresh(ctx.participation)  # expired by the rollback
        task, row = await _assignment(session, ctx, task_id)
        answer = _site_task(task, row, today)
        await session.rollback()
        return answer
    if not stale:
        site = TaskSiteRow(
            site_id=ctx.site.id,
            code=ctx.site.code,
            name=ctx.site.name,
            status=answer.status,
            overdue=answer.overdue,
            note=answer.note,
            updated_at=answer.updated_at,
        )
        payload = {"task_id": task.id, "site": site.model_dump(mode="json")}
        await events.publish_staff(ctx.seminar.id, ctx.site.id, "task", payload)
    return answer
