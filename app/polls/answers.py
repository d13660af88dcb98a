"""Per-person answers through the poll's public link, and what phones and screens read.

One answer per device: the browser keeps a random ``device_key``; we store its SHA-256
only (answers stay anonymous) under a unique (poll, device) key. Answering again
replaces the answer until the poll closes (or its ``closes_at`` passes): 409 after.
The totals move by the difference with atomic increments under the poll's row lock.
"""

import hashlib
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.ports import LiveEvents
from app.core.db import utcnow
from app.core.errors import Conflict, Message, NotFound, Problem, Unprocessable
from app.polls import messages as msg
from app.polls.models import Poll, PollAnswer, PollKind, PollMode, PollOption, PollStatus
from app.polls.results import figures
from app.polls.rules import options_of, require_open, results_public, status_of
from app.polls.schemas import AnswerIn
from app.seminars import messages as seminar_msg
from app.seminars.models import Seminar
from app.seminars.service import PUBLIC_STATUSES

RETRIES = 3


def device_hash(device_key: object) -> str:
    return hashlib.sha256(str(device_key).lower().encode()).hexdigest()


async def _public_poll(
    session: AsyncSession, token: str, *, for_update: bool = False
) -> tuple[Poll, Seminar]:
    """The poll behind a public link, or 404 (unknown, a draft, a hidden seminar)."""
    query = (
        select(Poll, Seminar)
        .join(Seminar, Seminar.id == Poll.seminar_id)
        .where(Poll.token == token)
        .execution_options(populate_existing=True)
    )
    if for_update:
        query = query.with_for_update(of=Poll)
    row = (await session.execute(query)).one_or_none()
    if row is None or row[0].status == PollStatus.draft or row[1].status not in PUBLIC_STATUSES:
        raise NotFound(msg.PUBLIC_POLL_NOT_FOUND)
    return row[0], row[1]


def public_read(poll: Poll, seminar: Seminar, options: list[PollOption]) -> dict[str, Any]:
    return {
        "token": poll.token,
        "question": poll.question,
        "kind": poll.kind,
        "mode": poll.mode,
        "purpose": poll.purpose,
        "status": status_of(poll),
        "closes_at": poll.closes_at,
        "seminar_title": seminar.title,
        "seminar_slug": seminar.slug,
        "options": [{"id": o.id, "label": o.label} for o in options],
        "results": figures(poll, options) if results_public(poll) else None,
    }


async def public_poll(session: AsyncSession, token: str) -> dict[str, Any]:
    poll, seminar = await _public_poll(session, token)
    return public_read(poll, seminar, (await options_of(session, [poll.id]))[poll.id])


async def screen_polls(session: AsyncSession, slug: str) -> dict[str, Any]:
    """The polls a big screen shows: shown live and opened, or published; newest first."""
    seminar = await session.scalar(select(Seminar).where(Seminar.slug == slug))
    if seminar is None or seminar.status not in PUBLIC_STATUSES:
        raise NotFound(seminar_msg.PUBLIC_SEMINAR_NOT_FOUND, slug=slug)
    polls = [
        p
        for p in await session.scalars(
            select(Poll)
            .where(Poll.seminar_id == seminar.id, Poll.status != PollStatus.draft)
            .order_by(Poll.id.desc())
        )
        if results_public(p)
    ]
    options = await options_of(session, [p.id for p in polls])
    items = [public_read(p, seminar, options[p.id]) for p in polls]
    return {"items": items, "total": len(items)}


def _check_choice(poll: Poll, options: list[PollOption], chosen: list[int]) -> list[int]:
    def refuse(message: Message, **params: Any) -> Unprocessable:
        problem = Problem(message, params or None, loc=("body", "option_ids"))
        return Unprocessable(message, errors=[problem], **params)

    if not chosen:
        raise refuse(msg.ANSWER_EMPTY)
    if len(set(chosen)) != len(chosen):
        raise refuse(msg.ANSWER_DUPLICATE)
    if poll.kind != PollKind.multiple and len(chosen) > 1:
        raise refuse(msg.ANSWER_ONE_ONLY)
    known = {o.id for o in options}
    for option_id in chosen:
        if option_id not in known:
            raise refuse(msg.OPTION_NOT_IN_POLL, option_id=option_id)
    return sorted(chosen)


async def answer(
    session: AsyncSession, token: str, data: AnswerIn, events: LiveEvents
) -> dict[str, Any]:
    """Record (or replace) this device's answer."""
    digest = device_hash(data.device_key)
    for attempt in range(RETRIES):
        try:
            ack, seminar_id, poll_id = await _answer(session, token, data.option_ids, digest)
        except IntegrityError:
            # The device's first answer arrived twice at once: replace the other copy.
            await session.rollback()
            if attempt == RETRIES - 1:
                raise
            continue
        events.poll_changed(seminar_id, poll_id)
        return ack
    raise AssertionError("unreachable")


async def _answer(
    session: AsyncSession, token: str, chosen: list[int], digest: str
) -> tuple[dict[str, Any], int, int]:
    now = utcnow()
    poll, _seminar = await _public_poll(session, token, for_update=True)
    if poll.mode != PollMode.per_person:
        raise Conflict(msg.NOT_PER_PERSON)
    require_open(poll, now)
    options = (await options_of(session, [poll.id]))[poll.id]
    new = _check_choice(poll, options, chosen)
    row = await session.scalar(
        select(PollAnswer)
        .where(PollAnswer.poll_id == poll.id, PollAnswer.device_hash == digest)
        .execution_options(populate_existing=True)
    )
    old: list[int] = []
    if row is None:
        row = PollAnswer(poll_id=poll.id, device_hash=digest, option_ids=new, answered_at=now)
        session.add(row)
        await session.flush()  # a concurrent first answer of this device: IntegrityError
        await session.execute(
            update(Poll).where(Poll.id == poll.id).values(responses=Poll.responses + 1)
        )
    else:
        old = list(row.option_ids)
        row.option_ids = new
    row.updated_at = now
    for option_id, delta in _deltas(old, new).items():
        await session.execute(
            update(PollOption)
            .where(PollOption.id == option_id)
            .values(count=PollOption.count + delta)
        )
    await session.commit()
    ack = {"poll_id": poll.id, "option_ids": new, "replaced": bool(old), "answered_at": now}
    return ack, poll.seminar_id, poll.id


def _deltas(old: list[int], new: list[int]) -> dict[int, int]:
    """Per option, how its count moves when ``old`` becomes ``new`` (sorted: lock order)."""
    moves: dict[int, int] = {}
    for option_id in old:
        moves[option_id] = moves.get(option_id, 0) - 1
    for option_id in new:
        moves[option_id] = moves.get(option_id, 0) + 1
    return {k: v for k, v in sorted(moves.items()) if v}
