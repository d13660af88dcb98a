"""The report's paper figures: the only place that reads the papers domain."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import utcnow
from app.reports.schemas import PaperFigures, PaperLine
from app.submissions.models import Submission, SubmissionStatus


async def paper_figures(
    session: AsyncSession, seminar_id: int
) -> tuple[PaperFigures, list[PaperLine]]:
    """Paper counts and the received papers (presented first, in the order presented).

    The only place that reads the papers domain. Received = ever submitted (a
    ``submitted_at``), withdrawn ones included and also counted apart; presented = a
    ``presented_at`` (set when the paper's agenda item was started).
    """
    Ss = SubmissionStatus
    received = list(
        await session.scalars(
            select(Submission).where(
                Submission.seminar_id == seminar_id, Submission.submitted_at.is_not(None)
            )
        )
    )

    def count(*statuses: SubmissionStatus) -> int:
        return sum(1 for paper in received if paper.status in statuses)

    figures = PaperFigures(
        received=len(received),
        selected_live=count(Ss.selected_live),
        accepted_written=count(Ss.accepted_written),
        rejected=count(Ss.rejected),
        withdrawn=count(Ss.withdrawn),
        pending=count(Ss.submitted, Ss.under_review),
        presented=sum(1 for paper in received if paper.presented_at is not None),
    )
    far_future = datetime.max.replace(tzinfo=utcnow().tzinfo)
    ordered = sorted(
        received,
        key=lambda p: (p.presented_at or far_future, p.submitted_at or far_future, p.id),
    )
    lines = [
        PaperLine(
            id=paper.id,
            title=paper.title,
            authors=[
                str(author.get("name"))
                for author in (paper.authors or [])
                if isinstance(author, dict) and author.get("name")
            ],
            unit=paper.unit,
            status=paper.status.value,
            submitted_at=paper.submitted_at,
            presented_at=paper.presented_at,
        )
        for paper in ordered
    ]
    return figures, lines
