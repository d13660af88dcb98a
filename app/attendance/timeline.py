"""The attendance timeline: the report and presence logs replayed into buckets.

The answer has the shape of ``app.attendance.wire.AttendanceTimeline``.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import AttendanceReport, PresenceEvent, PresenceKind, SeminarSite
from app.attendance.wire import SiteTimelinePoint, TimelinePoint
from app.auth.permissions import require_staff
from app.seminars.access import require_member
from app.seminars.models import Seminar
from app.seminars.service import load_seminar
from app.users.models import User


async def attendance_timeline(
    session: AsyncSession, seminar: Seminar, resolution_s: int, *, per_site: bool
) -> dict[str, Any]:
    """The seminar's total (and each site's headcount) over time, bucketed.

    Replays the report and presence logs: a site counts from its check-in until it is
    disconnected, with its latest applied report. Each bucket gives the value at its end
    and the highest total reached within it.
    """
    rows = dict(
        (row_id, site_id)
        for row_id, site_id in await session.execute(
            select(SeminarSite.id, SeminarSite.site_id).where(SeminarSite.seminar_id == seminar.id)
        )
    )
    # A subquery, not the ids: a national seminar has more rows than a statement may
    # have parameters.
    of_seminar = select(SeminarSite.id).where(SeminarSite.seminar_id == seminar.id)
    reports = await session.execute(
        select(
            AttendanceReport.received_at,
            AttendanceReport.seminar_site_id,
            AttendanceReport.headcount,
        ).where(AttendanceReport.seminar_site_id.in_(of_seminar), AttendanceReport.applied)
    )
    presence = await session.execute(
        select(PresenceEvent.at, PresenceEvent.seminar_site_id, PresenceEvent.kind).where(
            PresenceEvent.seminar_site_id.in_(of_seminar)
        )
    )
    # Presence before a report at the same instant: a report from a returning site
    # is logged together with its reconnection.
    events = sorted(
        [(at, 0, row_id, kind) for at, row_id, kind in presence]
        + [(at, 1, row_id, headcount) for at, row_id, headcount in reports],
        key=lambda e: (e[0], e[1]),
    )
    points: list[TimelinePoint] = []
    sites: dict[int, list[SiteTimelinePoint]] = {}
    if not events:
        return {
            "resolution_s": resolution_s,
            "points": points,
            "sites": sites if per_site else None,
        }
    value: dict[int, int] = {}
    counted: dict[int, bool] = {}
    total = 0
    epoch = int(events[0][0].timestamp()) // resolution_s * resolution_s
    bucket_end = epoch + resolution_s
    bucket_peak = 0

    def close_bucket(end: int) -> None:
        at = datetime.fromtimestamp(end, tz=events[0][0].tzinfo).isoformat()
        points.append(TimelinePoint(at=at, headcount=total, peak_headcount=bucket_peak))
        if per_site:
            for row_id, site_id in rows.items():
                if counted.get(row_id) or row_id in value:
                    own = value.get(row_id, 0) if counted.get(row_id) else 0
                    sites.setdefault(site_id, []).append(SiteTimelinePoint(at=at, headcount=own))

    for at, order, row_id, payload in events:
        while at.timestamp() >= bucket_end:
            close_bucket(bucket_end)
            bucket_end += resolution_s
            bucket_peak = total
        before = value.get(row_id, 0) if counted.get(row_id) else 0
        if order == 0:
            counted[row_id] = payload != PresenceKind.disconnected
        else:
            value[row_id] = payload
            counted[row_id] = True
        total += (value.get(row_id, 0) if counted.get(row_id) else 0) - before
        bucket_peak = max(bucket_peak, total)
    close_bucket(bucket_end)
    return {"resolution_s": resolution_s, "points": points, "sites": sites if per_site else None}


async def staff_timeline(
    session: AsyncSession, actor: User, seminar_id: int, resolution_s: int, per_site: bool
) -> dict[str, Any]:
    """The attendance timeline, for organizers (per site: the member's sites only)."""
    require_staff(actor)
    inside = await (await require_member(session, actor, seminar_id)).site_ids(session)
    seminar = await load_seminar(session, seminar_id)
    timeline = await attendance_timeline(session, seminar, resolution_s, per_site=per_site)
    if inside is not None and timeline["sites"] is not None:
        timeline["sites"] = {k: v for k, v in timeline["sites"].items() if k in inside}
    return timeline
