"""Polls on the organizers' side: create, edit (drafts), the state machine and results.

draft → open → closed → published; any other move is a 409. A poll opens while the
seminar is live, or published and on its day; a survey while the seminar is live or
ended, for ``duration_minutes`` (``closes_at``). Members limited to a subtree read polls
and the results of their subtree; creating, editing and moving polls needs the whole
seminar (403). Every change commits first, then announces a ``poll`` message.
"""

import secrets
from datetime import timedelta
from typing import Any, NoReturn

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.ports import LiveEvents
from app.core.db import utcnow
from app.core.errors import Conflict, Message, Problem, Unprocessable
from app.core.vi_format import local
from app.polls import messages as msg
from app.polls.models import Poll, PollKind, PollOption, PollPurpose, PollStatus
from app.polls.results import figures, per_level
from app.polls.rules import load_poll, options_of, status_of
from app.polls.schemas import PollCreate, PollOpen, PollUpdate, check_shape
from app.seminars.access import require_member
from app.seminars.models import Seminar, SeminarStatus
from app.seminars.service import load_seminar
from app.users.models import User

# 16 random bytes: unguessable, and a short link makes a small QR code.
TOKEN_BYTES = 16

S = PollStatus
# Each move: the state it leaves from, the state it reaches, the refusal.
MOVES: dict[str, tuple[PollStatus, PollStatus, Message]] = {
    "open": (S.draft, S.open, msg.CANNOT_OPEN),
    "close": (S.open, S.closed, msg.CANNOT_CLOSE),
    "publish": (S.closed, S.published, msg.CANNOT_PUBLISH),
}


def poll_read(poll: Poll, options: list[PollOption]) -> dict[str, Any]:
    return {
        "id": poll.id,
        "seminar_id": poll.seminar_id,
        "question": poll.question,
        "kind": poll.kind,
        "mode": poll.mode,
        "purpose": poll.purpose,
        "show_live": poll.show_live,
        "status": status_of(poll),
        "token": poll.token,
        "options": [{"id": o.id, "label": o.label} for o in options],
        "responses": poll.responses,
        "created_at": poll.created_at,
        "opened_at": poll.opened_at,
        "closes_at": poll.closes_at,
        "closed_at": poll.closed_at,
        "published_at": poll.published_at,
    }


def _set_options(session: AsyncSession, poll: Poll, labels: list[str]) -> None:
    for position, label in enumerate(labels, start=1):
        session.add(PollOption(poll_id=poll.id, position=position, label=label))


async def list_polls(session: AsyncSession, actor: User, seminar_id: int) -> dict[str, Any]:
    """The seminar's polls, newest first (every member may read them)."""
    await require_member(session, actor, seminar_id)
    polls = list(
        await session.scalars(
            select(Poll).where(Poll.seminar_id == seminar_id).order_by(Poll.id.desc())
        )
    )
    options = await options_of(session, [p.id for p in polls])
    items = [poll_read(p, options[p.id]) for p in polls]
    return {"items": items, "total": len(items)}


async def get_poll(session: AsyncSession, actor: User, seminar_id: int, poll_id: int) -> dict:
    await require_member(session, actor, seminar_id)
    poll = await load_poll(session, seminar_id, poll_id)
    return poll_read(poll, (await options_of(session, [poll.id]))[poll.id])


async def create_poll(
    session: AsyncSession, actor: User, seminar_id: int, data: PollCreate, events: LiveEvents
) -> dict[str, Any]:
    await require_member(session, actor, seminar_id, unlimited=True)
    await load_seminar(session, seminar_id, for_update=True)
    assert data.kind is not None and data.mode is not None and data.options is not None
    poll = Poll(
        seminar_id=seminar_id,
        question=data.question,
        kind=data.kind,
        mode=data.mode,
        purpose=data.purpose,
        show_live=data.show_live,
        status=S.draft,
        token=secrets.token_urlsafe(TOKEN_BYTES),
        created_at=utcnow(),
        created_by_id=actor.id,
    )
    session.add(poll)
    await session.flush()
    _set_options(session, poll, data.options)
    await session.commit()
    events.poll_changed(seminar_id, poll.id)
    return await get_poll(session, actor, seminar_id, poll.id)


def _unprocessable(message: Message, **params: Any) -> Unprocessable:
    """An edit that leaves the draft an invalid poll (the checks of PollCreate)."""
    problem = Problem(message, params or None, loc=("body",))
    return Unprocessable(message, errors=[problem], **params)


def _refuse_move(message: Message, status: PollStatus) -> NoReturn:
    raise Conflict(message, status=status)


