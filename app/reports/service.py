"""The after-event report: every figure read from the database or replayed from its logs.

Live figures (peak and its time, the current total, site counts) are the seminar's own
columns, so the report says exactly what the live views said. What the live columns do
not keep (the total at start and at end, each level's simultaneous peak) is replayed
from the append-only report and presence logs, with the same rules as
``attendance_timeline``. Staff only, except ``public_calendar_seminar``.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import (
    AttendanceReport,
    PresenceEvent,
    PresenceKind,
    SeminarSite,
    SeminarSiteStatus,
)
from app.attendance.timeline import attendance_timeline
from app.auth.permissions import is_staff, require_staff
from app.core.db import utcnow
from app.core.errors import NotFound
from app.polls.schemas import PollResults
from app.reports.incidents import incident_figures
from app.reports.papers import paper_figures
from app.reports.poll_results import report_polls
from app.reports.polls import SurveyFigures
from app.reports.schemas import (
    AgendaLine,
    AttendanceFigures,
    LevelFigures,
    ReportSeminar,
    SeminarReport,
    SiteFigures,
    SiteLine,
)
from app.reports.speeches import speech_figures
from app.reports.summary import summary_texts
from app.seminars.access import membership, require_member
from app.seminars.messages import SEMINAR_NOT_FOUND
from app.seminars.models import AgendaItem, Seminar
from app.seminars.service import PUBLIC_STATUSES, REGISTERED_SITE_STATUSES, load_seminar
from app.sites.models import Site, SiteLevel
from app.users.models import User

St = SeminarSiteStatus


# --- entry points (authorization) -------------------------------------------------------


async def seminar_report(session: AsyncSession, actor: User, seminar_id: int) -> SeminarReport:
    """The report of one seminar, for organizers and admins."""
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id)
    return await build_report(session, seminar)


async def seminar_polls(
    session: AsyncSession, actor: User, seminar_id: int
) -> tuple[Seminar, list[PollResults], SurveyFigures | None]:
    """The seminar's closed and published polls and its survey, for ``polls.xlsx``
    (organizers and admins, like the report)."""
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id)
    polls, survey = await report_polls(session, seminar_id)
    return seminar, polls, survey


async def calendar_seminar(
    session: AsyncSession, actor: User | None, seminar_id: int
) -> tuple[Seminar, list[AgendaItem]]:
    """The seminar and its agenda for ``calendar.ics``: anyone for a published (live,
    ended) seminar, its members and admins for any; 404 otherwise (an unpublished seminar
    is not shown to exist)."""
    seminar = await session.get(Seminar, seminar_id)
    if seminar is None or (
        seminar.status not in PUBLIC_STATUSES
        and not (is_staff(actor) and await membership(session, actor, seminar_id))
    ):
        raise NotFound(SEMINAR_NOT_FOUND, seminar_id=seminar_id)
    items = await session.scalars(
        select(AgendaItem).where(AgendaItem.seminar_id == seminar_id).order_by(AgendaItem.position)
    )
    return seminar, list(items)


# --- the report -------------------------------------------------------------------------------


async def build_report(session: AsyncSession, seminar: Seminar) -> SeminarReport:
    """Every figure of the report (no authorization check: callers have done it)."""
    per_site = await _site_lines(session, seminar.id)
    replay = await _replay(
        session,
        seminar.id,
        {line.row_id: line.line.level for line in per_site},
        [seminar.started_at, seminar.ended_at],
    )
    remote = [s.line for s in per_site if not s.line.is_main]
    sites = SiteFigures(
        invited=len(remote),
        registered=sum(1 for s in remote if s.status in REGISTERED_SITE_STATUSES),
        declined=sum(1 for s in remote if s.status == St.declined),
        connected=sum(1 for s in remote if s.checked_in_at is not None),
        never_connected=sum(1 for s in remote if s.checked_in_at is None),
    )
    expected_by_sites = _sum_or_none(
        s.line.expected for s in per_site if s.line.status in REGISTERED_SITE_STATUSES
    )
    attendance = AttendanceFigures(
        peak_headcount=seminar.peak_headcount,
        peak_at=seminar.peak_at,
        start_headcount=replay.totals[0] if seminar.started_at else None,
        end_headcount=replay.totals[1] if seminar.ended_at else None,
        expected=seminar.expected_attendance
        if seminar.expected_attendance is not None
        else expected_by_sites,
        expected_by_sites=expected_by_sites,
        headcount=seminar.live_headcount,
    )
    papers, paper_list = await paper_figures(session, seminar.id)
    main_name = next((s.line.name for s in per_site if s.line.is_main), None)
    head = ReportSeminar(
        id=seminar.id,
        slug=seminar.slug,
        title=seminar.title,
        organizer_unit=seminar.organizer_unit,
        venue=seminar.venue,
        mode=seminar.mode,
        status=seminar.status,
        timezone=seminar.timezone,
        starts_at=seminar.starts_at,
        ends_at=seminar.ends_at,
        started_at=seminar.started_at,
        ended_at=seminar.ended_at,
        main_site_name=main_name,
    )
    full, press, exact = summary_texts(head, sites, attendance, papers)
    speeches, speeches_per_row = await speech_figures(session, seminar)
    for s in per_site:
        s.line.speeches = speeches_per_row.get(s.row_id, 0)
    incidents, incidents_per_row = await incident_figures(session, seminar.id)
    for row in per_site:
        row.line.incidents = incidents_per_row[row.row_id]
    polls, survey = await report_polls(session, seminar.id)
    if survey is not None and survey.responses:
        full += f"\n\nKết quả khảo sát mức độ hài lòng: {survey.sentence_vi}."
    return SeminarReport(
        seminar=head,
        generated_at=utcnow(),
        sites=sites,
        attendance=attendance,
        papers=papers,
        levels=_levels([s.line for s in per_site], replay.level_peaks),
        per_site=[s.line for s in per_site],
        agenda=await _agenda_lines(session, seminar.id),
        paper_list=paper_list,
        speeches=speeches,
        summary_vi=full,
        summary_press_vi=press,
        summary_exact_vi=exact,
        incidents=incidents,
        polls=polls,
        survey=survey,
    )


@dataclass
class _Row:
    row_id: int
    line: SiteLine


async def _site_lines(session: AsyncSession, seminar_id: int) -> list[_Row]:
    """Every participating site, the main hall first, then Vietnamese order."""
    result = await session.execute(
        select(SeminarSite, Site)
        .join(Site, Site.id == SeminarSite.site_id)
        .where(SeminarSite.seminar_id == seminar_id)
        .order_by(SeminarSite.is_main.desc(), Site.sort_key, Site.id)
    )
    return [
        _Row(
            row.id,
            SiteLine(
                site_id=site.id,
                code=site.code,
                name=site.name,
                level=site.level,
                locality=site.locality,
                parent_id=row.parent_site_id,
                is_main=row.is_main,
                status=row.status,
                checked_in_at=row.checked_in_at,
                expected=row.expected_attendees,
                peak_headcount=row.peak_headcount,
                last_headcount=row.headcount,
                last_report_at=row.last_report_at,
                counted=row.is_counted,
                subtree_headcount=row.subtree_headcount,
                subtree_peak_headcount=row.subtree_peak_headcount,
            ),
        )
        for row, site in result.all()
    ]


def _sum_or_none(values: Any) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _levels(lines: list[SiteLine], level_peaks: dict[SiteLevel, int]) -> list[LevelFigures]:
    """Per directory level: remote site counts, and people (the main hall included)."""
    by_level: dict[SiteLevel, list[SiteLine]] = defaultdict(list)
    for line in lines:
        by_level[line.level].append(line)
    out = []
    for level in SiteLevel:  # central → unit
        members = by_level.get(level)
        if not members:
            continue
        remote = [m for m in members if not m.is_main]
        out.append(
            LevelFigures(
                level=level,
                sites=len(remote),
                registered=sum(1 for m in remote if m.status in REGISTERED_SITE_STATUSES),
                declined=sum(1 for m in remote if m.status == St.declined),
                connected=sum(1 for m in remote if m.checked_in_at is not None),
                never_connected=sum(1 for m in remote if m.checked_in_at is None),
                includes_main=len(remote) < len(members),
                expected=_sum_or_none(
                    m.expected for m in members if m.status in REGISTERED_SITE_STATUSES
                ),
                headcount=sum(m.last_headcount for m in members if m.counted),
                peak_headcount=level_peaks.get(level, 0),
            )
        )
    return out


# --- replaying the logs -------------------------------------------------------------------


@dataclass
class Replay:
    """Totals at the requested instants (None instants give 0) and each level's peak."""

    totals: list[int]
    level_peaks: dict[SiteLevel, int]


