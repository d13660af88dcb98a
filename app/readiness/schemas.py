"""Readiness API shapes: a site's technical check and the organizers' board."""

from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints

from app.core.schemas import DATE_RANGE, LINE, TEXT, RequestModel
from app.readiness.models import CheckResult, Readiness

RequestId = Annotated[str, StringConstraints(min_length=1, max_length=64), LINE]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000), TEXT]


class TechCheckIn(RequestModel):
    """A coordinator's check: picture, sound and line each fine or not."""

    video: CheckResult
    audio: CheckResult
    network: CheckResult
    note: Note | None = Field(default=None, description="What is wrong, in their words.")
    rtt_ms: Annotated[int, Field(ge=0, le=60_000)] | None = Field(
        default=None, description="Round trip to the server over the page's socket."
    )
    request_id: RequestId = Field(
        description="Client-generated id (a UUID); a repeated id is recorded once."
    )
    reported_at: Annotated[AwareDatetime, DATE_RANGE] | None = Field(
        default=None,
        description="When the check was made, by the client clock (a queued check older "
        "than the latest one is logged but does not replace it).",
    )


class ReadinessSite(BaseModel):
    """One remote site on the readiness board (organizers only: it names the coordinator)."""

    site_id: int
    code: str
    name: str
    coordinator_name: str | None
    coordinator_phone: str | None
    readiness: Readiness
    video: CheckResult | None
    audio: CheckResult | None
    network: CheckResult | None
    note: str | None
    rtt_ms: int | None
    checked_at: datetime | None


class ReadinessBoard(BaseModel):
    """GET /seminars/{id}/readiness: counts of the scope, and one page of its sites,
    problems first, then the unchecked (to phone), then the ready ones."""

    ready: int
    problem: int
    unchecked: int
    total: int
    sites: list[ReadinessSite]


class ReadinessEvent(BaseModel):
    """Staff view event ``readiness``: the board row of the site that just checked."""

    site: ReadinessSite
