"""Per-site tallies: a site's coordinator enters how many in the room chose each option.

Like headcounts: absolute, idempotent per ``request_id`` (the log keeps every report),
the latest ``reported_at`` wins (an older report is logged, not applied), within the
reported_at window. Bounded by the site's current headcount: single and scale polls by
the sum of the counts, multiple polls by each count. The poll's totals move by the
difference with atomic increments under the poll's row lock, so tallies of different
sites at the same moment never lose an update.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.headcount import check_reported_at
from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.attendance.ports import LiveEvents
from app.attendance.service import SiteContext
from app.core.db import utcnow
from app.core.errors import Conflict, Problem, Unprocessable
from app.polls import messages as msg
from app.polls.models import (
    Poll,
    PollKind,
    PollMode,
    PollOption,
    PollSiteCount,
    PollSiteTally,
    PollStatus,
    PollTallyReport,
)
from app.polls.rules import load_poll, options_of, require_open, status_of
from app.polls.schemas import TallyIn

# Checked in, possibly with its page offline for a moment: its room can still vote.
TALLYING = (SeminarSiteStatus.checked_in, SeminarSiteStatus.disconnected)
RETRIES = 3


async def site_polls(session: AsyncSession, ctx: SiteContext) -> dict[str, Any]:
    """The seminar's open polls for a site's page, with this site's latest counts."""
    now = utcnow()
    polls = [
        p
        for p in await session.scalars(
            select(Poll)
            .where(Poll.seminar_id == ctx.seminar.id, Poll.status == PollStatus.open)
            .order_by(Poll.id.desc())
        )
        if status_of(p, now) == PollStatus.open
    ]
    options = await options_of(session, [p.id for p in polls])
    mine = await _my_counts(session, ctx.participation.id, [p.id for p in polls])
    items = []
    for poll in polls:
        tally, counts = mine.get(poll.id, (None, None))
        items.append(
            {
                "id": poll.id,
                "question": poll.question,
                "kind": poll.kind,
                "mode": poll.mode,
                "purpose": poll.purpose,
                "status": PollStatus.open,
                "closes_at": poll.closes_at,
                "token": poll.token,
                "options": [{"id": o.id, "label": o.label} for o in options[poll.id]],
                "my_counts": counts,
                "my_reported_at": tally.reported_at if tally else None,
            }
        )
    headcount = await session.scalar(
        select(SeminarSite.headcount).where(SeminarSite.id == ctx.participation.id)
    )
    return {"items": items, "total": len(items), "headcount": headcount or 0}


async def _my_counts(
    session: AsyncSession, seminar_site_id: int, poll_ids: list[int]
) -> dict[int, tuple[PollSiteTally, dict[str, int]]]:
    if not poll_ids:
        return {}
    tallies = {
        t.id: t
        for t in await session.scalars(
            select(PollSiteTally).where(
                PollSiteTally.seminar_site_id == seminar_site_id,
                PollSiteTally.poll_id.in_(poll_ids),
            )
        )
    }
    found: dict[int, tuple[PollSiteTally, dict[str, int]]] = {
        t.poll_id: (t, {}) for t in tallies.values()
    }
    if tallies:
        for tally_id, option_id, count in await session.execute(
            select(PollSiteCount.tally_id, PollSiteCount.option_id, PollSiteCount.count).where(
                PollSiteCount.tally_id.in_(list(tallies))
            )
        ):
            found[tallies[tally_id].poll_id][1][str(option_id)] = count
    return found


def _check_counts(
    poll: Poll, options: list[PollOption], counts: dict[int, int], headcount: int
) -> dict[int, int]:
    """The full counts (every option), or 422: an unknown option, over the headcount."""
    known = {o.id for o in options}
    for option_id in counts:
        if option_id not in known:
            raise Unprocessable(
                msg.OPTION_NOT_IN_POLL,
                option_id=option_id,
                errors=[
                    Problem(
                        msg.OPTION_NOT_IN_POLL,
                        {"option_id": option_id},
                        loc=("body", "counts", str(option_id)),
                    )
                ],
            )
    full = {o.id: counts.get(o.id, 0) for o in options}
    if poll.kind == PollKind.multiple:
        top = max(full.values(), default=0)
        if top > headcount:
            raise Unprocessable(msg.OPTION_OVER_HEADCOUNT, total=top, headcount=headcount)
    elif (total := sum(full.values())) > headcount:
        raise Unprocessable(msg.OVER_HEADCOUNT, total=total, headcount=headcount)
    return full


def _ack(
    poll_id: int,
    report: PollTallyReport,
    counts: dict[str, int],
    responses: int,
    headcount: int,
) -> dict[str, Any]:
    return {
        "poll_id": poll_id,
        "request_id": report.request_id,
        "applied": report.applied,
        "stale": not report.applied,
        "counts": counts,
        "responses": responses,
        "headcount": headcount,
        "received_at": report.received_at,
    }


async def _logged(
    session: AsyncSession, seminar_site_id: int, poll_id: int, request_id: str
) -> PollTallyReport | None:
    return await session.scalar(
        select(PollTallyReport).where(
            PollTallyReport.seminar_site_id == seminar_site_id,
            PollTallyReport.poll_id == poll_id,
            PollTallyReport.request_id == request_id,
        )
    )


