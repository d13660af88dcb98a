"""The demo seminar's discussion round: a few speeches given and one request waiting."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.speaking.models import SpeakingRequest, SpeakingStatus

# (speaker, title, topic, minutes spoken; None: still waiting)
DEMO_SPEECHES = [
    (
        "Đồng chí Nguyễn Văn Hùng",
        "Bí thư Chi bộ",
        "Kinh nghiệm sinh hoạt chi bộ theo chuyên đề",
        4,
    ),
    (
        "Đồng chí Trần Thị Mai",
        "Phó Bí thư Chi bộ",
        "Phát triển đảng viên trong doanh nghiệp ngoài nhà nước",
        5,
    ),
    ("Đồng chí Lê Minh Tuấn", "Đảng viên", "Ứng dụng sổ tay đảng viên điện tử", 3),
    (
        "Đồng chí Phạm Thu Hà",
        "Chi ủy viên",
        "Nâng cao chất lượng đánh giá, xếp loại đảng viên",
        None,
    ),
]
# The discussion opens this long after the start.
DISCUSSION_AFTER = timedelta(hours=2, minutes=40)


async def load_demo_speeches(session: AsyncSession, seminar_id: int, starts_at: datetime) -> int:
    """Speeches from the first remote sites, one after the other; returns how many."""
    rows = list(
        await session.scalars(
            select(SeminarSite.id)
            .where(SeminarSite.seminar_id == seminar_id, SeminarSite.is_main.is_(False))
            .order_by(SeminarSite.id)
            .limit(len(DEMO_SPEECHES))
        )
    )
    at = starts_at + DISCUSSION_AFTER
    for position, ((name, title, topic, minutes), row_id) in enumerate(
        zip(DEMO_SPEECHES, rows, strict=False), start=1
    ):
        request = SpeakingRequest(
            seminar_id=seminar_id,
            seminar_site_id=row_id,
            speaker_name=name,
            speaker_title=title,
            topic=topic,
            position=position,
            request_id=f"demo-{position}",
            requested_at=starts_at + timedelta(hours=1, minutes=position * 7),
        )
        if minutes is not None:
            request.status = SpeakingStatus.done
            request.called_at = at - timedelta(minutes=1)
            request.started_at = at
            at += timedelta(minutes=minutes)
            request.ended_at = at
        session.add(request)
    await session.commit()
    return len(rows)
