"""The closed and published polls of a seminar with their results, for the report and
``polls.xlsx``: a fixed number of queries whatever the number of polls (the polls, their
options, the seminar's top-level sites, and the per_site sums grouped by poll, top-level
site and option), never one per poll or per site.

The figures are the polls' own (app/polls/results.py ``figures``: the counters kept with
every tally and answer); per level are the seminar's top-level sites, each with the sums
of its subtree, as ``GET …/results`` gives them without a scope.
"""

from collections import defaultdict
from typing import Any

from sqlalchemy import Integer, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.polls.models import Poll, PollMode, PollPurpose, PollSiteCount, PollSiteTally, PollStatus
from app.polls.results import figures
from app.polls.rules import options_of, status_of
from app.polls.schemas import PollResults
from app.reports.polls import SurveyFigures, survey_figures
from app.sites.models import Site

REPORTED = (PollStatus.closed, PollStatus.published)


def _top_level_key(dialect: str) -> Any:
    """The top-level SeminarSite a participation rolls up to: itself at the top, else
    the first id of its ``rollup_path`` ("/3/17/" → 3)."""
    path = SeminarSite.rollup_path
    rest = func.substr(path, 2)
    slash = func.strpos(rest, "/") if dialect == "postgresql" else func.instr(rest, "/")
    first = cast(func.substr(rest, 1, slash - 1), Integer)
    return case((path == "", SeminarSite.id), else_=first).label("top")


async def _per_level(
    session: AsyncSession, seminar_id: int, poll_ids: list[int]
) -> dict[int, list[dict[str, Any]]]:
    """Each per_site poll's top-level sites with their subtree's sums (three queries)."""
    if not poll_ids:
        return {}
    tops = (
        await session.execute(
            select(SeminarSite.id, Site.id, Site.code, Site.name, Site.level)
            .join(Site, Site.id == SeminarSite.site_id)
            .where(SeminarSite.seminar_id == seminar_id, SeminarSite.parent_site_id.is_(None))
            .order_by(Site.code, SeminarSite.id)
        )
    ).all()
    top = _top_level_key(session.bind.dialect.name)
    joined = (SeminarSite, SeminarSite.id == PollSiteTally.seminar_site_id)
    responses: dict[tuple[int, int], int] = {
        (poll_id, key): int(n or 0)
        for poll_id, key, n in await session.execute(
            select(PollSiteTally.poll_id, top, func.sum(PollSiteTally.responses))
            .join(*joined)
            .where(PollSiteTally.poll_id.in_(poll_ids))
            .group_by(PollSiteTally.poll_id, top)
        )
    }
    counts: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for poll_id, key, option_id, n in await session.execute(
        select(PollSiteTally.poll_id, top, PollSiteCount.option_id, func.sum(PollSiteCount.count))
        .select_from(PollSiteCount)
        .join(PollSiteTally, PollSiteTally.id == PollSiteCount.tally_id)
        .join(*joined)
        .where(PollSiteTally.poll_id.in_(poll_ids))
        .group_by(PollSiteTally.poll_id, top, PollSiteCount.option_id)
    ):
        counts[(poll_id, key)][option_id] = int(n or 0)
    return {
        poll_id: [
            {
                "site_id": site_id,
                "code": code,
                "name": name,
                "level": level,
                "responses": responses.get((poll_id, row_id), 0),
                "counts": [
                    {"option_id": option_id, "count": n}
                    for option_id, n in counts.get((poll_id, row_id), {}).items()
                ],
            }
            for row_id, site_id, code, name, level in tops
        ]
        for poll_id in poll_ids
    }


async def report_polls(
    session: AsyncSession, seminar_id: int
) -> tuple[list[PollResults], SurveyFigures | None]:
    """The closed and published polls in the order they were created, and the latest
    satisfaction survey among them (None when there is none)."""
    candidates = list(
        await session.scalars(
            select(Poll)
            .where(
                Poll.seminar_id == seminar_id,
                Poll.status.in_((PollStatus.open, *REPORTED)),
            )
            .order_by(Poll.id)
        )
    )
    # An open poll past its closing time reads closed (and is reported).
    polls = [poll for poll in candidates if status_of(poll) in REPORTED]
    options = await options_of(session, [poll.id for poll in polls])
    levels = await _per_level(
        session, seminar_id, [poll.id for poll in polls if poll.mode == PollMode.per_site]
    )
    results = [
        PollResults(
            **figures(poll, options[poll.id]), scope=None, per_level=levels.get(poll.id, [])
        )
        for poll in polls
    ]
    surveys = [poll for poll in polls if poll.purpose == PollPurpose.survey]
    if not surveys:
        return results, None
    survey = surveys[-1]
    return results, survey_figures(
        survey.id,
        survey.question,
        [option.label for option in options[survey.id]],
        [option.count for option in options[survey.id]],
        survey.responses,
    )
