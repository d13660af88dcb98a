"""HTTP API of the seminars domain: seminars, their status, their agenda (staff only)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.auth.dependencies import CurrentUser
from app.core.db import SessionDep
from app.core.schemas import LINE, ItemList, PageDep, PathId
from app.realtime.dependencies import PublisherDep
from app.realtime.publisher import LivePublisher
from app.seminars import agenda, members, service
from app.seminars.models import SeminarStatus
from app.seminars.schemas import (
    AgendaItemCreate,
    AgendaItemRead,
    AgendaItemUpdate,
    MemberCandidate,
    MemberCreate,
    MemberRead,
    MemberUpdate,
    PublicSeminar,
    SeminarCreate,
    SeminarRead,
    SeminarUpdate,
)
from app.users.models import User

router = APIRouter(tags=["seminars"])


@router.get("/public/seminars/{slug}", response_model=PublicSeminar, tags=["public"])
async def public_seminar(
    session: SessionDep, slug: Annotated[str, Path(max_length=100), LINE]
) -> object:
    """A published seminar for the public page and the big screen (no personal data)."""
    return await service.public_seminar(session, slug)


@router.get("/seminars", response_model=ItemList[SeminarRead])
async def list_seminars(session: SessionDep, actor: CurrentUser, page: PageDep) -> dict:
    """Seminars, latest start first, with remote-site counts."""
    seminars, total = await service.list_seminars(session, actor, page)
    limits = await service.my_subtrees(session, actor, [s.id for s in seminars])
    items = [
        SeminarRead.model_validate(s).model_copy(update={"my_subtree": limits.get(s.id)})
        for s in seminars
    ]
    return {"items": items, "total": total}


@router.post("/seminars", response_model=SeminarRead, status_code=201)
async def create_seminar(session: SessionDep, actor: CurrentUser, data: SeminarCreate) -> object:
    """Create a draft seminar (slug derived from the title when omitted)."""
    return await service.create_seminar(session, actor, data)


@router.get("/seminars/{seminar_id}", response_model=SeminarRead)
async def get_seminar(session: SessionDep, actor: CurrentUser, seminar_id: PathId) -> object:
    return await service.get_seminar(session, actor, seminar_id)


@router.patch("/seminars/{seminar_id}", response_model=SeminarRead)
async def update_seminar(
    session: SessionDep, actor: CurrentUser, seminar_id: PathId, data: SeminarUpdate
) -> object:
    """Edit a draft, published or live seminar (409 once ended or cancelled)."""
    return await service.update_seminar(session, actor, seminar_id, data)


async def _move(
    session: SessionDep,
    actor: User,
    publisher: LivePublisher,
    seminar_id: int,
    target: SeminarStatus,
) -> object:
    return await service.change_seminar_status(session, actor, seminar_id, target, publisher)


@router.post("/seminars/{seminar_id}/publish", response_model=SeminarRead)
async def publish_seminar(
    session: SessionDep, actor: CurrentUser, publisher: PublisherDep, seminar_id: PathId
) -> object:
    """draft → published (409 from any other status)."""
    return await _move(session, actor, publisher, seminar_id, SeminarStatus.published)


@router.post("/seminars/{seminar_id}/start", response_model=SeminarRead)
async def start_seminar(
    session: SessionDep, actor: CurrentUser, publisher: PublisherDep, seminar_id: PathId
) -> object:
    """published → live (409 from any other status)."""
    return await _move(session, actor, publisher, seminar_id, SeminarStatus.live)


@router.post("/seminars/{seminar_id}/end", response_model=SeminarRead)
async def end_seminar(
    session: SessionDep, actor: CurrentUser, publisher: PublisherDep, seminar_id: PathId
) -> object:
    """live → ended; the running agenda item is ended too (409 from any other status)."""
    return await _move(session, actor, publisher, seminar_id, SeminarStatus.ended)


@router.post("/seminars/{seminar_id}/cancel", response_model=SeminarRead)
async def cancel_seminar(
    session: SessionDep, actor: CurrentUser, publisher: PublisherDep, seminar_id: PathId
) -> object:
    """draft | published → cancelled (409 once live, ended or cancelled)."""
    return await _move(session, actor, publisher, seminar_id, SeminarStatus.cancelled)


@router.get("/seminars/{seminar_id}/agenda", response_model=ItemList[AgendaItemRead])
async def list_agenda(
    session: SessionDep, actor: CurrentUser, seminar_id: PathId, page: PageDep
) -> dict:
    """The programme in order (positions 1..n)."""
    items, total = await agenda.list_agenda(session, actor, seminar_id, page)
    return {"items": [AgendaItemRead.of(i) for i in items], "total": total}


@router.post("/seminars/{seminar_id}/agenda", response_model=AgendaItemRead, status_code=201)
async def create_agenda_item(
    session: SessionDep, actor: CurrentUser, seminar_id: PathId, data: AgendaItemCreate
) -> object:
    """Append an item, or insert it at ``position`` (later items shift down)."""
    return AgendaItemRead.of(await agenda.create_agenda_item(session, actor, seminar_id, data))


@router.patch("/seminars/{seminar_id}/agenda/{item_id}", response_model=AgendaItemRead)
async def update_agenda_item(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    item_id: PathId,
    data: AgendaItemUpdate,
) -> object:
    """Edit an item; ``position`` moves it."""
    item = await agenda.update_agenda_item(session, actor, seminar_id, item_id, data)
    return AgendaItemRead.of(item)


@router.delete("/seminars/{seminar_id}/agenda/{item_id}", status_code=204)
async def delete_agenda_item(
    session: SessionDep, actor: CurrentUser, seminar_id: PathId, item_id: PathId
) -> None:
    """Remove an item; the later ones move up."""
    await agenda.delete_agenda_item(session, actor, seminar_id, item_id)


@router.post("/seminars/{seminar_id}/agenda/{item_id}/start", response_model=AgendaItemRead)
async def start_agenda_item(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    item_id: PathId,
) -> object:
    """Now presenting: the seminar must be live; the running item, if any, is ended."""
    change = await agenda.start_agenda_item(session, actor, seminar_id, item_id, publisher)
    return AgendaItemRead.of(change.item)


@router.post("/seminars/{seminar_id}/agenda/{item_id}/end", response_model=AgendaItemRead)
async def end_agenda_item(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    item_id: PathId,
) -> object:
    """End the running item (409 for any other)."""
    change = await agenda.end_agenda_item(session, actor, seminar_id, item_id, publisher)
    return AgendaItemRead.of(change.item)


# --- members ------------------------------------------------------------------------------


@router.get("/seminars/{seminar_id}/members", response_model=ItemList[MemberRead])
async def list_members(session: SessionDep, actor: CurrentUser, seminar_id: PathId) -> dict:
    """Who may act on the seminar, and on which sites (any member may look)."""
    items = await members.list_members(session, actor, seminar_id)
    return {"items": items, "total": len(items)}


@router.get("/seminars/{seminar_id}/members/candidates", response_model=ItemList[MemberCandidate])
async def member_candidates(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    page: PageDep,
    q: Annotated[str, Query(max_length=200), LINE] | None = None,
) -> dict:
    """Active organizers who are not members yet, by name, e-mail or unit."""
    items, total = await members.member_candidates(session, actor, seminar_id, q, page)
    return {"items": items, "total": total}


@router.post("/seminars/{seminar_id}/members", response_model=MemberRead, status_code=201)
async def add_member(
    session: SessionDep, actor: CurrentUser, seminar_id: PathId, data: MemberCreate
) -> object:
    """Add an organizer, for the whole seminar or limited to one subtree of sites."""
    return await members.add_member(session, actor, seminar_id, data)


@router.patch("/seminars/{seminar_id}/members/{user_id}", response_model=MemberRead)
async def update_member(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    user_id: PathId,
    data: MemberUpdate,
) -> object:
    """Limit a member to a subtree of sites, or give them the whole seminar (null)."""
    return await members.update_member(session, actor, seminar_id, user_id, data)


@router.delete("/seminars/{seminar_id}/members/{user_id}", status_code=204)
async def remove_member(
    session: SessionDep, actor: CurrentUser, seminar_id: PathId, user_id: PathId
) -> None:
    """Remove a member (409 for the last one who runs the whole seminar)."""
    await members.remove_member(session, actor, seminar_id, user_id)
