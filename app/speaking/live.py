"""The public state of the floor (no personal data beyond the speaker's name and title):
what the ``speaking`` message and the snapshot's ``speaking`` carry."""

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.attendance.wire import LiveNextSpeaker, LiveSpeaker, LiveSpeaking
from app.sites.models import Site
from app.speaking.models import WAITING, SpeakingRequest, SpeakingStatus

NEXT_SHOWN = 3

# Queue order of the waiting: the called ones first, then by position.
WAITING_ORDER = (
    case((SpeakingRequest.status == SpeakingStatus.called, 0), else_=1),
    SpeakingRequest.position,
    SpeakingRequest.id,
)


def with_site_name(seminar_id: int):  # type: ignore[no-untyped-def]
    """Requests of the seminar with their site's name (None: the main hall)."""
    return (
        select(SpeakingRequest, Site.name)
        .outerjoin(SeminarSite, SeminarSite.id == SpeakingRequest.seminar_site_id)
        .outerjoin(Site, Site.id == SeminarSite.site_id)
        .where(SpeakingRequest.seminar_id == seminar_id)
    )


async def speaking_state(session: AsyncSession, seminar_id: int) -> LiveSpeaking:
    current = (
        await session.execute(
            with_site_name(seminar_id).where(SpeakingRequest.status == SpeakingStatus.speaking)
        )
    ).first()
    waiting = (
        await session.execute(
            with_site_name(seminar_id)
            .where(SpeakingRequest.status.in_(WAITING))
            .order_by(*WAITING_ORDER)
            .limit(NEXT_SHOWN)
        )
    ).all()
    speaker: LiveSpeaker | None = None
    if current is not None:
        row, site_name = current
        speaker = LiveSpeaker(
            speaker_name=row.speaker_name,
            speaker_title=row.speaker_title,
            site_name=site_name,
            started_at=row.started_at.isoformat() if row.started_at else None,
            planned_seconds=row.planned_seconds,
        )
    return LiveSpeaking(
        current=speaker,
        next=[LiveNextSpeaker(speaker_name=r.speaker_name, site_name=n) for r, n in waiting],
    )
