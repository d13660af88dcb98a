"""Request and response bodies of the follow-up domain."""

from datetime import date, datetime
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.attendance.schemas import RequestId
from app.core.errors import invalid
from app.core.schemas import LINE, TEXT, DateInRange, DatetimeInRange, RequestModel, RowId
from app.followup.messages import TASK_SITES_REQUIRED
from app.followup.models import TaskStatus

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), LINE]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), LINE]
Body = Annotated[str, StringConstraints(strip_whitespace=True, max_length=50_000), TEXT]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), TEXT]
Day = DateInRange
# A national seminar has about 40,000 sites; a pick of them fits the 1 MiB body cap.
MAX_PICKED = 50_000


class ConclusionWrite(RequestModel):
    """The conclusion notice: its body, who signs it and when it is issued."""

    text: Body = Field(min_length=1)
    signed_by: Line
    signer_title: Line | None = None
    issued_on: Day
    number: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=100), LINE] | None
    ) = Field(default=None, description="Số/ký hiệu, e.g. “25-TB/ĐU”")


class ConclusionRead(BaseModel):
    seminar_id: int
    text: str
    signed_by: str
    signer_title: str | None
    issued_on: date
    number: str | None
    updated_at: datetime


class TaskCreate(RequestModel):
    """A task for all the seminar's remote sites (``all_sites``) or some (``site_ids``:
    directory sites taking part)."""

    title: Title
    detail: Body | None = None
    due_on: Day
    site_ids: list[RowId] | None = Field(default=None, min_length=1, max_length=MAX_PICKED)
    all_sites: bool = False

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        if self.all_sites == (self.site_ids is not None):
            raise invalid(TASK_SITES_REQUIRED)
        return self


class TaskUpdate(RequestModel):
    title: Title | None = None
    detail: Body | None = None
    due_on: Day | None = None


class TaskSummary(BaseModel):
    """A task with its counts over the sites the caller sees (SQL counts)."""

    id: int
    title: str
    detail: str | None
    due_on: date
    assigned: int
    done: int
    in_progress: int
    not_started: int
    overdue: int = Field(description="Not done and past due in the seminar's time zone")


BoardStatus = Literal["not_started", "in_progress", "done", "overdue"]


class TaskSiteRow(BaseModel):
    """One site's line on a task's board."""

    site_id: int
    code: str
    name: str
    status: TaskStatus
    overdue: bool
    note: str | None
    updated_at: datetime | None


class ProgressReport(RequestModel):
    """A site's report on a task; a repeated ``request_id`` is applied once, an older
    ``reported_at`` than the last applied one is logged but does not change the status."""

    status: Literal[TaskStatus.in_progress, TaskStatus.done]
    note: Note | None = None
    request_id: RequestId | None = None
    reported_at: DatetimeInRange | None = None


class SiteTask(BaseModel):
    """A task as the site sees it, with its own status."""

    id: int
    title: str
    detail: str | None
    due_on: date
    status: TaskStatus
    overdue: bool
    note: str | None
    updated_at: datetime | None


class TaskEvent(BaseModel):
    """Socket message ``task`` (staff views): a task changed (``site``: the site whose
    progress changed; None: the task itself was created, edited or deleted)."""

    model_config = ConfigDict(extra="forbid")

    task_id: int
    site: TaskSiteRow | None = None


# Socket messages of this domain (documented in the OpenAPI document with the live ones).
TASK_EVENTS: dict[str, type] = {"task": TaskEvent}
