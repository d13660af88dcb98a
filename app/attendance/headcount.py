"""A headcount's two ways in: a site's own report and an organizer's override."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance import live_messages as msg
from app.attendance.models import ReportSource, SeminarSite
from app.attendance.recorder import HeadcountRecorder, HeadcountReport, ReportOutcome
from app.auth.permissions import require_staff
from app.core.db import utcnow
from app.core.errors import NotFound, TooManyRequests, Unprocessable
from app.core.security import hash_token
from app.seminars.access import require_member
from app.users.models import User

# DESIGN "Limits": reported_at within [now - 24 h, now + 5 min] by the server clock.
REPORT_MAX_AGE = timedelta(hours=24)
REPORT_MAX_AHEAD = timedelta(minutes=5)


async def record_site_report(
    recorder: HeadcountRecorder, token: str, headcount: int, request_id: str, reported_at: datetime
) -> ReportOutcome:
    """A site's own report, identified by its check-in token (checked with the batch).

    Everything that can be checked without the database is checked here, before the
    report joins a batch: its clock window and the site's rate.
    """
    check_reported_at(reported_at, utcnow())
    token_hash = hash_token(token)
    wait = await recorder.site_limit.take(token_hash)
    if wait:
        raise TooManyRequests(msg.REPORTS_TOO_FREQUENT, retry_after=wait)
    return await recorder.record(
        HeadcountReport(
            headcount=headcount,
            request_id=request_id,
            reported_at=reported_at,
            token_hash=token_hash,
        )
    )


def check_reported_at(reported_at: datetime, now: datetime) -> None:
    """422 unless ``reported_at`` is within the window around the server clock.

    A phone whose clock is far ahead would otherwise make every later report of its site
    stale; a date at the edge of the calendar would overflow when stored in UTC.
    """
    try:
        inside = now - REPORT_MAX_AGE <= reported_at <= now + REPORT_MAX_AHEAD
    except OverflowError:
        inside = False
    if not inside:
        code = msg.REPORTED_AT_OUT_OF_WINDOW.code
        raise Unprocessable(
            msg.REPORTED_AT_OUT_OF_WINDOW, errors=[{"loc": ["body", "reported_at"], "type": code}]
        )


async def override_headcount(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    site_id: int,
    headcount: int,
    request_id: str | None,
    recorder: HeadcountRecorder,
) -> ReportOutcome:
    """An organizer sets a site's headcount (the main hall's, or one taken by phone).

    Recorded in the log as the organizer's; a registered site is checked in by it.
    """
    require_staff(actor)
    await (await require_member(session, actor, seminar_id)).require_site(session, site_id)
    row_id = await session.scalar(
        select(SeminarSite.id).where(
            SeminarSite.seminar_id == seminar_id, SeminarSite.site_id == site_id
        )
    )
    if row_id is None:
        raise NotFound(msg.SITE_NOT_PARTICIPATING, site_id=site_id, seminar_id=seminar_id)
    actor_id = actor.id
    # The recorder writes in its own transaction: release this one's lock first (this
    # also expires the session's objects, hence actor_id read above).
    await session.rollback()
    now = utcnow()
    return await recorder.record(
        HeadcountReport(
            headcount=headcount,
            request_id=request_id or f"organizer-{uuid.uuid4()}",
            reported_at=now,
            seminar_site_id=row_id,
            source=ReportSource.organizer,
            recorded_by_id=actor_id,
        )
    )
