"""The speaking queue's rules: who may ask, who may move a request, and how.

requested → called → speaking → done; requested|called → withdrawn (the site) | rejected
(organizers, with a note). One request speaks at a time: starting one ends the current
(done); a partial unique index makes that hold under concurrent starts too. Every move
commits first, then announces (``queue.announce``).
"""

from typing import Any, NoReturn

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.attendance.ports import LiveEvents
from app.attendance.service import SiteContext
from app.auth.permissions import require_staff
from app.core.db import utcnow
from app.core.errors import Conflict, Message, NotFound
from app.core.schemas import Page
from app.seminars.access import require_member
from app.seminars.models import Seminar, SeminarStatus
from app.seminars.service import load_seminar
from app.speaking import messages as msg
from app.speaking.models import (
    DEFAULT_PLANNED_SECONDS,
    OPEN,
    WAITING,
    SpeakingRequest,
    SpeakingStatus,
)
from app.speaking.queue import (
    QUEUE_ORDER,
    announce,
    end_current,
    load_request,
    next_position,
    places,
    public_read,
    staff_query,
    staff_read,
    waiting_ids,
)
from app.speaking.schemas import SpeakingAsk, SpeakingCreate, SpeakingMove, SpeakingUpdate
from app.users.models import User

MAX_OPEN_PER_SITE = 3
ACCEPTING = (SeminarStatus.published, SeminarStatus.live)

# Each move: the states it leaves from, the state it reaches, the refusal.
MOVES: dict[str, tuple[tuple[SpeakingStatus, ...], SpeakingStatus, Message]] = {
    "call": ((SpeakingStatus.requested,), SpeakingStatus.called, msg.CANNOT_CALL),
    "start": (WAITING, SpeakingStatus.speaking, msg.CANNOT_START),
    "end": ((SpeakingStatus.speaking,), SpeakingStatus.done, msg.CANNOT_END),
    "reject": (WAITING, SpeakingStatus.rejected, msg.CANNOT_REJECT),
    "withdraw": (WAITING, SpeakingStatus.withdrawn, msg.CANNOT_WITHDRAW),
}


def _require_accepting(seminar: Seminar) -> None:
    if seminar.status not in ACCEPTING:
        raise Conflict(msg.SPEAKING_NOT_OPEN, status=seminar.status)


def _check_move(row: SpeakingRequest, action: str) -> SpeakingStatus:
    sources, target, refusal = MOVES[action]
    if row.status not in sources:
        _refuse(refusal, row)
    return target


def _refuse(message: Message, row: SpeakingRequest) -> NoReturn:
    raise Conflict(message, speaker_name=row.speaker_name, status=row.status)


# -- the site's side ------------------------------------------------------------------


async def ask(
    session: AsyncSession, ctx: SiteContext, data: SpeakingAsk, events: LiveEvents
) -> dict[str, Any]:
    """A site asks for the floor; a repeated ``request_id`` returns the same request."""
    site_row = ctx.participation
    found = await _by_request_id(session, site_row.id, data.request_id)
    if found is not None:
        return await _mine_one(session, ctx, found)
    seminar = await load_seminar(session, ctx.seminar.id, for_update=True)
    _require_accepting(seminar)
    open_now = await session.scalar(
        select(func.count())
        .select_from(SpeakingRequest)
        .where(SpeakingRequest.seminar_site_id == site_row.id, SpeakingRequest.status.in_(OPEN))
    )
    if (open_now or 0) >= MAX_OPEN_PER_SITE:
        raise Conflict(msg.SPEAKING_TOO_MANY, limit=MAX_OPEN_PER_SITE)
    row = SpeakingRequest(
        seminar_id=seminar.id,
        seminar_site_id=site_row.id,
        speaker_name=data.speaker_name,
        speaker_title=data.speaker_title or None,
        topic=data.topic or None,
        position=await next_position(session, seminar.id),
        planned_seconds=DEFAULT_PLANNED_SECONDS,
        request_id=data.request_id,
        requested_at=utcnow(),
    )
    session.add(row)
    try:
        await session.commit()
    except IntegrityError:
        # The same request_id arrived twice at once: the other copy won.
        await session.rollback()
        found = await _by_request_id(session, site_row.id, data.request_id)
        if found is None:
            raise
        return await _mine_one(session, ctx, found)
    await announce(session, seminar.id, row, events)
    return await _mine_one(session, ctx, row)


async def _by_request_id(
    session: AsyncSession, seminar_site_id: int, request_id: str
) -> SpeakingRequest | None:
    return await session.scalar(
        select(SpeakingRequest).where(
            SpeakingRequest.seminar_site_id == seminar_site_id,
            SpeakingRequest.request_id == request_id,
        )
    )


async def _mine_one(session: AsyncSession, ctx: SiteContext, row: SpeakingRequest) -> dict:
    placed = await places(session, ctx.seminar.id)
    return public_read(row, ctx.site, placed.get(row.id))


