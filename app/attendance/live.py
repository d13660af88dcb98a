"""Live attendance rules: when attendance is open, check-in and presence.

Totals are maintained incrementally (``app.attendance.rollup``). A change at one site
updates that site, each of its participating ancestors (their subtree totals) and the
seminar row: O(depth of the tree), whatever the number of sites or viewers. Headcount
reports go through ``app.attendance.recorder``; reads are in ``views`` and ``timeline``.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance import live_messages as msg
from app.attendance.models import PresenceEvent, PresenceKind, SeminarSite, SeminarSiteStatus
from app.attendance.ports import LiveEvents
from app.attendance.rollup import SiteRollup, lock_rollup
from app.attendance.transitions import check_site_transition, site_move_allowed
from app.core.db import Database, utcnow
from app.core.errors import Conflict, Unprocessable
from app.seminars.models import Seminar, SeminarStatus

St = SeminarSiteStatus

# A headcount above this is a typo, whatever the room (DESIGN: a sane bound).
MAX_HEADCOUNT = 100_000
# With a known capacity, more than this many times it is refused too.
CAPACITY_FACTOR = 10
# Reports whose site has checked in (a disconnected site reporting is back).
REPORTING_STATUSES = frozenset({St.checked_in, St.disconnected})


def seminar_day_started(seminar: Seminar, now: datetime) -> bool:
    """True from 00:00 of the seminar's day, in its own time zone."""
    tz = ZoneInfo(seminar.timezone)
    return now.astimezone(tz).date() >= seminar.starts_at.astimezone(tz).date()


def attendance_closed_reason(seminar: Seminar, now: datetime) -> Conflict | None:
    """None while check-in and reports are accepted, else the 409 saying why not."""
    if seminar.status == SeminarStatus.live:
        return None
    if seminar.status == SeminarStatus.published:
        if seminar_day_started(seminar, now):
            return None
        day = seminar.starts_at.astimezone(ZoneInfo(seminar.timezone)).strftime("%d/%m/%Y")
        return Conflict(msg.ATTENDANCE_NOT_YET_OPEN, day=day)
    if seminar.status == SeminarStatus.ended:
        return Conflict(msg.ATTENDANCE_ENDED)
    return Conflict(msg.ATTENDANCE_NOT_OPEN, status=seminar.status)


def check_headcount_bound(capacity: int | None, headcount: int) -> None:
    """422 for a headcount no room of this capacity can hold (a typo)."""
    bound = MAX_HEADCOUNT
    if capacity:
        bound = min(bound, max(capacity * CAPACITY_FACTOR, 10))
    if headcount > bound:
        raise Unprocessable(msg.HEADCOUNT_IMPLAUSIBLE, headcount=headcount, bound=bound)


async def check_in(session: AsyncSession, row: SeminarSite, publisher: LiveEvents) -> None:
    """Check one site in, in its own transaction (the site API batches them instead:
    ``app.attendance.checkin``). Same rule: ``apply_check_in``."""
    # The state is judged on the locked row: two check-ins at once count once.
    rollup = await lock_rollup(session, [row.id])
    if not apply_check_in(session, rollup, rollup.rows[row.id], utcnow()):
        return
    changes = await rollup.changes(session)
    await session.commit()
    publisher.publish_changes(changes)


def apply_check_in(
    session: AsyncSession, rollup: SiteRollup, locked: SeminarSite, now: datetime
) -> bool:
    """registered → checked_in (a disconnected site checking in again is back), on the
    locked row; returns whether anything changed.

    Checking in again while checked in changes nothing: phones on a bad network repeat.
    """
    seminar = rollup.seminars[locked.seminar_id]
    refusal = attendance_closed_reason(seminar, now)
    if refusal is not None:
        raise refusal
    if locked.status == St.checked_in:
        return False
    refusal = msg.CHECKIN_NOT_REGISTERED if locked.status == St.invited else msg.CHECKIN_REFUSED
    check_site_transition(locked.status, St.checked_in, refusal)
    kind = PresenceKind.checked_in if locked.status == St.registered else PresenceKind.reconnected
    if locked.checked_in_at is None:
        locked.checked_in_at = now
    rollup.set_state(locked, now, status=St.checked_in)
    session.add(PresenceEvent(seminar_site_id=locked.id, kind=kind, at=now))
    return True


async def set_presence(
    db: Database, row_id: int, *, present: bool, since: datetime | None, publisher: LiveEvents
) -> bool:
    """A site's socket came back (``present``) or has been gone since ``since``.

    Going: a checked-in site with no report after ``since`` becomes disconnected and its
    headcount leaves the totals. Coming back: a disconnected site is checked in again.
    Returns whether anything changed.
    """
    async with db.write_sessions() as session:
        rollup = await lock_rollup(session, [row_id])
        row = rollup.rows.get(row_id)
        if row is None:
            return False
        seminar = rollup.seminars[row.seminar_id]
        now = utcnow()
        if present:
            # Back: only a site that was disconnected (a socket does not check a site in).
            if row.status != St.disconnected or seminar.status != SeminarStatus.live:
                return False
            check_site_transition(row.status, St.checked_in)
            rollup.set_state(row, now, status=St.checked_in)
            kind = PresenceKind.reconnected
        else:
            reported_since = (
                row.last_report_at is not None
                and since is not None
                and (row.last_report_at >= since)
            )
            if not site_move_allowed(row.status, St.disconnected) or reported_since:
                return False
            rollup.set_state(row, now, status=St.disconnected)
            kind = PresenceKind.disconnected
        session.add(PresenceEvent(seminar_site_id=row.id, kind=kind, at=now))
        changes = await rollup.changes(session)
        await session.commit()
    publisher.publish_changes(changes)
    return True
