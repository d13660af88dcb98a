"""The report of a seminar (``GET /seminars/{id}/report``), as fixed by DESIGN.md.

Site counts are remote sites only; headcounts and peaks include the main hall (the
DESIGN rule for every live figure). Times are UTC; documents show them in the
seminar's time zone.
"""

from datetime import datetime

from pydantic import BaseModel, Field

from app.attendance.models import SeminarSiteStatus
from app.polls.schemas import PollResults
from app.reports.incidents import IncidentFigures
from app.reports.polls import SurveyFigures
from app.reports.speeches import SpeechList
from app.seminars.models import AgendaKind, SeminarMode, SeminarStatus
from app.sites.models import SiteLevel


class ReportSeminar(BaseModel):
    id: int
    slug: str
    title: str
    organizer_unit: str | None
    venue: str | None
    mode: SeminarMode
    status: SeminarStatus
    timezone: str
    starts_at: datetime
    ends_at: datetime | None
    started_at: datetime | None = Field(description="When it actually went live")
    ended_at: datetime | None = Field(description="When it actually ended")
    main_site_name: str | None


class SiteFigures(BaseModel):
    """Remote sites (the main hall is not counted)."""

    invited: int
    registered: int = Field(description="Said yes (and may since have connected)")
    declined: int
    connected: int = Field(description="Ever checked in")
    never_connected: int = Field(description="Invited but never checked in")


class AttendanceFigures(BaseModel):
    peak_headcount: int = Field(description="Highest total ever reached (the live figure)")
    peak_at: datetime | None
    start_headcount: int | None = Field(description="Total when the seminar went live")
    end_headcount: int | None = Field(description="Total when the seminar ended")
    expected: int | None = Field(
        description="The seminar's expected attendance, else the sum of the sites' own"
    )
    expected_by_sites: int | None = Field(description="Sum of the sites' expected attendees")
    headcount: int = Field(description="The live total now")


class PaperFigures(BaseModel):
    received: int = Field(description="Ever submitted, withdrawn ones included")
    selected_live: int
    accepted_written: int
    rejected: int
    withdrawn: int = Field(description="Withdrawn after being submitted")
    pending: int = Field(description="Submitted or under review, no decision yet")
    presented: int = Field(description="Actually presented (its agenda item was started)")


class LevelFigures(BaseModel):
    """The sites of one level of the directory (by each site's own level)."""

    level: SiteLevel
    sites: int = Field(description="Remote sites invited at this level")
    registered: int
    declined: int
    connected: int
    never_connected: int
    includes_main: bool = Field(description="The main hall is at this level (people only)")
    expected: int | None
    headcount: int = Field(description="People counted now at this level's sites")
    peak_headcount: int = Field(
        description="Highest simultaneous total of this level's sites (replayed from the log)"
    )


class SiteLine(BaseModel):
    site_id: int
    code: str
    name: str
    level: SiteLevel
    locality: str | None
    parent_id: int | None = Field(description="Nearest participating ancestor site")
    is_main: bool
    status: SeminarSiteStatus
    checked_in_at: datetime | None
    expected: int | None
    peak_headcount: int
    last_headcount: int = Field(description="Latest applied report")
    last_report_at: datetime | None
    counted: bool = Field(description="Its headcount is in the live total now")
    subtree_headcount: int
    subtree_peak_headcount: int
    speeches: int = Field(default=0, description="Speeches given from this site")
    incidents: int = Field(default=0, description="Incidents the site reported")


class AgendaLine(BaseModel):
    id: int
    position: int
    kind: AgendaKind
    title: str
    speaker_name: str | None
    speaker_unit: str | None
    submission_id: int | None
    planned_start: datetime | None
    planned_end: datetime | None
    planned_minutes: int | None
    started_at: datetime | None
    ended_at: datetime | None
    actual_minutes: int | None
    start_delay_minutes: int | None = Field(description="Started minus planned (negative: early)")
    late_start_minutes: int | None = Field(description="How late it started (0 if on time)")
    overrun_minutes: int | None = Field(description="Actual minus planned length, at least 0")


class PaperLine(BaseModel):
    id: int
    title: str
    authors: list[str]
    unit: str | None
    status: str
    submitted_at: datetime | None
    presented_at: datetime | None


class SeminarReport(BaseModel):
    seminar: ReportSeminar
    generated_at: datetime
    sites: SiteFigures
    attendance: AttendanceFigures
    papers: PaperFigures
    levels: list[LevelFigures]
    per_site: list[SiteLine] = Field(description="The main hall first, then Vietnamese order")
    agenda: list[AgendaLine]
    paper_list: list[PaperLine] = Field(description="Received papers, presented first")
    speeches: SpeechList = Field(description="Speeches given, in order (app/speaking)")
    summary_vi: str
    summary_press_vi: str = Field(description="The press paragraph alone (rounded figures)")
    summary_exact_vi: str = Field(description="The exact figures, one sentence")
    incidents: IncidentFigures
    polls: list[PollResults] = Field(
        default_factory=list,
        description="Closed and published polls with their results (per level: the "
        "seminar's top-level sites)",
    )
    survey: SurveyFigures | None = Field(
        default=None, description="The latest closed or published satisfaction survey"
    )
