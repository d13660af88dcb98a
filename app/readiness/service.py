"""Readiness: a site's technical check before the start, and the organizers' board.

A check is logged (``techchecks``, append-only, once per ``request_id``); the latest one
sets the participation's ``readiness`` through the roll-up, which keeps the ready / problem
counters of every subtree and of the seminar in step (the big screen reads them).
"""

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.attendance.ports import LiveEvents
from app.attendance.rollup import lock_rollup
from app.auth.permissions import require_staff
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound
from app.core.vi_format import format_datetime
from app.readiness import messages as msg
from app.readiness.models import Readiness, TechCheck
from app.readiness.rules import CLOSED, techcheck_opens_at
from app.readiness.schemas import ReadinessBoard, ReadinessSite, TechCheckIn
from app.seminars.access import Membership, require_member, subtree_ids
from app.seminars.service import load_seminar
from app.sites.models import Site
from app.users.models import User

# Problems first (to fix), then the unchecked (to phone), then the ready ones.
_BOARD_ORDER = case(
    (SeminarSite.readiness == Readiness.problem, 0),
    (SeminarSite.readiness == Readiness.unchecked, 1),
    else_=2,
)
_ROW_COLUMNS = (
    SeminarSite.site_id,
    Site.code,
    Site.name,
    func.coalesce(SeminarSite.coordinator_name, Site.coordinator_name),
    func.coalesce(SeminarSite.coordinator_phone, Site.coordinator_phone),
    SeminarSite.readiness,
    TechCheck.video,
    TechCheck.audio,
    TechCheck.network,
    TechCheck.note,
    TechCheck.rtt_ms,
    SeminarSite.techcheck_at,
)


def _board_row(r: Any) -> ReadinessSite:
    return ReadinessSite(
        site_id=r[0],
        code=r[1],
        name=r[2],
        coordinator_name=r[3],
        coordinator_phone=r[4],
        readiness=r[5],
        video=r[6],
        audio=r[7],
        network=r[8],
        note=r[9],
        rtt_ms=r[10],
        checked_at=r[11],
    )


def _rows_query() -> Any:
    return (
        select(*_ROW_COLUMNS)
        .join(Site, Site.id == SeminarSite.site_id)
        .outerjoin(TechCheck, TechCheck.id == SeminarSite.latest_techcheck_id)
    )


async def _site_row(session: AsyncSession, seminar_site_id: int) -> ReadinessSite:
    row = (await session.execute(_rows_query().where(SeminarSite.id == seminar_site_id))).one()
    return _board_row(row)


async def record_check(
    session: AsyncSession, participation: SeminarSite, data: TechCheckIn, publisher: LiveEvents
) -> ReadinessSite:
    """Log a check and make it the site's latest; the site's board row.

    A repeated ``request_id`` changes nothing and answers the current row (even once the
    check has closed: a queued retry must not turn into an error). 409 before the
    opening time and once the seminar has ended or been cancelled.
    """
    replay = await _replayed(session, participation.id, data.request_id)
    if replay:
        return await _site_row(session, participation.id)
    rollup = await lock_rollup(session, [participation.id])
    row = rollup.rows[participation.id]
    seminar = rollup.seminars[row.seminar_id]
    now = utcnow()
    if seminar.status in CLOSED:
        raise Conflict(msg.CLOSED)
    opens = techcheck_opens_at(seminar)
    if now < opens:
        raise Conflict(
            msg.NOT_OPEN,
            opens_at=format_datetime(opens, seminar.timezone),
            timezone=seminar.timezone,
        )
    check = TechCheck(
        seminar_site_id=row.id,
        video=data.video,
        audio=data.audio,
        network=data.network,
        note=data.note or None,
        rtt_ms=data.rtt_ms,
        request_id=data.request_id,
        reported_at=data.reported_at,
        received_at=now,
    )
    session.add(check)
    try:
        await session.flush()
    except IntegrityError:  # the same request_id at once on another connection
        await session.rollback()
        return await _site_row(session, participation.id)
    latest = (
        await session.get(TechCheck, row.latest_techcheck_id) if row.latest_techcheck_id else None
    )
    if not _older(check, latest):
        with rollup.changing(row, now):
            row.readiness = check.readiness
            row.techcheck_at = now
            row.latest_techcheck_id = check.id
    changes = await rollup.changes(session)
    answer = await _site_row(session, row.id)
    await session.commit()
    publisher.publish_changes(changes)
    await publisher.publish_staff(
        seminar.id, row.site_id, "readiness", {"site": answer.model_dump(mode="json")}
    )
    return answer


def _older(check: TechCheck, latest: TechCheck | None) -> bool:
    """A queued check made before the latest one (by the client clocks): logged only."""
    return (
        latest is not None
        and check.reported_at is not None
        and latest.reported_at is not None
        and check.reported_at < latest.reported_at
    )


async def _replayed(session: AsyncSession, seminar_site_id: int, request_id: str) -> bool:
    found = await session.scalar(
        select(TechCheck.id).where(
            TechCheck.seminar_site_id == seminar_site_id, TechCheck.request_id == request_id
        )
    )
    return found is not None


async def readiness_board(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    *,
    under: int | None,
    limit: int,
    offset: int,
) -> ReadinessBoard:
    """The board of the member's scope (or of ``under``, that site and its subtree)."""
    require_staff(actor)
    member = await require_member(session, actor, seminar_id)
    seminar = await load_seminar(session, seminar_id)
    where = [
        SeminarSite.seminar_id == seminar_id,
        ~SeminarSite.is_main,
        member.site_filter(SeminarSite.site_id),
    ]
    if under is not None:
        if await session.get(Site, under) is None:
            raise NotFound(msg.UNDER_UNKNOWN, site_id=under)
        await member.require_site(session, under)
        where.append(SeminarSite.site_id.in_(subtree_ids(under)))
    counts = await _counts(session, seminar, member, under, where)
    rows = await session.execute(
        _rows_query()
        .where(*where)
        .order_by(_BOARD_ORDER, Site.sort_key, Site.id)
        .limit(limit)
        .offset(offset)
    )
    ready, problem, total = counts
    return ReadinessBoard(
        ready=ready,
        problem=problem,
        unchecked=total - ready - problem,
        total=total,
        sites=[_board_row(r) for r in rows],
    )


async def _counts(
    session: AsyncSession, seminar: Any, member: Membership, under: int | None, where: list[Any]
) -> tuple[int, int, int]:
    """(ready, problem, remote sites): the seminar's counters for a whole-seminar board
    (one row read), a count of the rows otherwise."""
    if under is None and not member.limited:
        return seminar.sites_ready, seminar.sites_problem, seminar.sites_invited
    found = await session.execute(
        select(SeminarSite.readiness, func.count()).where(*where).group_by(SeminarSite.readiness)
    )
    by = {readiness: n for readiness, n in found}
    return (
        by.get(Readiness.ready, 0),
        by.get(Readiness.problem, 0),
        sum(by.values()),
    )
