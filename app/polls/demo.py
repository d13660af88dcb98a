"""The demo seminar's opinions: a quick show of hands counted at 58 sites (published) and
the satisfaction survey answered from a few hundred phones (closed).

Written as rows, like the demo's speeches: the demo seminar is set on a coming day, so
the services (which take counts only while the seminar runs) cannot be replayed; the
rows keep the invariants the services keep (counters = sums, each site's counts within
the people it counted, one answer per device).
"""

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.polls.models import (
    Poll,
    PollAnswer,
    PollKind,
    PollMode,
    PollOption,
    PollPurpose,
    PollSiteCount,
    PollSiteTally,
    PollStatus,
    PollTallyReport,
)
from app.sites.models import Site

QUICK_QUESTION = (
    "Biểu quyết nhanh: Đồng ý với các nhóm giải pháp nâng cao chất lượng sinh hoạt chi bộ "
    "được nêu tại tọa đàm"
)
QUICK_OPTIONS = ("Đồng ý", "Không đồng ý", "Ý kiến khác")
QUICK_SITES = 58
SURVEY_QUESTION = "Đồng chí đánh giá thế nào về nội dung và cách tổ chức buổi tọa đàm?"
SURVEY_OPTIONS = ("Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng")
# 312 answers, 273 on the two top levels: 87,5% satisfied.
SURVEY_COUNTS = (3, 9, 27, 118, 155)
# The quick vote is taken this long after the start; the survey opens at the end, 3 days.
VOTE_AFTER = timedelta(hours=3, minutes=20)
SURVEY_DAYS = 3


def site_present(index: int) -> int:
    """The people a site counted in its room when the vote was taken (12 to 25)."""
    return 12 + (index * 7) % 14


def site_counts(index: int) -> tuple[int, int, int]:
    """(agree, disagree, other) at a site: most agree, a few do not, some abstain."""
    present = site_present(index)
    disagree = 1 if index % 9 == 4 else 0
    other = 1 if index % 5 == 2 else 0
    abstain = index % 3
    return present - abstain - disagree - other, disagree, other


def _poll(seminar_id: int, question: str, **fields: object) -> Poll:
    return Poll(seminar_id=seminar_id, question=question, token=secrets.token_urlsafe(16), **fields)


async def _options(session: AsyncSession, poll: Poll, labels: tuple[str, ...]) -> list[PollOption]:
    options = [PollOption(poll_id=poll.id, position=i, label=x) for i, x in enumerate(labels, 1)]
    session.add_all(options)
    await session.flush()
    return options


async def load_demo_polls(session: AsyncSession, seminar_id: int, starts_at: datetime) -> int:
    """The quick vote and the survey; returns the number of survey answers."""
    voted = starts_at + VOTE_AFTER
    quick = _poll(
        seminar_id,
        QUICK_QUESTION,
        kind=PollKind.single,
        mode=PollMode.per_site,
        purpose=PollPurpose.poll,
        show_live=True,
        status=PollStatus.published,
        opened_at=voted,
        closed_at=voted + timedelta(minutes=4),
        published_at=voted + timedelta(minutes=5),
    )
    session.add(quick)
    await session.flush()
    options = await _options(session, quick, QUICK_OPTIONS)
    rows = list(
        await session.scalars(
            select(SeminarSite.id)
            .join(Site, Site.id == SeminarSite.site_id)
            .where(SeminarSite.seminar_id == seminar_id, SeminarSite.is_main.is_(False))
            .order_by(Site.sort_key, Site.id)
            .limit(QUICK_SITES)
        )
    )
    totals = [0] * len(options)
    for index, row_id in enumerate(rows):
        counts = site_counts(index)
        at = voted + timedelta(seconds=20 + index * 3)
        request_id = f"demo-vote-{index}"
        tally = PollSiteTally(
            poll_id=quick.id,
            seminar_site_id=row_id,
            responses=sum(counts),
            reported_at=at,
            received_at=at,
            request_id=request_id,
        )
        session.add(tally)
        await session.flush()
        for option, count in zip(options, counts, strict=True):
            session.add(PollSiteCount(tally_id=tally.id, option_id=option.id, count=count))
        session.add(
            PollTallyReport(
                poll_id=quick.id,
                seminar_site_id=row_id,
                request_id=request_id,
                counts={str(o.id): c for o, c in zip(options, counts, strict=True)},
                reported_at=at,
                received_at=at,
                applied=True,
            )
        )
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
    for option, total in zip(options, totals, strict=True):
        option.count = total
    quick.responses = sum(totals)

    ends_at = starts_at + timedelta(hours=4)
    survey = _poll(
        seminar_id,
        SURVEY_QUESTION,
        kind=PollKind.scale,
        mode=PollMode.per_person,
        purpose=PollPurpose.survey,
        show_live=False,
        status=PollStatus.closed,
        opened_at=ends_at,
        closes_at=ends_at + timedelta(days=SURVEY_DAYS),
        closed_at=ends_at + timedelta(days=SURVEY_DAYS),
    )
    session.add(survey)
    await session.flush()
    levels = await _options(session, survey, SURVEY_OPTIONS)
    answered = 0
    for option, count in zip(levels, SURVEY_COUNTS, strict=True):
        option.count = count
        for _ in range(count):
            # A random device key, hashed as the service stores it: anonymous.
            at = ends_at + timedelta(minutes=5 + answered * 7)
            session.add(
                PollAnswer(
                    poll_id=survey.id,
                    device_hash=hashlib.sha256(str(uuid.uuid4()).encode()).hexdigest(),
                    option_ids=[option.id],
                    answered_at=at,
                    updated_at=at,
                )
            )
            answered += 1
    survey.responses = answered
    await session.commit()
    return answered