async def mine(session: AsyncSession, ctx: SiteContext) -> dict[str, Any]:
    """This site's requests, newest first, each with its place in the queue."""
    rows = list(
        await session.scalars(
            select(SpeakingRequest)
            .where(SpeakingRequest.seminar_site_id == ctx.participation.id)
            .order_by(SpeakingRequest.id.desc())
        )
    )
    placed = await places(session, ctx.seminar.id) if rows else {}
    items = [public_read(r, ctx.site, placed.get(r.id)) for r in rows]
    return {"items": items, "total": len(items)}


async def withdraw(
    session: AsyncSession, ctx: SiteContext, request_id: int, events: LiveEvents
) -> dict[str, Any]:
    await load_seminar(session, ctx.seminar.id, for_update=True)
    row = await load_request(session, ctx.seminar.id, request_id, ctx.participation.id)
    row.status = _check_move(row, "withdraw")
    row.ended_at = utcnow()
    await session.commit()
    await announce(session, ctx.seminar.id, row, events)
    return await _mine_one(session, ctx, row)


# -- the organizers' side -------------------------------------------------------------


async def queue(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    status: SpeakingStatus | None,
    page: Page,
) -> dict[str, Any]:
    """The queue in order (speaking, called, requested by position, then the rest). A
    member limited to a subtree sees the requests of its sites only."""
    member = await require_member(session, actor, seminar_id)
    query = staff_query(seminar_id)
    if member.limited:
        query = query.where(member.site_filter(SeminarSite.site_id))
    if status is not None:
        query = query.where(SpeakingRequest.status == status)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = (
        await session.execute(query.order_by(*QUEUE_ORDER).limit(page.limit).offset(page.offset))
    ).all()
    placed = await places(session, seminar_id)
    items = [staff_read(r, p, s, placed.get(r.id)) for r, p, s in rows]
    return {"items": items, "total": total or 0}


async def create(
    session: AsyncSession, actor: User, seminar_id: int, data: SpeakingCreate, events: LiveEvents
) -> dict[str, Any]:
    """Organizers put someone in the queue: the main hall, or a site on its behalf."""
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    _require_accepting(seminar)
    participation_id = None
    if data.site_id is not None:
        participation_id = await session.scalar(
            select(SeminarSite.id).where(
                SeminarSite.seminar_id == seminar_id, SeminarSite.site_id == data.site_id
            )
        )
        if participation_id is None:
            raise NotFound(msg.SPEAKING_SITE_NOT_IN_SEMINAR, site_id=data.site_id)
    row = SpeakingRequest(
        seminar_id=seminar_id,
        seminar_site_id=participation_id,
        speaker_name=data.speaker_name,
        speaker_title=data.speaker_title or None,
        topic=data.topic or None,
        position=await next_position(session, seminar_id),
        planned_seconds=data.planned_seconds or DEFAULT_PLANNED_SECONDS,
        requested_at=utcnow(),
        created_by_id=actor.id,
    )
    session.add(row)
    await session.commit()
    return await announce(session, seminar_id, row, events)


async def update(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    request_id: int,
    data: SpeakingUpdate,
    events: LiveEvents,
) -> dict[str, Any]:
    """Move a waiting request to ``position`` (1: first; past the end: last) and/or set
    its planned time (also for the current speaker)."""
    await require_member(session, actor, seminar_id, unlimited=True)
    await load_seminar(session, seminar_id, for_update=True)
    row = await load_request(session, seminar_id, request_id)
    if data.position is not None:
        if row.status not in WAITING:
            _refuse(msg.SPEAKING_NOT_WAITING, row)
        order = [i for i in await waiting_ids(session, seminar_id) if i != row.id]
        order.insert(min(data.position, len(order) + 1) - 1, row.id)
        by_id = {
            r.id: r
            for r in await session.scalars(
                select(SpeakingRequest).where(SpeakingRequest.id.in_(order))
            )
        }
        # Renumber the whole waiting list; called ones stay ahead (queue order).
        for n, rid in enumerate(order, start=1):
            by_id[rid].position = n
    if data.planned_seconds is not None:
        if row.status not in (*WAITING, SpeakingStatus.speaking):
            _refuse(msg.SPEAKING_CLOSED, row)
        row.planned_seconds = data.planned_seconds
    await session.commit()
    return await announce(session, seminar_id, row, events)


async def move(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    request_id: int,
    action: str,
    data: SpeakingMove,
    events: LiveEvents,
) -> dict[str, Any]:
    """call | start | end | reject a request (409 for a move its state does not allow)."""
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    row = await load_request(session, seminar_id, request_id)
    target = _check_move(row, action)
    now = utcnow()
    if action == "call":
        _require_accepting(seminar)
        row.called_at = now
    elif action == "start":
        if seminar.status != SeminarStatus.live:
            raise Conflict(msg.SPEAKING_SEMINAR_NOT_LIVE, status=seminar.status)
        await end_current(session, seminar_id, now)
        row.called_at = row.called_at or now
        row.started_at = now
    else:
        row.ended_at = now
    if data.note:
        row.note = data.note
    row.status = target
    try:
        await session.commit()
    except IntegrityError as exc:
        # Another start committed first (the one-speaker index): refuse this one.
        await session.rollback()
        raise Conflict(msg.SPEAKING_RACE) from exc
    return await announce(session, seminar_id, row, events)
