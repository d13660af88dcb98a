"""Papers ("tham luận") sent to a seminar's call, and the stored versions of their files."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base, UTCDateTime, enum_column_type, utcnow
from app.seminars.models import AgendaItem
from app.users.models import User


class SubmissionStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    under_review = "under_review"
    selected_live = "selected_live"
    accepted_written = "accepted_written"
    rejected = "rejected"
    withdrawn = "withdrawn"


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(
        ForeignKey("seminars.id", ondelete="CASCADE"), index=True
    )
    # RESTRICT: a paper is a record of who sent it; accounts are deactivated, not deleted.
    speaker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    abstract: Mapped[str | None] = mapped_column(Text)
    # [{"name", "unit", "position"}, ...] in the order the speaker gave them.
    authors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    unit: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[SubmissionStatus] = mapped_column(
        enum_column_type(SubmissionStatus), default=SubmissionStatus.draft, index=True
    )
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Folded title, authors, units and speaker name: what ``?q=`` searches.
    search_text: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    presented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    # lazy="raise": every query that needs these says so (selectinload), so no N+1 slips in.
    speaker: Mapped[User] = relationship(foreign_keys=[speaker_id], lazy="raise")
    files: Mapped[list["SubmissionFile"]] = relationship(
        order_by="SubmissionFile.version", lazy="raise", back_populates="submission"
    )
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        primaryjoin="AgendaItem.submission_id == Submission.id",
        order_by=AgendaItem.position,
        lazy="raise",
        viewonly=True,
    )


class SubmissionFile(Base):
    """One uploaded version; the bytes live in the content-addressed store under ``sha256``."""

    __tablename__ = "submission_files"
    __table_args__ = (UniqueConstraint("submission_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    original_filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="files", lazy="raise")
