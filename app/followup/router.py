"""HTTP API of the follow-up: the conclusion notice, its tasks and their board
(organizers), the site's tasks and progress reports (X-Site-Token)."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.attendance.dependencies import CurrentSite
from app.auth.dependencies import CurrentUser
from app.core.db import SessionDep
from app.core.schemas import LINE, ItemList, PageDep, PathId
from app.followup import service, site
from app.followup.docx import conclusion_docx
from app.followup.schemas import (
    BoardStatus,
    ConclusionRead,
    ConclusionWrite,
    ProgressReport,
    SiteTask,
    TaskCreate,
    TaskSiteRow,
    TaskSummary,
    TaskUpdate,
)
from app.realtime.dependencies import PublisherDep
from app.reports.docx_layout import DOCX_MEDIA_TYPE as DOCX

router = APIRouter(tags=["followup"])
site_router = APIRouter(prefix="/site", tags=["site"])


@router.get("/seminars/{seminar_id}/conclusion", response_model=ConclusionRead | None)
async def get_conclusion(session: SessionDep, actor: CurrentUser, seminar_id: PathId) -> object:
    """The conclusion notice; null while it is not written."""
    return await service.get_conclusion(session, actor, seminar_id)


@router.put("/seminars/{seminar_id}/conclusion", response_model=ConclusionRead)
async def put_conclusion(
    session: SessionDep, actor: CurrentUser, seminar_id: PathId, data: ConclusionWrite
) -> object:
    """Write or rewrite the conclusion notice (409 for a cancelled seminar)."""
    return await service.put_conclusion(session, actor, seminar_id, data)


@router.get(
    "/seminars/{seminar_id}/conclusion.docx",
    response_class=Response,
    responses={200: {"content": {DOCX: {}}}},
)
async def download_conclusion(
    session: SessionDep, actor: CurrentUser, seminar_id: PathId
) -> Response:
    """ "Thông báo kết luận" (Nghị định 30/2020 layout) with the tasks and their due dates."""
    content = await conclusion_docx(session, actor, seminar_id)
    return Response(
        content,
        media_type=DOCX,
        headers={"Content-Disposition": 'attachment; filename="conclusion.docx"'},
    )


@router.get("/seminars/{seminar_id}/tasks", response_model=ItemList[TaskSummary])
async def list_tasks(session: SessionDep, actor: CurrentUser, seminar_id: PathId) -> object:
    """Tasks with their counts per status over the sites the caller sees, due first."""
    items = await service.list_tasks(session, actor, seminar_id)
    return ItemList(items=items, total=len(items))


@router.post("/seminars/{seminar_id}/tasks", response_model=TaskSummary, status_code=201)
async def create_task(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    data: TaskCreate,
    publisher: PublisherDep,
) -> object:
    """Assign a task to all sites or the picked ones (one transaction); 409 unless the
    seminar is live or ended."""
    return await service.create_task(session, actor, seminar_id, data, publisher)


@router.patch("/seminars/{seminar_id}/tasks/{task_id}", response_model=TaskSummary)
async def update_task(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    task_id: PathId,
    data: TaskUpdate,
    publisher: PublisherDep,
) -> object:
    return await service.update_task(session, actor, seminar_id, task_id, data, publisher)


@router.delete("/seminars/{seminar_id}/tasks/{task_id}", status_code=204)
async def delete_task(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    task_id: PathId,
    publisher: PublisherDep,
) -> None:
    await service.delete_task(session, actor, seminar_id, task_id, publisher)


@router.get("/seminars/{seminar_id}/tasks/{task_id}/sites", response_model=ItemList[TaskSiteRow])
async def task_sites(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    task_id: PathId,
    page: PageDep,
    status: BoardStatus | None = None,
    q: Annotated[str, Query(max_length=200), LINE] | None = None,
) -> object:
    """A task's sites in name order (``status=overdue``: not done and past due)."""
    items, total = await service.board_sites(
        session, actor, seminar_id, task_id, status=status, q=q, page=page
    )
    return ItemList(items=items, total=total)


@site_router.get("/tasks", response_model=ItemList[SiteTask])
async def my_tasks(session: SessionDep, ctx: CurrentSite) -> object:
    """This site's tasks once the seminar ended (before: an empty list)."""
    items = await site.site_tasks(session, ctx)
    return ItemList(items=items, total=len(items))


@site_router.post("/tasks/{task_id}/progress", response_model=SiteTask)
async def report_progress(
    session: SessionDep,
    ctx: CurrentSite,
    task_id: PathId,
    data: ProgressReport,
    publisher: PublisherDep,
) -> object:
    """Report progress on a task (409 before the end or when already done; 404 for a
    task not assigned to this site)."""
    return await site.report_progress(session, ctx, task_id, data, publisher)