def _require_draft(poll: Poll) -> None:
    if poll.status != S.draft:
        raise Conflict(msg.NOT_DRAFT, status=status_of(poll))


async def update_poll(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    poll_id: int,
    data: PollUpdate,
    events: LiveEvents,
) -> dict[str, Any]:
    """Edit a draft (409 once opened); the result must still be a valid poll (422)."""
    await require_member(session, actor, seminar_id, unlimited=True)
    poll = await load_poll(session, seminar_id, poll_id, for_update=True)
    _require_draft(poll)
    current = [o.label for o in (await options_of(session, [poll.id]))[poll.id]]
    kind = data.kind or poll.kind
    purpose = data.purpose or poll.purpose
    mode = data.mode or poll.mode
    options = data.options
    if options is None:
        # A change of kind keeps the labels, except to or from a scale (its own five).
        options = current if (kind == PollKind.scale) == (poll.kind == PollKind.scale) else None
    options = check_shape(kind, mode, purpose, options, refuse=_unprocessable)
    poll.question = data.question or poll.question
    poll.kind, poll.mode, poll.purpose = kind, mode, purpose
    if data.show_live is not None:
        poll.show_live = data.show_live
    if options != current:
        await session.execute(delete(PollOption).where(PollOption.poll_id == poll.id))
        _set_options(session, poll, options)
    await session.commit()
    events.poll_changed(seminar_id, poll.id)
    return await get_poll(session, actor, seminar_id, poll.id)


async def delete_poll(session: AsyncSession, actor: User, seminar_id: int, poll_id: int) -> None:
    """Delete a draft (nobody outside the console has seen it: nothing to announce)."""
    await require_member(session, actor, seminar_id, unlimited=True)
    poll = await load_poll(session, seminar_id, poll_id, for_update=True)
    _require_draft(poll)
    await session.delete(poll)
    await session.commit()


def _require_can_open(seminar: Seminar, poll: Poll) -> None:
    now = utcnow()
    if poll.purpose == PollPurpose.survey:
        if seminar.status not in (SeminarStatus.live, SeminarStatus.ended):
            raise Conflict(msg.SURVEY_SEMINAR_NOT_STARTED, status=seminar.status)
        return
    if seminar.status == SeminarStatus.live:
        return
    on_its_day = (
        local(seminar.starts_at, seminar.timezone).date() == local(now, seminar.timezone).date()
    )
    if seminar.status != SeminarStatus.published or not on_its_day:
        raise Conflict(msg.POLL_SEMINAR_NOT_RUNNING, status=seminar.status)


async def move_poll(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    poll_id: int,
    action: str,
    data: PollOpen | None,
    events: LiveEvents,
) -> dict[str, Any]:
    """open | close | publish (409 for a move its state does not allow)."""
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    poll = await load_poll(session, seminar_id, poll_id, for_update=True)
    source, target, refusal = MOVES[action]
    now = utcnow()
    status = status_of(poll, now)
    if status != source:
        _refuse_move(refusal, status)
    if action == "open":
        _require_can_open(seminar, poll)
        minutes = data.duration_minutes if data is not None else None
        if poll.purpose == PollPurpose.survey and minutes is None:
            raise Unprocessable(
                msg.SURVEY_DURATION,
                errors=[{"loc": ["body", "duration_minutes"], "type": msg.SURVEY_DURATION.code}],
            )
        poll.opened_at = now
        poll.closes_at = now + timedelta(minutes=minutes) if minutes else None
    elif action == "close":
        poll.closed_at = now
        poll.closes_at = min(poll.closes_at, now) if poll.closes_at else now
    else:
        if poll.status == S.open:  # read closed since closes_at passed
            poll.closed_at = poll.closes_at
        poll.published_at = now
    poll.status = target
    await session.commit()
    events.poll_changed(seminar_id, poll.id)
    return await get_poll(session, actor, seminar_id, poll.id)


async def results(
    session: AsyncSession, actor: User, seminar_id: int, poll_id: int, scope: int | None
) -> dict[str, Any]:
    """The results; per level of the site tree under ``scope`` (per_site polls). A
    member limited to a subtree reads its subtree's (by default from its root)."""
    member = await require_member(session, actor, seminar_id)
    poll = await load_poll(session, seminar_id, poll_id)
    options = (await options_of(session, [poll.id]))[poll.id]
    if scope is not None:
        await member.require_site(session, scope)
    elif member.limited:
        scope = member.subtree_site_id
    levels, total, sums = await per_level(session, poll, options, scope)
    found = figures(poll, options) if scope is None else figures(poll, options, total, sums)
    return {**found, "scope": scope, "per_level": levels}
