"""The follow-up board in SQL: per task counts (done / in progress / not started /
overdue) and per-site rows, over the sites a member sees. "Overdue" is judged against
today's date in the seminar's time zone, passed in as a parameter."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, case, false, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.core.db import matches_every_word
from app.core.schemas import Page
from app.followup.models import FollowupTask, TaskAssignment, TaskStatus
from app.followup.schemas import BoardStatus, TaskSiteRow, TaskSummary
from app.seminars.access import Membership
from app.seminars.models import Seminar
from app.sites.models import Site

A = TaskAssignment


def seminar_today(seminar: Seminar, now: datetime | None = None) -> date:
    """Today's date where the seminar takes place (a task due today is not overdue yet)."""
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(seminar.timezone)).date()


def overdue_clause(today: date) -> ColumnElement[bool]:
    return (A.status != TaskStatus.done) & (FollowupTask.due_on < today)


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _seen(query: Select, member: Membership) -> Select:
    """Join the participation only when the member is limited to a subtree."""
    if not member.limited:
        return query
    return query.join(SeminarSite, SeminarSite.id == A.seminar_site_id).where(
        member.site_filter(SeminarSite.site_id)
    )


async def task_summaries(
    session: AsyncSession,
    seminar_id: int,
    member: Membership,
    today: date,
    task_id: int | None = None,
) -> list[TaskSummary]:
    """Every task of the seminar with at least one site the member sees, due first; one
    grouped query whatever the number of sites."""
    query = (
        select(
            FollowupTask,
            func.count(A.id),
            _count(A.status == TaskStatus.done),
            _count(A.status == TaskStatus.in_progress),
            _count(A.status == TaskStatus.not_started),
            _count(overdue_clause(today)),
        )
        .join(A, A.task_id == FollowupTask.id)
        .where(FollowupTask.seminar_id == seminar_id)
        .group_by(FollowupTask.id)
        .order_by(FollowupTask.due_on, FollowupTask.id)
    )
    if task_id is not None:
        query = query.where(FollowupTask.id == task_id)
    rows = await session.execute(_seen(query, member))
    return [
        TaskSummary(
            id=task.id,
            title=task.title,
            detail=task.detail,
            due_on=task.due_on,
            assigned=assigned,
            done=done,
            in_progress=in_progress,
            not_started=not_started,
            overdue=overdue,
        )
        for task, assigned, done, in_progress, not_started, overdue in rows
    ]


def _status_clause(status: BoardStatus, late: bool) -> ColumnElement[bool]:
    """One task's rows of a board status (``late``: the task is past its due date)."""
    if status == "overdue":
        return (A.status != TaskStatus.done) if late else false()
    return A.status == TaskStatus(status)


async def task_site_rows(
    session: AsyncSession,
    task: FollowupTask,
    member: Membership,
    today: date,
    *,
    status: BoardStatus | None,
    q: str | None,
    page: Page,
) -> tuple[list[TaskSiteRow], int]:
    """One page of a task's sites in name order, filtered by status and search."""
    late = task.due_on < today
    mine = [A.task_id == task.id]
    if status is not None:
        mine.append(_status_clause(status, late))
    query = (
        select(Site.id, Site.code, Site.name, A.status, A.note, A.updated_at)
        .select_from(A)
        .join(SeminarSite, SeminarSite.id == A.seminar_site_id)
        .join(Site, Site.id == SeminarSite.site_id)
        .where(
            # The seminar's rows in the console's name order (ix_seminar_sites_seminar_sort):
            # a page walks that index and looks each row's assignment up, no sort of 40,000.
            SeminarSite.seminar_id == task.seminar_id,
            *mine,
            member.site_filter(SeminarSite.site_id),
            *matches_every_word(Site.search_text, q),
        )
    )
    if member.limited or q:
        counted = select(func.count()).select_from(query.subquery())
    else:  # every row of the task is seen: count the assignments alone (their index)
        counted = select(func.count(A.id)).where(*mine)
    total = await session.scalar(counted)
    rows = await session.execute(
        query.order_by(SeminarSite.seminar_id, SeminarSite.sort_key, SeminarSite.site_id)
        .limit(page.limit)
        .offset(page.offset)
    )
    return [
        TaskSiteRow(
            site_id=site_id,
            code=code,
            name=name,
            status=row_status,
            overdue=late and row_status != TaskStatus.done,
            note=note,
            updated_at=updated_at,
        )
        for site_id, code, name, row_status, note, updated_at in rows
    ], total or 0
