"""Request and response bodies of the incidents domain."""

from datetime import datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.core.errors import invalid
from app.core.schemas import LINE, TEXT, RequestModel
from app.incidents.messages import INCIDENT_NOTE_REQUIRED
from app.incidents.models import IncidentKind, IncidentStatus

Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), TEXT]
RequestId = Annotated[str, StringConstraints(min_length=1, max_length=64), LINE]


class IncidentReport(RequestModel):
    """One tap on the site page: what went wrong."""

    kind: IncidentKind
    note: Note | None = None
    request_id: RequestId = Field(
        description="Client-generated id (a UUID); a repeated id answers the same incident."
    )

    @model_validator(mode="after")
    def _other_needs_a_note(self) -> Self:
        if self.kind == IncidentKind.other and not self.note:
            raise invalid(INCIDENT_NOTE_REQUIRED)
        return self


class IncidentAction(RequestModel):
    """Acknowledge or resolve, with an optional note for the record."""

    note: Note | None = None


class IncidentRead(BaseModel):
    id: int
    seminar_id: int
    seminar_site_id: int
    site_id: int = Field(description="The directory site")
    site_code: str
    site_name: str
    kind: IncidentKind
    note: str | None
    status: IncidentStatus
    opened_at: datetime
    acknowledged_at: datetime | None
    acknowledge_note: str | None
    resolved_at: datetime | None
    resolution_note: str | None


class IncidentEvent(BaseModel):
    """Socket message ``incident`` (staff views; a site's own pages for its incidents)."""

    model_config = ConfigDict(extra="forbid")

    incident: IncidentRead


# Socket messages of this domain (documented in the OpenAPI document with the live ones).
INCIDENT_EVENTS: dict[str, type] = {"incident": IncidentEvent}
