"""What a ``poll`` socket message carries, read from the database when it is sent."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.polls.models import Poll, PollStatus
from app.polls.results import figures
from app.polls.rules import options_of, results_public, status_of
from app.polls.schemas import PollFigures


@dataclass(frozen=True)
class PollMessage:
    """``public``: views may see the figures; ``hidden``: the figures with zero counts,
    for site pages while the public may not see them (they still learn the state)."""

    seminar_id: int
    public: bool
    figures: dict[str, Any]
    hidden: dict[str, Any]
    # An open poll's closing time: it reads closed from then on, a message tells views.
    closes_at: datetime | None


async def poll_message(session: AsyncSession, poll_id: int) -> PollMessage | None:
    """The poll's current figures (None: deleted meanwhile)."""
    poll = await session.get(Poll, poll_id, populate_existing=True)
    if poll is None:
        return None
    options = (await options_of(session, [poll.id]))[poll.id]
    shown = PollFigures.model_validate(figures(poll, options)).model_dump(mode="json")
    hidden = PollFigures.model_validate(figures(poll, options, 0, {})).model_dump(mode="json")
    hidden["satisfied_percent"] = hidden["satisfied_percent_vi"] = None
    closes_at = poll.closes_at if status_of(poll) == PollStatus.open else None
    return PollMessage(poll.seminar_id, results_public(poll), shown, hidden, closes_at)
