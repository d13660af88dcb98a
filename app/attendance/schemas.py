"""Registration API shapes: invitations, a site's participation, the site-side view."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints, model_validator

from app.attendance import messages as msg
from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.core.errors import invalid
from app.core.schemas import DATE_RANGE, LINE, RequestModel, RowId
from app.readiness.models import Readiness
from app.seminars.models import SeminarStatus
from app.seminars.schemas import AgendaItemRead
from app.sites.models import Site, SiteLevel

Attendees = Annotated[int, Field(ge=0, le=10_000_000)]
CoordinatorName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), LINE]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=50), LINE]
RequestId = Annotated[str, StringConstraints(min_length=1, max_length=64), LINE]
# Large enough for a national invitation of a whole tree, small enough to bound a request.
MAX_INVITE = 50_000


# Branches of one multi-branch invitation (e.g. every province of a national event).
MAX_BRANCHES = 1000


class InviteRequest(RequestModel):
    """Exactly one of ``site_ids``, ``subtree_of`` (that site and everything below it) or
    ``subtrees_of`` (several such branches, invited in one transaction)."""

    site_ids: list[RowId] | None = Field(default=None, min_length=1, max_length=MAX_INVITE)
    subtree_of: RowId | None = None
    subtrees_of: list[RowId] | None = Field(default=None, min_length=1, max_length=MAX_BRANCHES)

    @model_validator(mode="after")
    def _exactly_one(self) -> "InviteRequest":
        given = [self.site_ids, self.subtree_of, self.subtrees_of]
        if sum(value is not None for value in given) != 1:
            raise invalid(msg.INVITE_TARGET)
        return self

    @property
    def branches(self) -> list[int] | None:
        """The roots of the invited branches (None: a list of sites)."""
        if self.subtree_of is not None:
            return [self.subtree_of]
        return None if self.subtrees_of is None else list(dict.fromkeys(self.subtrees_of))


class SiteToken(BaseModel):
    """A check-in token, shown once; ``checkin_url`` carries it in the fragment. The site's
    code, name and locality come along: the console writes the list of links from it."""

    site_id: int
    code: str
    name: str
    locality: str | None
    token: str
    checkin_url: str


class SeminarSiteRead(BaseModel):
    """One site's participation, with the directory fields organizers sort and filter by."""

    site_id: int
    code: str
    name: str
    level: SiteLevel
    parent_id: int | None
    # Where the site is: search results on the console are flat, this tells namesakes apart.
    locality: str | None
    is_main: bool
    status: SeminarSiteStatus
    expected_attendees: int | None
    coordinator_name: str | None
    coordinator_phone: str | None
    headcount: int
    peak_headcount: int
    invited_at: datetime
    registered_at: datetime | None
    declined_at: datetime | None
    checked_in_at: datetime | None
    last_report_at: datetime | None
    # The seminar tree (participating sites linked to their nearest participating
    # ancestor): direct children, and the counters of its subtree (itself included).
    children: int
    subtree_headcount: int
    sites_invited: int
    sites_connected: int
    sites_waiting: int

    @classmethod
    def of(cls, row: SeminarSite, site: Site) -> "SeminarSiteRead":
        """Merge a participation row with its directory entry. The coordinator is the one the
        site registered with, else the directory's: the console phones sites that have not
        registered yet (as the live staff view does)."""
        return cls(
            site_id=site.id,
            code=site.code,
            name=site.name,
            level=site.level,
            parent_id=site.parent_id,
            locality=site.locality,
            is_main=row.is_main,
            status=row.status,
            expected_attendees=row.expected_attendees,
            coordinator_name=row.coordinator_name or site.coordinator_name,
            coordinator_phone=row.coordinator_phone or site.coordinator_phone,
            headcount=row.headcount,
            peak_headcount=row.peak_headcount,
            invited_at=row.invited_at,
            registered_at=row.registered_at,
            declined_at=row.declined_at,
            checked_in_at=row.checked_in_at,
            last_report_at=row.last_report_at,
            children=row.children_count,
            subtree_headcount=row.subtree_headcount,
            sites_invited=row.sites_invited,
            sites_connected=row.subtree_sites_connected,
            sites_waiting=row.sites_waiting,
        )


class SeminarSiteUpdate(RequestModel):
    """Organizer edits; ``status`` may register or decline on the site's behalf."""

    status: Literal["registered", "declined"] | None = None
    expected_attendees: Attendees | None = None
    coordinator_name: CoordinatorName | None = None
    coordinator_phone: Phone | None = None


class RegisterRequest(RequestModel):
    expected_attendees: Attendees
    coordinator_name: CoordinatorName | None = None
    coordinator_phone: Phone | None = None


class SiteSeminar(BaseModel):
    id: int
    slug: str
    title: str
    status: SeminarStatus
    starts_at: datetime
    ends_at: datetime | None
    timezone: str
    venue: str | None
    registration_closes_at: datetime | None
    registration_open: bool
    checkin_open: bool
    # When the technical check opens (the default applied: 60 minutes before the start).
    techcheck_opens_at: datetime


class SiteIdentity(BaseModel):
    id: int
    code: str
    name: str


class Participation(BaseModel):
    status: SeminarSiteStatus
    expected_attendees: int | None
    coordinator_name: str | None
    coordinator_phone: str | None
    headcount: int
    checked_in_at: datetime | None
    last_report_at: datetime | None
    is_main: bool
    # The latest technical check (app/readiness).
    readiness: Readiness
    techcheck_at: datetime | None


class SiteView(BaseModel):
    """What a site coordinator sees with their token: their seminar and their site only."""

    seminar: SiteSeminar
    site: SiteIdentity
    participation: Participation
    agenda: list[AgendaItemRead]


class HeadcountIn(RequestModel):
    """An absolute headcount: how many people are in the room now."""

    headcount: Annotated[int, Field(ge=0, le=100_000)]
    request_id: RequestId = Field(
        description="Client-generated id (a UUID); a repeated id is applied once."
    )
    reported_at: Annotated[AwareDatetime, DATE_RANGE] = Field(
        description="When it was counted, by the client clock."
    )


class HeadcountOverride(RequestModel):
    """An organizer's headcount for a site (e.g. taken by phone), recorded as such."""

    headcount: Annotated[int, Field(ge=0, le=100_000)]
    request_id: RequestId | None = None


class HeadcountAck(BaseModel):
    """The answer to a report; the same for a repeated ``request_id``."""

    request_id: str
    applied: bool
    stale: bool
    headcount: int
    received_at: datetime
