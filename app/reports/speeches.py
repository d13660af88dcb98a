"""The speeches of a seminar in its report and minutes (app/speaking): who spoke, from
where, when and for how long. Kept apart from the attendance figures it sits next to."""

from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.core.vi_format import format_datetime, format_time
from app.seminars.models import Seminar
from app.sites.models import Site
from app.speaking.models import SpeakingRequest, SpeakingStatus


class SpeechLine(BaseModel):
    speaker_name: str
    speaker_title: str | None
    site_name: str | None
    topic: str | None
    started_at: datetime
    ended_at: datetime | None
    minutes: int | None


class SpeechList(BaseModel):
    total: int
    items: list[SpeechLine]


def _minutes(started: datetime, ended: datetime | None) -> int | None:
    if ended is None:
        return None
    return int((max(ended - started, timedelta(0)).total_seconds() + 30) // 60)


async def speech_figures(
    session: AsyncSession, seminar: Seminar
) -> tuple[SpeechList, dict[int, int]]:
    """Every speech given (in the order given) and the number per participation row.

    A speech still running when the seminar ended counts up to the seminar's end."""
    rows = (
        await session.execute(
            select(SpeakingRequest, Site.name)
            .outerjoin(SeminarSite, SeminarSite.id == SpeakingRequest.seminar_site_id)
            .outerjoin(Site, Site.id == SeminarSite.site_id)
            .where(
                SpeakingRequest.seminar_id == seminar.id,
                SpeakingRequest.status.in_((SpeakingStatus.done, SpeakingStatus.speaking)),
                SpeakingRequest.started_at.is_not(None),
            )
            .order_by(SpeakingRequest.started_at, SpeakingRequest.id)
        )
    ).all()
    items: list[SpeechLine] = []
    per_row: dict[int, int] = {}
    for row, site_name in rows:
        assert row.started_at is not None
        ended = row.ended_at or seminar.ended_at
        items.append(
            SpeechLine(
                speaker_name=row.speaker_name,
                speaker_title=row.speaker_title,
                site_name=site_name,
                topic=row.topic,
                started_at=row.started_at,
                ended_at=ended,
                minutes=_minutes(row.started_at, ended),
            )
        )
        if row.seminar_site_id is not None:
            per_row[row.seminar_site_id] = per_row.get(row.seminar_site_id, 0) + 1
    return SpeechList(total=len(items), items=items), per_row


def speech_text(speech: SpeechLine, timezone: str) -> str:
    """One speech as the minutes write it: when, who, from where, about what."""
    when = format_datetime(speech.started_at, timezone)
    if speech.ended_at is not None:
        when += f"–{format_time(speech.ended_at, timezone)}"
    who = speech.speaker_name
    if speech.speaker_title:
        who += f", {speech.speaker_title}"
    where = speech.site_name or "hội trường chính"
    text = f"{when}: {who} ({where})"
    if speech.topic:
        text += f" phát biểu về {speech.topic}"
    if speech.minutes is not None:
        text += f", {speech.minutes} phút"
    return text + "."
