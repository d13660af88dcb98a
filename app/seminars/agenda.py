"""A seminar's agenda: items in dense positions, what runs now, start and end."""

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.ports import LiveEvents
from app.attendance.wire import LiveAgendaItem
from app.auth.permissions import require_staff
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, Problem, Unprocessable, refuse_nulls
from app.core.schemas import Page
from app.seminars import messages as msg
from app.seminars.access import require_member
from app.seminars.agenda_messages import (
    AGENDA_PAPER_ALREADY_PLACED,
    AGENDA_PAPER_NOT_IN_SEMINAR,
    AGENDA_PAPER_NOT_SUBMITTED,
)
from app.seminars.models import AgendaItem, Seminar
from app.seminars.schemas import (
    AgendaItemCreate,
    AgendaItemUpdate,
)
from app.seminars.service import (
    S,
    load_seminar,
    require_editable,
)
from app.submissions.models import Submission, SubmissionStatus
from app.users.models import User


async def list_agenda(
    session: AsyncSession, actor: User, seminar_id: int, page: Page
) -> tuple[list[AgendaItem], int]:
    """The agenda in programme order (staff only; the public view comes later)."""
    require_staff(actor)
    await require_member(session, actor, seminar_id)
    await load_seminar(session, seminar_id)
    return await agenda_items(session, seminar_id, page)


async def agenda_items(
    session: AsyncSession, seminar_id: int, page: Page | None = None
) -> tuple[list[AgendaItem], int]:
    """Agenda items of a seminar by position, without an authorization check."""
    query = select(AgendaItem).where(AgendaItem.seminar_id == seminar_id)
    total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
    query = query.order_by(AgendaItem.position)
    if page is not None:
        query = query.limit(page.limit).offset(page.offset)
    return list(await session.scalars(query)), total


async def _agenda_size(session: AsyncSession, seminar_id: int) -> int:
    return (
        await session.scalar(select(func.count()).where(AgendaItem.seminar_id == seminar_id)) or 0
    )


async def _shift(
    session: AsyncSession, seminar_id: int, low: int, high: int | None, delta: int
) -> None:
    """Add ``delta`` to the positions in ``[low, high]`` without breaking uniqueness.

    The unique (seminar_id, position) constraint is checked row by row on both SQLite
    and PostgreSQL, so a plain ``position + 1`` can collide half-way. Phase one parks
    the rows at their negated new positions (no live row is negative), phase two flips
    them back.
    """
    in_range = (AgendaItem.seminar_id == seminar_id) & (AgendaItem.position >= low)
    if high is not None:
        in_range &= AgendaItem.position <= high
    await session.execute(
        update(AgendaItem)
        .where(in_range)
        .values(position=-(AgendaItem.position + delta))
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(AgendaItem)
        .where(AgendaItem.seminar_id == seminar_id, AgendaItem.position < 0)
        .values(position=-AgendaItem.position)
        .execution_options(synchronize_session=False)
    )


async def _load_item(session: AsyncSession, seminar_id: int, item_id: int) -> AgendaItem:
    item = await session.scalar(
        select(AgendaItem).where(AgendaItem.id == item_id, AgendaItem.seminar_id == seminar_id)
    )
    if item is None:
        raise NotFound(msg.AGENDA_ITEM_NOT_FOUND, item_id=item_id, seminar_id=seminar_id)
    return item


def _check_position(position: int, highest: int) -> None:
    if position > highest:
        raise Unprocessable(
            msg.AGENDA_POSITION,
            highest=highest,
            errors=[Problem(msg.AGENDA_POSITION, {"highest": highest}, loc=("body", "position"))],
        )


async def create_agenda_item(
    session: AsyncSession, actor: User, seminar_id: int, data: AgendaItemCreate
) -> AgendaItem:
    """Append an item, or insert it at ``position`` and shift the later ones down."""
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    if data.submission_id is not None:
        await check_paper_link(session, seminar, data.submission_id)
    item = await insert_agenda_item(session, seminar, data)
    await session.commit()
    return item


async def insert_agenda_item(
    session: AsyncSession,
    seminar: Seminar,
    data: AgendaItemCreate,
    *,
    submission_id: int | None = None,
) -> AgendaItem:
    """Insert an item at ``data.position`` (default: the end), shifting later ones down.

    The one place positions are handed out. No permission check and no commit: the
    caller has checked the actor, locked the seminar row (``load_seminar(for_update=
    True)``) and commits, possibly together with other changes (a paper's decision).
    """
    require_editable(seminar, msg.SEMINAR_CLOSED_AGENDA)
    size = await _agenda_size(session, seminar.id)
    position = data.position or size + 1
    _check_position(position, size + 1)
    if position <= size:
        await _shift(session, seminar.id, position, None, +1)
    item = AgendaItem(
        seminar_id=seminar.id,
        submission_id=submission_id if submission_id is not None else data.submission_id,
        **data.model_dump(exclude={"position", "submission_id"}),
    )
    item.position = position
    session.add(item)
    await session.flush()
    return item


