"""Request and answer shapes of the speaking queue."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from app.attendance.schemas import RequestId
from app.core.schemas import LINE, TEXT, ORMModel, RequestModel, RowId
from app.speaking.models import SpeakingStatus

PLANNED_MIN_S = 30
PLANNED_MAX_S = 3600

SpeakerName = Annotated[str, StringConstraints(min_length=1, max_length=200), LINE]
SpeakerTitle = Annotated[str, StringConstraints(max_length=300), LINE]
Topic = Annotated[str, StringConstraints(max_length=500), LINE]
Note = Annotated[str, StringConstraints(max_length=2000), TEXT]
PlannedSeconds = Annotated[int, Field(ge=PLANNED_MIN_S, le=PLANNED_MAX_S)]


class SpeakingAsk(RequestModel):
    """A site asks for the floor (``request_id``: a repeated id returns the same request)."""

    speaker_name: SpeakerName
    speaker_title: SpeakerTitle | None = None
    topic: Topic | None = None
    request_id: RequestId = Field(
        description="Client-generated id (a UUID); a repeated id is applied once."
    )


class SpeakingCreate(RequestModel):
    """Organizers put someone in the queue: the main hall (no ``site_id``) or a site."""

    speaker_name: SpeakerName
    speaker_title: SpeakerTitle | None = None
    topic: Topic | None = None
    site_id: RowId | None = Field(
        default=None, description="Directory site speaking from; none: the main hall."
    )
    planned_seconds: PlannedSeconds | None = None


class SpeakingUpdate(RequestModel):
    """Move a waiting request in the queue (1 = first) or change its planned time."""

    position: Annotated[int, Field(ge=1, le=100_000)] | None = None
    planned_seconds: PlannedSeconds | None = None


class SpeakingMove(RequestModel):
    note: Note | None = None


class SpeakingRead(ORMModel):
    id: int
    seminar_id: int
    site_id: int | None = Field(description="Directory site; null: the main hall.")
    site_name: str | None
    speaker_name: str
    speaker_title: str | None
    topic: str | None
    status: SpeakingStatus
    place: int | None = Field(description="1-based place among the waiting; null when not waiting.")
    planned_seconds: int
    note: str | None
    requested_at: datetime
    called_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None


class SpeakingStaffRead(SpeakingRead):
    """With the site's coordinator, to phone them."""

    coordinator_name: str | None
    coordinator_phone: str | None


class MySpeaking(BaseModel):
    """GET /site/speaking: this site's requests, newest first."""

    items: list[SpeakingRead]
    total: int


class SiteSpeakingEvent(BaseModel):
    """Socket ``speaking`` to one site's pages: its own request and its place (null when
    not waiting). Site pages also get the public ``speaking`` (the floor): this one is
    told apart by ``request``."""

    request: SpeakingRead
    place: int | None


class SpeakingQueueEvent(BaseModel):
    """Staff socket ``speaking_queue``: the request that changed."""

    changed: SpeakingStaffRead


# Documented next to the public messages (``x-socket-events``), by who receives them.
SPEAKING_SOCKET_EVENTS: dict[str, type] = {
    "site:speaking": SiteSpeakingEvent,
    "staff:speaking_queue": SpeakingQueueEvent,
}