async def _replay(
    session: AsyncSession,
    seminar_id: int,
    levels: dict[int, SiteLevel],
    instants: list[datetime | None],
) -> Replay:
    """Replay the report and presence logs (the rules of ``attendance_timeline``).

    A site counts from its check-in until it is disconnected, with its latest applied
    report; at one instant, presence comes before the report logged with it. Events at
    an instant are included in the total "at" that instant.
    """
    # A subquery, not the ids: a national seminar has more rows (40,000) than one
    # statement may have parameters (PostgreSQL: 32,767).
    row_ids = select(SeminarSite.id).where(SeminarSite.seminar_id == seminar_id)
    reports = await session.execute(
        select(
            AttendanceReport.received_at,
            AttendanceReport.seminar_site_id,
            AttendanceReport.headcount,
        ).where(AttendanceReport.seminar_site_id.in_(row_ids), AttendanceReport.applied)
    )
    presence = await session.execute(
        select(PresenceEvent.at, PresenceEvent.seminar_site_id, PresenceEvent.kind).where(
            PresenceEvent.seminar_site_id.in_(row_ids)
        )
    )
    events = sorted(
        [(at, 0, row_id, kind) for at, row_id, kind in presence]
        + [(at, 1, row_id, headcount) for at, row_id, headcount in reports],
        key=lambda e: (e[0], e[1]),
    )
    checkpoints = sorted((at, i) for i, at in enumerate(instants) if at is not None)
    totals = [0] * len(instants)
    value: dict[int, int] = {}
    counted: dict[int, bool] = {}
    total = 0
    level_total: dict[SiteLevel, int] = defaultdict(int)
    level_peak: dict[SiteLevel, int] = defaultdict(int)
    next_cp = 0
    for at, order, row_id, payload in events:
        while next_cp < len(checkpoints) and at > checkpoints[next_cp][0]:
            totals[checkpoints[next_cp][1]] = total
            next_cp += 1
        before = value.get(row_id, 0) if counted.get(row_id) else 0
        if order == 0:
            counted[row_id] = payload != PresenceKind.disconnected
        else:
            value[row_id] = payload
            counted[row_id] = True
        delta = (value.get(row_id, 0) if counted.get(row_id) else 0) - before
        total += delta
        level = levels[row_id]
        level_total[level] += delta
        level_peak[level] = max(level_peak[level], level_total[level])
    for _at, index in checkpoints[next_cp:]:
        totals[index] = total
    return Replay(totals=totals, level_peaks=dict(level_peak))


