"""Paper (submission) API shapes."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from app.core.schemas import LINE, ItemList, ORMModel, RequestModel, RowId
from app.seminars.schemas import LongText, ShortText, Title
from app.submissions.models import Submission, SubmissionStatus

AuthorName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), LINE
]


class Author(RequestModel):
    name: AuthorName
    unit: ShortText | None = None
    position: ShortText | None = None


Authors = Annotated[list[Author], Field(max_length=50)]


class SubmissionCreate(RequestModel):
    title: Title
    abstract: LongText | None = None
    authors: Authors = Field(
        default_factory=list, description="Empty: the speaker is the sole author."
    )
    unit: ShortText | None = Field(default=None, description="Omitted: the speaker's unit.")
    speaker_id: RowId | None = Field(
        default=None, description="Organizers only: send the paper on this user's behalf."
    )


class SubmissionUpdate(RequestModel):
    """Every field optional; ``null`` clears ``abstract`` and ``unit``."""

    title: Title | None = None
    abstract: LongText | None = None
    authors: Authors | None = None
    unit: ShortText | None = None


DecisionStatus = Literal["under_review", "selected_live", "accepted_written", "rejected"]


class DecisionRequest(RequestModel):
    status: DecisionStatus
    note: LongText | None = None
    add_to_agenda: bool = Field(
        default=False, description="With selected_live: add a linked agenda item of kind paper."
    )
    agenda_position: Annotated[int, Field(ge=1, le=100_000)] | None = Field(
        default=None,
        description="1-based; default before the first discussion or closing item, else last.",
    )


class BulkDecisionRequest(RequestModel):
    submission_ids: Annotated[list[RowId], Field(min_length=1, max_length=1000)]
    status: DecisionStatus
    note: LongText | None = None


class SpeakerRef(ORMModel):
    id: int
    full_name: str
    email: str
    unit: str | None


class SubmissionFileRead(ORMModel):
    version: int
    original_filename: str
    media_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class SubmissionRead(ORMModel):
    id: int
    seminar_id: int
    speaker: SpeakerRef
    title: str
    abstract: str | None
    authors: list[Author]
    unit: str | None
    status: SubmissionStatus
    decision_note: str | None
    submitted_at: datetime | None
    decided_at: datetime | None
    presented_at: datetime | None
    withdrawn_at: datetime | None
    created_at: datetime
    updated_at: datetime
    files: list[SubmissionFileRead]
    agenda_item_id: int | None = Field(
        description="The agenda item presenting this paper (it stays if the decision changes)."
    )

    @classmethod
    def of(cls, submission: Submission) -> "SubmissionRead":
        """The API view; needs ``speaker``, ``files`` and ``agenda_items`` loaded."""
        items = submission.agenda_items
        return cls.model_validate(
            {
                **{
                    name: getattr(submission, name)
                    for name in cls.model_fields
                    if name != "agenda_item_id"
                },
                "agenda_item_id": items[0].id if items else None,
            }
        )


class SubmissionCounts(BaseModel):
    """Per status, plus ``received`` (ever submitted, withdrawn included) and ``presented``."""

    received: int = 0
    draft: int = 0
    submitted: int = 0
    under_review: int = 0
    selected_live: int = 0
    accepted_written: int = 0
    rejected: int = 0
    withdrawn: int = 0
    presented: int = 0


class SubmissionList(ItemList[SubmissionRead]):
    counts: SubmissionCounts


class SubmissionItems(BaseModel):
    items: list[SubmissionRead]


class OpenCall(BaseModel):
    """A seminar whose call for papers is open, as anyone may see it."""

    id: int
    slug: str
    title: str
    starts_at: datetime
    timezone: str
    venue: str | None
    organizer_unit: str | None
    submissions_close_at: datetime | None
    submission_instructions: str | None
    accepted_file_types: list[str]
    max_upload_mb: int
