"""Speaking requests: the site's side (X-Site-Token) and the organizers' queue."""

from typing import Annotated

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


async def _move(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: int,
    request_id: int,
    action: str,
    data: SpeakingMove | None,
) -> object:
    return await service.move(
        session, actor, seminar_id, request_id, action, data or SpeakingMove(), publisher
    )


MOVE_PATH = "/seminars/{seminar_id}/speaking/{request_id}"


@router.post(f"{MOVE_PATH}/call", response_model=SpeakingStaffRead)
async def call_speaker(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    request_id: PathId,
    data: SpeakingMove | None = None,
) -> object:
    """requested → called: the site's page says "Chuẩn bị phát biểu"."""
    return await _move(session, actor, publisher, seminar_id, request_id, "call", data)


@router.post(f"{MOVE_PATH}/start", response_model=SpeakingStaffRead)
async def start_speaker(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    request_id: PathId,
    data: SpeakingMove | None = None,
) -> object:
    """requested|called → speaking (the seminar must be live); the current speaker ends."""
    return await _move(session, actor, publisher, seminar_id, request_id, "start", data)


@router.post(f"{MOVE_PATH}/end", response_model=SpeakingStaffRead)
async def end_speaker(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    request_id: PathId,
    data: SpeakingMove | None = None,
) -> object:
    """speaking → done."""
    return await _move(session, actor, publisher, seminar_id, request_id, "end", data)


@router.post(f"{MOVE_PATH}/reject", response_model=SpeakingStaffRead)
async def reject_speaker(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    request_id: PathId,
    data: SpeakingMove | None = None,
) -> object:
    """requested|called → rejected, with the organizers' ``note`` for the site."""
    return await _move(session, actor, publisher, seminar_id, request_id, "reject", data)
