"""Speaking requests: the site's side (X-Site-Token) and the organizers' queue."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from app.attendance.dependencies import CurrentSite
from app.auth.dependencies import CurrentUser
from app.core.db import SessionDep
from app.core.schemas import ItemList, PageDep, PathId
from app.realtime.dependencies import PublisherDep
from app.speaking import service
from app.speaking.models import SpeakingStatus
from app.speaking.schemas import (
    MySpeaking,
    SpeakingAsk,
    SpeakingCreate,
    SpeakingMove,
    SpeakingRead,
    SpeakingStaffRead,
    SpeakingUpdate,
)

router = APIRouter(tags=["speaking"])
site_router = APIRouter(prefix="/site/speaking", tags=["site"])


@site_router.post("", response_model=SpeakingRead, status_code=201)
async def ask_to_speak(
    session: SessionDep, ctx: CurrentSite, data: SpeakingAsk, publisher: PublisherDep
) -> object:
    """Ask for the floor (at most 3 open requests per site); a repeated ``request_id``
    answers the same request."""
    return await service.ask(session, ctx, data, publisher)


@site_router.get("", response_model=MySpeaking)
async def my_speaking(session: SessionDep, ctx: CurrentSite) -> object:
    """My requests, newest first, with ``place`` in the queue while waiting."""
    return await service.mine(session, ctx)


@site_router.post("/{request_id}/withdraw", response_model=SpeakingRead)
async def withdraw(
    session: SessionDep, ctx: CurrentSite, request_id: PathId, publisher: PublisherDep
) -> object:
    """Withdraw a waiting or called request (409 otherwise)."""
    return await service.withdraw(session, ctx, request_id, publisher)


@router.get("/seminars/{seminar_id}/speaking", response_model=ItemList[SpeakingStaffRead])
async def speaking_queue(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    page: PageDep,
    status: Annotated[SpeakingStatus | None, Query()] = None,
) -> object:
    """The queue: speaking, called, requested by position; then the rest."""
    return await service.queue(session, actor, seminar_id, status, page)


@router.post("/seminars/{seminar_id}/speaking", response_model=SpeakingStaffRead, status_code=201)
async def add_speaker(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    data: SpeakingCreate,
) -> object:
    """Put someone in the queue: the main hall (no ``site_id``) or a site on its behalf."""
    return await service.create(session, actor, seminar_id, data, publisher)


@router.patch("/seminars/{seminar_id}/speaking/{request_id}", response_model=SpeakingStaffRead)
async def update_speaker(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    request_id: PathId,
    data: SpeakingUpdate,
) -> object:
    """Reorder a waiting request (``position``, 1 = first) or change its planned time."""
    return await service.update(session, actor, seminar_id, request_id, data, publisher)


@router.post(
    "/seminars/{seminar_id}/speaking/{request_id}/{action}", response_model=SpeakingStaffRead
)
async def move_speaker(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    request_id: PathId,
    action: Literal["call", "start", "end", "reject"],
    data: SpeakingMove | None = None,
) -> object:
    """call (requested → called), start (→ speaking; ends the current one), end
    (speaking → done), reject (requested|called → rejected, with a note)."""
    return await service.move(
        session, actor, seminar_id, request_id, action, data or SpeakingMove(), publisher
    )
