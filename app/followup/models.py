"""Follow-up after a seminar: the conclusion notice ("thông báo kết luận"), the tasks it
assigns to sites, each site's progress on each task (not_started → in_progress ↔ done)
and the append-only log of the reports behind it."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, UTCDateTime, enum_column_type, utcnow


class TaskStatus(StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    done = "done"


class Conclusion(Base):
    """One conclusion notice per seminar (written, then edited in place)."""

    __tablename__ = "conclusions"

    seminar_id: Mapped[int] = mapped_column(
        ForeignKey("seminars.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)
    signed_by: Mapped[str] = mapped_column(String(200))
    signer_title: Mapped[str | None] = mapped_column(String(200))
    issued_on: Mapped[date] = mapped_column(Date)
    number: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class FollowupTask(Base):
    __tablename__ = "followup_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(
        ForeignKey("seminars.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    detail: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class TaskAssignment(Base):
    """A task as one site carries it: its current status and latest note."""

    __tablename__ = "task_assignments"
    __table_args__ = (
        UniqueConstraint("task_id", "seminar_site_id"),
        # The board's counts: one task's rows by status.
        Index("ix_task_assignments_task_status", "task_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("followup_tasks.id", ondelete="CASCADE"))
    seminar_site_id: Mapped[int] = mapped_column(
        ForeignKey("seminar_sites.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[TaskStatus] = mapped_column(
        enum_column_type(TaskStatus), default=TaskStatus.not_started
    )
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Client clock of the latest applied report: an older (queued) one must not overwrite it.
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class TaskProgress(Base):
    """Every report a site sent about a task (append-only; the assignment holds the latest)."""

    __tablename__ = "task_progress"
    __table_args__ = (
        # A retried report (same request_id) is applied once.
        UniqueConstraint("assignment_id", "request_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("task_assignments.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[TaskStatus] = mapped_column(enum_column_type(TaskStatus))
    note: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(String(64))
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
