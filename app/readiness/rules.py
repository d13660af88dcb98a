"""When a seminar's sites may run their technical check (no database work: the site page
and the check endpoint both read it)."""

from datetime import datetime, timedelta

from app.seminars.models import Seminar, SeminarStatus

# Without a time of its own, the check opens this long before the start.
TECHCHECK_LEAD = timedelta(minutes=60)
# A check makes sense until the seminar is over (a site joining late still checks).
CLOSED = frozenset({SeminarStatus.ended, SeminarStatus.cancelled})


def techcheck_opens_at(seminar: Seminar) -> datetime:
    """The seminar's own opening time, else TECHCHECK_LEAD before the start."""
    return seminar.techcheck_opens_at or seminar.starts_at - TECHCHECK_LEAD
