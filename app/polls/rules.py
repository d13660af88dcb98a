"""The rules every part of polls shares: the state a poll reads, who may see its
results, loading a poll and its options."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import utcnow
from app.core.errors import Conflict, NotFound
from app.polls import messages as msg
from app.polls.models import Poll, PollOption, PollStatus


def status_of(poll: Poll, now: datetime | None = None) -> PollStatus:
    """The state a poll reads: an open poll past its ``closes_at`` reads closed."""
    closes_at = poll.closes_at
    if poll.status == PollStatus.open and closes_at is not None and closes_at <= (now or utcnow()):
        return PollStatus.closed
    return poll.status


def results_public(poll: Poll) -> bool:
    """Whether anyone may see the results: shown live (once opened) or published."""
    if poll.status == PollStatus.draft:
        return False
    return poll.show_live or poll.status == PollStatus.published


def require_open(poll: Poll, now: datetime) -> None:
    """409 unless the poll takes counts and answers now."""
    status = status_of(poll, now)
    if status != PollStatus.open:
        raise Conflict(msg.POLL_NOT_OPEN, status=status)


async def load_poll(
    session: AsyncSession, seminar_id: int, poll_id: int, *, for_update: bool = False
) -> Poll:
    query = (
        select(Poll)
        .where(Poll.id == poll_id, Poll.seminar_id == seminar_id)
        .execution_options(populate_existing=True)
    )
    if for_update:
        query = query.with_for_update()
    poll = await session.scalar(query)
    if poll is None:
        raise NotFound(msg.POLL_NOT_FOUND, poll_id=poll_id)
    return poll


async def options_of(session: AsyncSession, poll_ids: list[int]) -> dict[int, list[PollOption]]:
    """Each poll's options in order (one query for many polls)."""
    found: dict[int, list[PollOption]] = {pid: [] for pid in poll_ids}
    if not poll_ids:
        return found
    rows = await session.scalars(
        select(PollOption)
        .where(PollOption.poll_id.in_(poll_ids))
        .order_by(PollOption.poll_id, PollOption.position)
        .execution_options(populate_existing=True)
    )
    for option in rows:
        found[option.poll_id].append(option)
    return found