# --- the agenda --------------------------------------------------------------------------------


def _minutes(delta: timedelta) -> int:
    """Whole minutes, half up, symmetric around zero."""
    seconds = delta.total_seconds()
    whole = int((abs(seconds) + 30) // 60)
    return whole if seconds >= 0 else -whole


def agenda_line(item: AgendaItem) -> AgendaLine:
    """Planned against actual times of one item."""
    planned_end = (
        item.planned_start + timedelta(minutes=item.planned_minutes)
        if item.planned_start is not None and item.planned_minutes is not None
        else None
    )
    actual = (
        _minutes(item.ended_at - item.started_at)
        if item.started_at is not None and item.ended_at is not None
        else None
    )
    delay = (
        _minutes(item.started_at - item.planned_start)
        if item.started_at is not None and item.planned_start is not None
        else None
    )
    return AgendaLine(
        id=item.id,
        position=item.position,
        kind=item.kind,
        title=item.title,
        speaker_name=item.speaker_name,
        speaker_unit=item.speaker_unit,
        submission_id=item.submission_id,
        planned_start=item.planned_start,
        planned_end=planned_end,
        planned_minutes=item.planned_minutes,
        started_at=item.started_at,
        ended_at=item.ended_at,
        actual_minutes=actual,
        start_delay_minutes=delay,
        late_start_minutes=max(0, delay) if delay is not None else None,
        overrun_minutes=max(0, actual - item.planned_minutes)
        if actual is not None and item.planned_minutes is not None
        else None,
    )


async def _agenda_lines(session: AsyncSession, seminar_id: int) -> list[AgendaLine]:
    items = await session.scalars(
        select(AgendaItem).where(AgendaItem.seminar_id == seminar_id).order_by(AgendaItem.position)
    )
    return [agenda_line(item) for item in items]


# --- what documents need beyond the report -------------------------------------------------


@dataclass
class ReportBundle:
    """The report, the attendance timeline at ``resolution_s`` and the main hall's locality."""

    report: SeminarReport
    timeline: list[dict[str, Any]]
    resolution_s: int
    main_locality: str | None


def chart_resolution(seminar: Seminar) -> int:
    """A bucket size giving at most about 180 points over the seminar (at least 1 minute)."""
    start = seminar.started_at or seminar.starts_at
    end = seminar.ended_at or utcnow()
    span = max((end - start).total_seconds(), 0)
    return max(60, math.ceil(span / 180 / 60) * 60)


async def report_bundle(
    session: AsyncSession, actor: User, seminar_id: int, resolution_s: int | None = None
) -> ReportBundle:
    """The report with its timeline (``None``: the chart's resolution), staff only."""
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id)
    report = await build_report(session, seminar)
    resolution = resolution_s or chart_resolution(seminar)
    timeline = await attendance_timeline(session, seminar, resolution, per_site=False)
    locality = None
    if seminar.main_site_id is not None:
        locality = await session.scalar(
            select(Site.locality).where(Site.id == seminar.main_site_id)
        )
    return ReportBundle(report, timeline["points"], resolution, locality)
