"""Incidents ("sự cố"): a site reports a problem in one tap, organizers acknowledge and
resolve it (open → acknowledged → resolved, or open → resolved)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, UTCDateTime, enum_column_type, utcnow


class IncidentKind(StrEnum):
    audio = "audio"
    video = "video"
    network = "network"
    other = "other"


class IncidentStatus(StrEnum):
    open = "open"
    acknowledged = "acknowledged"
    resolved = "resolved"


class Incident(Base):
    __tablename__ = "incidents"
    __table_args__ = (
        # A retried report (same request_id) is applied once.
        UniqueConstraint("seminar_site_id", "request_id"),
        # The console's list: one seminar's incidents by status.
        Index("ix_incidents_seminar_status", "seminar_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id", ondelete="CASCADE"))
    seminar_site_id: Mapped[int] = mapped_column(
        ForeignKey("seminar_sites.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[IncidentKind] = mapped_column(enum_column_type(IncidentKind))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[IncidentStatus] = mapped_column(
        enum_column_type(IncidentStatus), default=IncidentStatus.open
    )
    request_id: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    acknowledge_note: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution_note: Mapped[str | None] = mapped_column(Text)
