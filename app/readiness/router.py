"""Readiness API: a site's technical check (X-Site-Token) and the organizers' board."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.attendance.dependencies import CurrentSite
from app.auth.dependencies import CurrentUser
from app.core.db import SessionDep
from app.core.schemas import MAX_ID, PageDep, PathId
from app.readiness import service
from app.readiness.schemas import ReadinessBoard, ReadinessSite, TechCheckIn
from app.realtime.dependencies import PublisherDep

router = APIRouter(tags=["readiness"])
site_router = APIRouter(prefix="/site", tags=["site"])


@site_router.post("/techcheck", response_model=ReadinessSite)
async def techcheck(
    session: SessionDep, ctx: CurrentSite, publisher: PublisherDep, data: TechCheckIn
) -> object:
    """My technical check (picture, sound, line), from ``techcheck_opens_at`` until the end.

    The latest check counts (ready = all three ok); every check is logged; a repeated
    ``request_id`` is recorded once and answers the same.
    """
    return await service.record_check(session, ctx.participation, data, publisher)


@router.get("/seminars/{seminar_id}/readiness", response_model=ReadinessBoard)
async def readiness_board(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    page: PageDep,
    under: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="That site and its subtree only")
    ] = None,
) -> object:
    """Counts ready / problem / unchecked and the sites: problems, unchecked, then ready."""
    return await service.readiness_board(
        session, actor, seminar_id, under=under, limit=page.limit, offset=page.offset
    )