async def check_paper_link(session: AsyncSession, seminar: Seminar, submission_id: int) -> None:
    """A paper an item may present: of this seminar (422), sent, and on no other item (409)."""
    paper = await session.get(Submission, submission_id)
    if paper is None or paper.seminar_id != seminar.id:
        raise Unprocessable(AGENDA_PAPER_NOT_IN_SEMINAR, submission_id=submission_id)
    if paper.status in (SubmissionStatus.draft, SubmissionStatus.withdrawn):
        raise Conflict(AGENDA_PAPER_NOT_SUBMITTED, submission_id=submission_id, status=paper.status)
    placed = await session.scalar(
        select(AgendaItem.position).where(AgendaItem.submission_id == submission_id).limit(1)
    )
    if placed is not None:
        raise Conflict(AGENDA_PAPER_ALREADY_PLACED, submission_id=submission_id, position=placed)


async def update_agenda_item(
    session: AsyncSession, actor: User, seminar_id: int, item_id: int, data: AgendaItemUpdate
) -> AgendaItem:
    """Edit an item; a new ``position`` moves it and the items in between close up."""
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    require_editable(seminar, msg.SEMINAR_CLOSED_AGENDA)
    item = await _load_item(session, seminar_id, item_id)
    changes = data.model_dump(exclude_unset=True)
    refuse_nulls(changes, ("kind", "title", "position"))
    target = changes.pop("position", None)
    if target is not None and target != item.position:
        _check_position(target, await _agenda_size(session, seminar_id))
        current = item.position
        item.position = 0  # out of the way while the others move
        await session.flush()
        if target > current:
            await _shift(session, seminar_id, current + 1, target, -1)
        else:
            await _shift(session, seminar_id, target, current - 1, +1)
        item.position = target
    for field, value in changes.items():
        setattr(item, field, value)
    await session.commit()
    return item


async def delete_agenda_item(
    session: AsyncSession, actor: User, seminar_id: int, item_id: int
) -> None:
    """Remove an item and close the gap; the running item must be ended first (409)."""
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    require_editable(seminar, msg.SEMINAR_CLOSED_AGENDA)
    item = await _load_item(session, seminar_id, item_id)
    if item.started_at is not None and item.ended_at is None:
        raise Conflict(msg.AGENDA_ITEM_RUNNING, item_id=item_id)
    position = item.position
    await session.execute(delete(AgendaItem).where(AgendaItem.id == item.id))
    session.expunge(item)
    await _shift(session, seminar_id, position + 1, None, -1)
    await session.commit()


@dataclass(frozen=True)
class AgendaChange:
    """The outcome of a start/end: the item acted on and what is presenting now."""

    item: AgendaItem
    current: AgendaItem | None
    ended: AgendaItem | None = None


def agenda_current(item: AgendaItem | None) -> LiveAgendaItem | None:
    """The agenda item presenting now, as views show it."""
    if item is None:
        return None
    return LiveAgendaItem(
        id=item.id,
        title=item.title,
        kind=item.kind,
        speaker_name=item.speaker_name,
        speaker_unit=item.speaker_unit,
        submission_id=item.submission_id,
        started_at=item.started_at.isoformat() if item.started_at else None,
    )


async def running_agenda_item(session: AsyncSession, seminar_id: int) -> AgendaItem | None:
    """The item presenting now, if any."""
    return await session.scalar(
        select(AgendaItem).where(
            AgendaItem.seminar_id == seminar_id,
            AgendaItem.started_at.is_not(None),
            AgendaItem.ended_at.is_(None),
        )
    )


async def start_agenda_item(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    item_id: int,
    publisher: LiveEvents,
) -> AgendaChange:
    """Mark an item as now presenting; only while the seminar is live.

    An item linked to a paper also sets the paper's ``presented_at`` (first start only).

    Only one item runs at a time: starting an item ends the running one (its
    ``ended_at`` is the new item's ``started_at``). An item that already ran cannot be
    restarted (409). Every view of the seminar gets an ``agenda`` message.
    """
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    item = await _load_item(session, seminar_id, item_id)
    if seminar.status != S.live:
        raise Conflict(msg.AGENDA_SEMINAR_NOT_LIVE, status=seminar.status)
    if item.started_at is not None:
        running = item.ended_at is None
        raise Conflict(
            msg.AGENDA_ALREADY_RUNNING if running else msg.AGENDA_ALREADY_PRESENTED,
            item_id=item_id,
        )
    now = utcnow()
    previous = await running_agenda_item(session, seminar_id)
    if previous is not None:
        previous.ended_at = now
    item.started_at = now
    if item.submission_id is not None:
        # Same transaction as the start: the paper counts as presented exactly when its
        # item went on screen, and only the first time.
        await session.execute(
            update(Submission)
            .where(Submission.id == item.submission_id, Submission.presented_at.is_(None))
            .values(presented_at=now)
            .execution_options(synchronize_session=False)
        )
    await session.commit()
    await publisher.publish(seminar_id, "agenda", {"current": agenda_current(item)})
    return AgendaChange(item=item, current=item, ended=previous)


async def end_agenda_item(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    item_id: int,
    publisher: LiveEvents,
) -> AgendaChange:
    """End the running item; nothing is presenting afterwards (``current`` is None)."""
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    await load_seminar(session, seminar_id, for_update=True)
    item = await _load_item(session, seminar_id, item_id)
    if item.started_at is None or item.ended_at is not None:
        not_started = item.started_at is None
        raise Conflict(
            msg.AGENDA_NOT_STARTED if not_started else msg.AGENDA_ALREADY_ENDED, item_id=item_id
        )
    item.ended_at = utcnow()
    await session.commit()
    await publisher.publish(seminar_id, "agenda", {"current": None})
    return AgendaChange(item=item, current=None, ended=item)
