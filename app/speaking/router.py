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


MOVE_PATH = "/seminars/{seminar_id}/speaking/{request_id}"


def _move_route(action: str, name: str, doc: str) -> None:
    """POST ``{MOVE_PATH}/{action}``: one state move of a request, done by ``service.move``."""

    async def endpoint(
        session: SessionDep,
        actor: CurrentUser,
        publisher: PublisherDep,
        seminar_id: PathId,
        request_id: PathId,
        data: SpeakingMove | None = None,
    ) -> object:
        move = data or SpeakingMove()
        return await service.move(session, actor, seminar_id, request_id, action, move, publisher)

    # The name is the OpenAPI operation id the generated client knows.
    endpoint.__name__ = endpoint.__qualname__ = name
    endpoint.__doc__ = doc
    router.add_api_route(
        f"{MOVE_PATH}/{action}",
        endpoint,
        methods=["POST"],
        response_model=SpeakingStaffRead,
        name=name,
    )


_move_route(
    "call", "call_speaker", """requested → called: the site's page says "Chuẩn bị phát biểu"."""
)
_move_route(
    "start",
    "start_speaker",
    "requested|called → speaking (the seminar must be live); the current speaker ends.",
)
_move_route("end", "end_speaker", "speaking → done.")
_move_route(
    "reject",
    "reject_speaker",
    "requested|called → rejected, with the organizers' ``note`` for the site.",
)
