"""Request and answer shapes of polls, tallies, answers and their results."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints, model_validator

from app.attendance.schemas import RequestId
from app.core.errors import invalid
from app.core.schemas import DATE_RANGE, LINE, RequestModel, RowId
from app.polls import messages as msg
from app.polls.models import PollKind, PollMode, PollPurpose, PollStatus

MIN_OPTIONS = 2
MAX_OPTIONS = 20
SCALE_LEVELS = 5
# Surveys run for a set time after the event: up to 30 days.
MAX_DURATION_MIN = 30 * 24 * 60
# The labels of a satisfaction scale when none are given (1 = worst, 5 = best).
DEFAULT_SCALE = (
    "Rất không hài lòng",
    "Không hài lòng",
    "Bình thường",
    "Hài lòng",
    "Rất hài lòng",
)

Question = Annotated[str, StringConstraints(min_length=1, max_length=500), LINE]
OptionLabel = Annotated[str, StringConstraints(min_length=1, max_length=300), LINE]
Count = Annotated[int, Field(ge=0, le=100_000)]


def check_shape(
    kind: PollKind,
    mode: PollMode,
    purpose: PollPurpose,
    options: list[str] | None,
    refuse: Callable[..., Exception] = invalid,
) -> list[str]:
    """The options a poll of this shape gets (scale: the default labels when none);
    ``refuse(message, **params)`` builds the refusal (a validation error by default)."""
    if purpose == PollPurpose.survey and (kind, mode) != (PollKind.scale, PollMode.per_person):
        raise refuse(msg.SURVEY_SHAPE)
    if kind == PollKind.scale:
        options = options or list(DEFAULT_SCALE)
        if len(options) != SCALE_LEVELS:
            raise refuse(msg.SCALE_FIVE)
    elif options is None or not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise refuse(msg.OPTIONS_COUNT, min=MIN_OPTIONS, max=MAX_OPTIONS)
    seen: set[str] = set()
    for label in options:
        if label.casefold() in seen:
            raise refuse(msg.OPTION_DUPLICATE, label=label)
        seen.add(label.casefold())
    return options


class PollCreate(RequestModel):
    """A new poll (a draft). ``purpose: survey``: a 1–5 scale answered by each person
    (``kind``/``mode`` default to that; anything else is refused)."""

    question: Question
    kind: PollKind | None = Field(default=None, description="Default: single (survey: scale).")
    options: list[OptionLabel] | None = Field(
        default=None,
        max_length=MAX_OPTIONS,
        description="Labels in order; scale: exactly five, 1 to 5 (default: the "
        "satisfaction labels).",
    )
    mode: PollMode | None = Field(
        default=None, description="Default: per_site (survey: per_person)."
    )
    show_live: bool = False
    purpose: PollPurpose = PollPurpose.poll

    @model_validator(mode="after")
    def _shape(self) -> "PollCreate":
        survey = self.purpose == PollPurpose.survey
        self.kind = self.kind or (PollKind.scale if survey else PollKind.single)
        self.mode = self.mode or (PollMode.per_person if survey else PollMode.per_site)
        self.options = check_shape(self.kind, self.mode, self.purpose, self.options)
        return self


class PollUpdate(RequestModel):
    """Edit a draft: any field; ``options`` replaces the whole list."""

    question: Question | None = None
    kind: PollKind | None = None
    options: list[OptionLabel] | None = Field(default=None, max_length=MAX_OPTIONS)
    mode: PollMode | None = None
    show_live: bool | None = None
    purpose: PollPurpose | None = None


class PollOpen(RequestModel):
    """Open a poll; ``duration_minutes`` sets ``closes_at`` (required for a survey)."""

    duration_minutes: Annotated[int, Field(ge=1, le=MAX_DURATION_MIN)] | None = None


class PollOptionRead(BaseModel):
    id: int
    label: str


class PollRead(BaseModel):
    """A poll as the console lists it. ``status`` reads ``closed`` once ``closes_at`` passed."""

    id: int
    seminar_id: int
    question: str
    kind: PollKind
    mode: PollMode
    purpose: PollPurpose
    show_live: bool
    status: PollStatus
    token: str = Field(description="The public link /p/<token> (answering only).")
    options: list[PollOptionRead]
    responses: int
    created_at: datetime
    opened_at: datetime | None
    closes_at: datetime | None
    closed_at: datetime | None
    published_at: datetime | None


class OptionResult(BaseModel):
    id: int
    label: str
    count: int
    percent: float = Field(description="Share of the responses, 1 decimal (0 when none).")
    percent_vi: str = Field(description="The same in Vietnamese form: 12,2%.")


class OptionCount(BaseModel):
    option_id: int
    count: int


class LevelResult(BaseModel):
    """One direct child of the scope in the seminar's site tree, with its subtree's sums."""

    site_id: int
    code: str
    name: str
    level: str
    responses: int
    counts: list[OptionCount]


class PollFigures(BaseModel):
    """A poll's results (what the ``poll`` socket message carries).

    ``responses``: per_person, the answers (devices); per_site, the sum of the sites'
    responses (single/scale: their counts; multiple: the headcount each site counted
    from). ``satisfied_percent``: scale only, the share of the responses on levels 4
    and 5."""

    poll_id: int
    seminar_id: int
    question: str
    kind: PollKind
    mode: PollMode
    purpose: PollPurpose
    status: PollStatus
    show_live: bool
    closes_at: datetime | None
    responses: int
    options: list[OptionResult]
    satisfied_percent: float | None
    satisfied_percent_vi: str | None


class PollResults(PollFigures):
    """GET …/results: the figures, and per level of the site tree (per_site polls)."""

    scope: int | None = Field(description="The site whose subtree these are (null: all).")
    per_level: list[LevelResult]


class PublicPoll(BaseModel):
    """A poll as a phone or a big screen sees it; ``results`` only while shown live or
    once published."""

    token: str
    question: str
    kind: PollKind
    mode: PollMode
    purpose: PollPurpose
    status: PollStatus
    closes_at: datetime | None
    seminar_title: str
    seminar_slug: str
    options: list[PollOptionRead]
    results: PollFigures | None


class SitePoll(BaseModel):
    """An open poll on a site's page: per_site, with this site's latest counts (null:
    none sent yet); per_person, its ``token`` for the QR code."""

    id: int
    question: str
    kind: PollKind
    mode: PollMode
    purpose: PollPurpose
    status: PollStatus
    closes_at: datetime | None
    token: str
    options: list[PollOptionRead]
    my_counts: dict[str, int] | None = Field(description="Option id → count.")
    my_reported_at: datetime | None


class SitePolls(BaseModel):
    """GET /site/polls; ``headcount``: the bound of a tally (people present now)."""

    items: list[SitePoll]
    total: int
    headcount: int


class TallyIn(RequestModel):
    """A site's absolute counts for a per_site poll: how many chose each option."""

    counts: dict[RowId, Count] = Field(
        max_length=MAX_OPTIONS, description="Option id → count; options left out count 0."
    )
    request_id: RequestId = Field(
        description="Client-generated id (a UUID); a repeated id is applied once."
    )
    reported_at: Annotated[AwareDatetime, DATE_RANGE] = Field(
        description="When it was counted, by the client clock."
    )


class TallyAck(BaseModel):
    """The answer to a tally; the same for a repeated ``request_id``. ``stale``: an older
    report than the one applied (logged, not applied); ``counts``: the site's current."""

    poll_id: int
    request_id: str
    applied: bool
    stale: bool
    counts: dict[str, int]
    responses: int
    headcount: int
    received_at: datetime


class AnswerIn(RequestModel):
    """One device's answer; answering again replaces it until the poll closes."""

    option_ids: list[RowId] = Field(max_length=MAX_OPTIONS)
    device_key: UUID = Field(description="A random UUID the browser keeps for this device.")


class AnswerAck(BaseModel):
    poll_id: int
    option_ids: list[int]
    replaced: bool = Field(description="This device had answered before.")
    answered_at: datetime


class PollEvent(BaseModel):
    """Socket ``poll``: a poll's figures changed (counts, status). Views get it while the
    poll is shown live or published (numbered like every view message); staff views
    always (``version`` null when sent to staff only); site pages always, with
    ``results_hidden`` and zero counts while the public may not see them. At most 2
    per second per poll, values read when sent."""

    version: int | None
    poll: PollFigures
    results_hidden: bool = False


POLL_SOCKET_EVENTS: dict[str, type] = {"poll": PollEvent}
