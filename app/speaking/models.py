"""A request for the floor, from a site (its token) or from organizers (the main hall)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, UTCDateTime, enum_column_type, utcnow

DEFAULT_PLANNED_SECONDS = 180


class SpeakingStatus(StrEnum):
    requested = "requested"
    called = "called"
    speaking = "speaking"
    done = "done"
    withdrawn = "withdrawn"
    rejected = "rejected"


# Still waiting for the floor: they hold a place in the queue.
WAITING = (SpeakingStatus.requested, SpeakingStatus.called)
# Counted against a site's limit of open requests.
OPEN = (*WAITING, SpeakingStatus.speaking)


class SpeakingRequest(Base):
    __tablename__ = "speaking_requests"
    __table_args__ = (
        UniqueConstraint("seminar_site_id", "request_id"),
        Index("ix_speaking_requests_seminar_id_status", "seminar_id", "status"),
        # One speaker at a time per seminar, even under concurrent starts.
        Index(
            "uq_speaking_requests_one_current",
            "seminar_id",
            unique=True,
            sqlite_where=text("status = 'speaking'"),
            postgresql_where=text("status = 'speaking'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id", ondelete="CASCADE"))
    # None: someone in the main hall, put in the queue by organizers.
    seminar_site_id: Mapped[int | None] = mapped_column(
        ForeignKey("seminar_sites.id", ondelete="CASCADE"), index=True
    )
    speaker_name: Mapped[str] = mapped_column(String(200))
    speaker_title: Mapped[str | None] = mapped_column(String(300))
    topic: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[SpeakingStatus] = mapped_column(
        enum_column_type(SpeakingStatus), default=SpeakingStatus.requested
    )
    # Queue order among the waiting requests (lower first); gaps allowed.
    position: Mapped[int]
    planned_seconds: Mapped[int] = mapped_column(default=DEFAULT_PLANNED_SECONDS)
    note: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
