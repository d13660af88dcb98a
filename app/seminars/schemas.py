"""Seminar and agenda API shapes."""

from datetime import UTC, datetime
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from app.attendance.wire import LiveTotals
from app.core.errors import invalid
from app.core.schemas import LINE, TEXT, DatetimeInRange, ORMModel, RequestModel, RowId
from app.seminars import messages as msg
from app.seminars.models import FILE_TYPES, AgendaItem, AgendaKind, SeminarMode, SeminarStatus
from app.sites.schemas import SiteRef
from app.users.models import Role

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# Id columns are INTEGER (32-bit on PostgreSQL): a larger id must be a 422, not a driver
# overflow (500).


def _aware_utc(value: datetime) -> datetime:
    """Refuse naive datetimes (they are ambiguous) and normalise to UTC."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise invalid(msg.DATETIME_WITHOUT_OFFSET)
    return value.astimezone(UTC)


def _iana_zone(value: str) -> str:
    """Only IANA zone names (``Asia/Ho_Chi_Minh``) are accepted."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: some Pythons raise IsADirectoryError for a region name like "Asia".
        raise invalid(msg.UNKNOWN_TIME_ZONE, value=value) from None
    return value


def _canonical_file_types(value: list[str]) -> list[str]:
    """Without duplicates, in the order of FILE_TYPES."""
    return [kind for kind in FILE_TYPES if kind in value]


FileType = Literal["pdf", "docx", "odt"]
FileTypes = Annotated[
    list[FileType], Field(min_length=1, max_length=10), AfterValidator(_canonical_file_types)
]
AwareDatetime = Annotated[DatetimeInRange, AfterValidator(_aware_utc)]
TimeZoneName = Annotated[str, Field(min_length=1, max_length=64), LINE, AfterValidator(_iana_zone)]
Slug = Annotated[str, Field(min_length=1, max_length=100, pattern=SLUG_PATTERN), LINE]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), LINE]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), LINE]
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), LINE]
LongText = Annotated[str, Field(max_length=20_000), TEXT]
Count = Annotated[int, Field(ge=0, le=10_000_000)]


class SeminarCreate(RequestModel):
    title: Title
    slug: Slug | None = Field(
        default=None, description="Omit to derive one from the title (diacritics folded)."
    )
    description: LongText | None = None
    organizer_unit: ShortText | None = None
    venue: ShortText | None = None
    mode: SeminarMode = SeminarMode.hybrid
    timezone: TimeZoneName | None = Field(
        default=None, description="IANA zone for display; default the server's DIEMCAU_TIMEZONE."
    )
    starts_at: AwareDatetime
    ends_at: AwareDatetime | None = None
    registration_closes_at: AwareDatetime | None = None
    techcheck_opens_at: AwareDatetime | None = Field(
        default=None,
        description="When sites may run their technical check (before starts_at); "
        "null: 60 minutes before the start.",
    )
    expected_attendance: Count | None = None
    main_site_id: RowId | None = None
    submissions_open: bool = False
    submissions_close_at: AwareDatetime | None = None
    submission_instructions: LongText | None = None
    accepted_file_types: FileTypes = Field(
        default_factory=lambda: list(FILE_TYPES),
        description="What the call accepts (decided by content): pdf, docx, odt.",
    )


class SeminarUpdate(RequestModel):
    """Every field optional; ``null`` clears an optional field."""

    title: Title | None = None
    slug: Slug | None = None
    description: LongText | None = None
    organizer_unit: ShortText | None = None
    venue: ShortText | None = None
    mode: SeminarMode | None = None
    timezone: TimeZoneName | None = None
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    registration_closes_at: AwareDatetime | None = None
    techcheck_opens_at: AwareDatetime | None = Field(
        default=None,
        description="When sites may run their technical check (before starts_at); "
        "null: 60 minutes before the start.",
    )
    expected_attendance: Count | None = None
    main_site_id: RowId | None = None
    submissions_open: bool | None = None
    submissions_close_at: AwareDatetime | None = None
    submission_instructions: LongText | None = None
    accepted_file_types: FileTypes | None = None


