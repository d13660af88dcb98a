"""The live wire format: one definition of each shape of live attendance.

Rows, totals and socket messages are TypedDicts: the builders (``views``, ``rollup``) make
plain dicts, fast for snapshots of tens of thousands of rows, and the same types are the
HTTP answers' models and reach the OpenAPI document (``LIVE_EVENTS``, see
``app.core.schemas.document_socket_events``), hence the frontend's generated types.
Imports only models: seminars' schemas and services use it without a cycle.
"""

from typing import Annotated, NotRequired

from pydantic import BaseModel, ConfigDict, WithJsonSchema, with_config
from typing_extensions import TypedDict

from app.attendance.models import SeminarSiteStatus
from app.seminars.models import AgendaKind, SeminarStatus
from app.sites.models import SiteLevel

# A shape is closed: a field added by one builder and not here is an error, not a new
# field on the wire (the tests validate real socket messages against these types).
CLOSED = ConfigDict(extra="forbid")

# An ISO 8601 instant as the builders write it (``datetime.isoformat()``).
IsoTime = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]


@with_config(CLOSED)
class LiveSubtreeTotals(TypedDict):
    """The live figures of one participating site's subtree (itself included)."""

    sites_connected: int
    headcount: int
    peak_headcount: int


@with_config(CLOSED)
class LiveTotals(LiveSubtreeTotals):
    """A view's totals: the whole seminar's, or one subtree's (``peak_at`` then null)."""

    sites_invited: int
    sites_registered: int
    # Remote sites not checked in yet (invited or registered): the ones to phone.
    sites_waiting: int
    # Remote sites whose latest technical check was all fine / found a problem (counts only).
    sites_ready: int
    sites_problem: int
    peak_at: IsoTime | None
    expected_attendance: int | None


@with_config(CLOSED)
class LiveSiteRow(TypedDict):
    """One site as every view lists it (no personal data); ``headcount`` and the
    ``sites_*`` counts are its subtree's (itself included)."""

    id: int
    code: str
    name: str
    level: SiteLevel
    status: SeminarSiteStatus
    headcount: int
    own_headcount: int
    peak_headcount: int
    is_main: bool
    parent_id: int | None
    children: int
    sites_invited: int
    sites_connected: int
    sites_waiting: int
    sites_ready: int
    sites_problem: int


@with_config(CLOSED)
class LivePathEntry(TypedDict):
    """One participating ancestor of a view's scope (or the scope itself)."""

    id: int
    code: str
    name: str
    level: SiteLevel


@with_config(CLOSED)
class LiveStaffSiteRow(LiveSiteRow):
    """A row of the organizers' view: the public row, the coordinator and the timestamps."""

    expected_attendees: int | None
    checked_in_at: IsoTime | None
    last_report_at: IsoTime | None
    coordinator_name: str | None
    coordinator_phone: str | None


@with_config(CLOSED)
class LiveAgendaItem(TypedDict):
    """The agenda item presenting now, as views show it."""

    id: int
    title: str
    kind: AgendaKind
    speaker_name: str | None
    speaker_unit: str | None
    submission_id: int | None
    started_at: IsoTime | None


@with_config(CLOSED)
class LiveSeminar(TypedDict):
    id: int
    title: str
    status: SeminarStatus


@with_config(CLOSED)
class LiveAgenda(TypedDict):
    current: LiveAgendaItem | None


@with_config(CLOSED)
class LiveSpeaker(TypedDict):
    """Who has the floor now (app/speaking); ``site_name`` null: the main hall."""

    speaker_name: str
    speaker_title: str | None
    site_name: str | None
    started_at: IsoTime | None
    planned_seconds: int


@with_config(CLOSED)
class LiveNextSpeaker(TypedDict):
    speaker_name: str
    site_name: str | None


@with_config(CLOSED)
class LiveSpeaking(TypedDict):
    """The floor: the current speaker and up to three next in the queue."""

    current: LiveSpeaker | None
    next: list[LiveNextSpeaker]


@with_config(CLOSED)
class LiveSnapshot(TypedDict):
    """Socket ``snapshot``: a view's whole state; ``version`` is its last message number."""

    version: int
    seminar: LiveSeminar
    scope: int | None
    # The scope's participating ancestors from the top level down to the scope itself
    # (empty for the whole seminar): the breadcrumb, and the last entry is the title.
    path: list[LivePathEntry]
    totals: LiveTotals
    sites: list[LiveSiteRow]
    agenda: LiveAgenda
    speaking: LiveSpeaking


@with_config(CLOSED)
class AttendanceDelta(TypedDict):
    """Socket ``attendance``: the changed rows of the view, and its totals when they changed
    (a scoped view gets its subtree's totals, read from the scope row: ``peak_at`` null)."""

    version: int
    totals: NotRequired[LiveTotals | LiveSubtreeTotals]
    sites: list[LiveSiteRow]


@with_config(CLOSED)
class TotalsEvent(TypedDict):
    """Socket ``totals``: the seminar's totals, for site pages (at most once per second)."""

    version: int
    totals: LiveTotals


@with_config(CLOSED)
class AgendaEvent(TypedDict):
    """Socket ``agenda``: the item presenting now changed (None: nobody presents)."""

    version: int
    current: LiveAgendaItem | None


@with_config(CLOSED)
class SeminarEvent(TypedDict):
    """Socket ``seminar``: the seminar's status changed."""

    version: int
    status: SeminarStatus


@with_config(CLOSED)
class SpeakingEvent(TypedDict):
    """Socket ``speaking``: the floor changed (numbered like ``agenda``)."""

    version: int
    current: LiveSpeaker | None
    next: list[LiveNextSpeaker]


# The socket messages of the ``/live`` namespace, by event name (documented in OpenAPI).
LIVE_EVENTS: dict[str, type] = {
    "snapshot": LiveSnapshot,
    "attendance": AttendanceDelta,
    "totals": TotalsEvent,
    "agenda": AgendaEvent,
    "seminar": SeminarEvent,
    "speaking": SpeakingEvent,
}


class Attendance(BaseModel):
    """GET /seminars/{id}/attendance: what the database says now, with the view's version."""

    model_config = CLOSED

    version: int
    path: list[LivePathEntry]
    totals: LiveTotals
    sites: list[LiveStaffSiteRow]


@with_config(CLOSED)
class TimelinePoint(TypedDict):
    """The total at the end of a bucket (``at``) and the highest within it."""

    at: IsoTime
    headcount: int
    peak_headcount: int


@with_config(CLOSED)
class SiteTimelinePoint(TypedDict):
    at: IsoTime
    headcount: int


class AttendanceTimeline(BaseModel):
    """The total over time; ``sites`` (by site id) only when asked with ``per_site``."""

    model_config = CLOSED

    resolution_s: int
    points: list[TimelinePoint]
    sites: dict[int, list[SiteTimelinePoint]] | None