async def _answer_repeat(
    session: AsyncSession, ctx: SiteContext, poll_id: int, report: PollTallyReport
) -> dict[str, Any]:
    mine = await _my_counts(session, ctx.participation.id, [poll_id])
    tally, counts = mine.get(poll_id, (None, {}))
    headcount = await session.scalar(
        select(SeminarSite.headcount).where(SeminarSite.id == ctx.participation.id)
    )
    return _ack(poll_id, report, counts, tally.responses if tally else 0, headcount or 0)


async def record_tally(
    session: AsyncSession, ctx: SiteContext, poll_id: int, data: TallyIn, events: LiveEvents
) -> dict[str, Any]:
    """Apply (or log) a site's counts; a repeated ``request_id`` answers the same."""
    check_reported_at(data.reported_at, utcnow())
    for attempt in range(RETRIES):
        found = await _logged(session, ctx.participation.id, poll_id, data.request_id)
        if found is not None:
            return await _answer_repeat(session, ctx, poll_id, found)
        try:
            ack = await _apply(session, ctx, poll_id, data)
        except IntegrityError:
            # The same request, or this site's first tally, arrived twice at once: the
            # other copy won; read again.
            await session.rollback()
            if attempt == RETRIES - 1:
                raise
            continue
        if ack["applied"]:
            events.poll_changed(ctx.seminar.id, poll_id)
        return ack
    raise AssertionError("unreachable")


async def _apply(
    session: AsyncSession, ctx: SiteContext, poll_id: int, data: TallyIn
) -> dict[str, Any]:
    now = utcnow()
    # The poll's row locked first, by every writer of its counts (tallies, answers, the
    # state machine): one order of locks, no deadlock; a close waits for this tally.
    poll = await load_poll(session, ctx.seminar.id, poll_id, for_update=True)
    if poll.mode != PollMode.per_site:
        raise Conflict(msg.NOT_PER_SITE)
    require_open(poll, now)
    # Columns, not the row: the token's lookup already put a (now older) copy of the
    # row in this session.
    site = (
        await session.execute(
            select(
                SeminarSite.id, SeminarSite.status, SeminarSite.checked_in_at, SeminarSite.headcount
            ).where(SeminarSite.id == ctx.participation.id)
        )
    ).one()
    if site.status not in TALLYING or site.checked_in_at is None:
        raise Conflict(msg.SITE_NOT_CHECKED_IN)
    options = (await options_of(session, [poll.id]))[poll.id]
    counts = _check_counts(poll, options, data.counts, site.headcount)
    tally = await session.scalar(
        select(PollSiteTally)
        .where(PollSiteTally.poll_id == poll.id, PollSiteTally.seminar_site_id == site.id)
        .execution_options(populate_existing=True)
    )
    applied = tally is None or data.reported_at >= tally.reported_at
    report = PollTallyReport(
        poll_id=poll.id,
        seminar_site_id=site.id,
        request_id=data.request_id,
        counts={str(k): v for k, v in counts.items()},
        reported_at=data.reported_at,
        received_at=now,
        applied=applied,
    )
    session.add(report)
    if not applied:
        await session.flush()
        current = await _my_counts(session, site.id, [poll.id])
        result = _ack(poll.id, report, current[poll.id][1], tally.responses, site.headcount)
        await session.commit()
        return result
    responses = site.headcount if poll.kind == PollKind.multiple else sum(counts.values())
    await _set_counts(session, poll.id, site.id, tally, counts, responses, data, now)
    await session.commit()
    shown = {str(k): v for k, v in counts.items()}
    return _ack(poll.id, report, shown, responses, site.headcount)


async def _set_counts(
    session: AsyncSession,
    poll_id: int,
    seminar_site_id: int,
    tally: PollSiteTally | None,
    counts: dict[int, int],
    responses: int,
    data: TallyIn,
    now: datetime,
) -> None:
    """Replace the site's counts; move the poll's totals by the difference (atomic SQL)."""
    before: dict[int, int] = {}
    old_responses = 0
    if tally is None:
        tally = PollSiteTally(poll_id=poll_id, seminar_site_id=seminar_site_id)
        session.add(tally)
    else:
        old_responses = tally.responses
        before = {
            o: c
            for o, c in await session.execute(
                select(PollSiteCount.option_id, PollSiteCount.count).where(
                    PollSiteCount.tally_id == tally.id
                )
            )
        }
    tally.responses = responses
    tally.reported_at = data.reported_at
    tally.received_at = now
    tally.request_id = data.request_id
    await session.flush()  # the first tally of a site: its id (or the unique conflict)
    for option_id, count in counts.items():
        if option_id in before:
            if before[option_id] != count:
                await session.execute(
                    update(PollSiteCount)
                    .where(PollSiteCount.tally_id == tally.id, PollSiteCount.option_id == option_id)
                    .values(count=count)
                )
        else:
            session.add(PollSiteCount(tally_id=tally.id, option_id=option_id, count=count))
        delta = count - before.get(option_id, 0)
        if delta:
            await session.execute(
                update(PollOption)
                .where(PollOption.id == option_id)
                .values(count=PollOption.count + delta)
            )
    if responses != old_responses:
        await session.execute(
            update(Poll)
            .where(Poll.id == poll_id)
            .values(responses=Poll.responses + (responses - old_responses))
        )
