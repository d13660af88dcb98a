"""The demo seminar's technical checks: a few sites ready, one with a problem."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.attendance.ports import LiveEvents
from app.readiness.models import CheckResult
from app.readiness.schemas import TechCheckIn
from app.readiness.service import record_check
from app.sites.models import Site

OK, PROBLEM = CheckResult.ok, CheckResult.problem
# (video, audio, network, note, round trip in ms), one per site in Vietnamese order.
DEMO_CHECKS = [
    (OK, OK, OK, None, 64),
    (OK, OK, OK, None, 112),
    (OK, PROBLEM, OK, "Loa hội trường bị rè, đang thay loa dự phòng", 87),
]


async def load_demo_checks(session: AsyncSession, seminar_id: int, publisher: LiveEvents) -> int:
    """Record the checks of the first remote sites of the seminar; how many."""
    rows = await session.scalars(
        select(SeminarSite)
        .join(Site, Site.id == SeminarSite.site_id)
        .where(SeminarSite.seminar_id == seminar_id, ~SeminarSite.is_main)
        .order_by(Site.sort_key, Site.id)
        .limit(len(DEMO_CHECKS))
    )
    done = 0
    for row, (video, audio, network, note, rtt) in zip(list(rows), DEMO_CHECKS, strict=False):
        check = TechCheckIn(
            video=video,
            audio=audio,
            network=network,
            note=note,
            rtt_ms=rtt,
            request_id=f"demo-{row.id}",
        )
        await record_check(session, row, check, publisher)
        done += 1
    return done