class SeminarPublicFields(ORMModel):
    """What anyone may know about a published seminar."""

    id: int
    slug: str
    title: str
    description: str | None
    organizer_unit: str | None
    venue: str | None
    mode: SeminarMode
    status: SeminarStatus
    timezone: str
    starts_at: datetime
    ends_at: datetime | None


class SeminarRead(SeminarPublicFields):
    registration_closes_at: datetime | None
    # As set (null: the default, 60 minutes before the start).
    techcheck_opens_at: datetime | None
    expected_attendance: int | None
    main_site_id: int | None
    submissions_open: bool
    submissions_close_at: datetime | None
    submission_instructions: str | None
    accepted_file_types: list[str]
    created_at: datetime
    updated_at: datetime
    sites_invited: int
    sites_registered: int
    sites_waiting: int
    sites_ready: int
    sites_problem: int
    # The subtree the requesting member is limited to (null: the whole seminar); the
    # console's sites and live tabs start there.
    my_subtree: SiteRef | None = None


class AgendaItemCreate(RequestModel):
    kind: AgendaKind
    title: Title
    speaker_name: PersonName | None = None
    speaker_unit: ShortText | None = None
    planned_start: AwareDatetime | None = None
    planned_minutes: Annotated[int, Field(ge=0, le=24 * 60)] | None = None
    position: Annotated[int, Field(ge=1, le=100_000)] | None = Field(
        default=None, description="1-based; omit to append. Later items shift down."
    )
    submission_id: RowId | None = Field(
        default=None,
        description="A paper of this seminar that the item presents: starting the item "
        "marks the paper presented. A paper has at most one item.",
    )


class AgendaItemUpdate(RequestModel):
    """Every field optional; ``position`` moves the item (the others close up)."""

    kind: AgendaKind | None = None
    title: Title | None = None
    speaker_name: PersonName | None = None
    speaker_unit: ShortText | None = None
    planned_start: AwareDatetime | None = None
    planned_minutes: Annotated[int, Field(ge=0, le=24 * 60)] | None = None
    position: Annotated[int, Field(ge=1, le=100_000)] | None = None


AgendaItemState = Literal["planned", "running", "done"]


def agenda_item_state(item: AgendaItem) -> AgendaItemState:
    """``planned`` until started, ``running`` until ended, then ``done``."""
    if item.started_at is None:
        return "planned"
    return "running" if item.ended_at is None else "done"


class AgendaItemRead(ORMModel):
    id: int
    seminar_id: int
    position: int
    kind: AgendaKind
    title: str
    speaker_name: str | None
    speaker_unit: str | None
    submission_id: int | None
    planned_start: datetime | None
    planned_minutes: int | None
    started_at: datetime | None
    ended_at: datetime | None
    state: AgendaItemState

    @classmethod
    def of(cls, item: AgendaItem) -> "AgendaItemRead":
        """The API view of an agenda item, with its derived ``state``."""
        return cls.model_validate(
            {
                **{name: getattr(item, name) for name in cls.model_fields if name != "state"},
                "state": agenda_item_state(item),
            }
        )


class PublicSeminar(SeminarPublicFields):
    """A published seminar as anyone may see it: no personal data, figures aggregated."""

    agenda: list[AgendaItemRead]
    totals: LiveTotals


# --- members ------------------------------------------------------------------------------


class MemberSite(BaseModel):
    """The site a member is limited to (with everything below it)."""

    id: int
    code: str
    name: str


class MemberRead(BaseModel):
    """A seminar member: who, and on which sites (``subtree_site`` None: all of them)."""

    user_id: int
    full_name: str
    email: str
    role: Role
    unit: str | None
    subtree_site: MemberSite | None
    added_by_id: int | None
    added_at: datetime


class MemberCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: RowId
    subtree_site_id: RowId | None = None


class MemberUpdate(BaseModel):
    """``subtree_site_id`` null: the member acts on the whole seminar again."""

    model_config = ConfigDict(extra="forbid")

    subtree_site_id: RowId | None


class MemberCandidate(BaseModel):
    """An active organizer who is not a member yet (the console's "add member" picker)."""

    id: int
    full_name: str
    email: str
    unit: str | None
