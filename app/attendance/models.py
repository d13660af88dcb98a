"""A site's participation in a seminar (registration, check-in, live headcount)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base, UTCDateTime, enum_column_type, utcnow
from app.sites.models import Site


class SeminarSiteStatus(StrEnum):
    invited = "invited"
    registered = "registered"
    declined = "declined"
    checked_in = "checked_in"
    disconnected = "disconnected"


class SeminarSite(Base):
    __tablename__ = "seminar_sites"
    __table_args__ = (UniqueConstraint("seminar_id", "site_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="RESTRICT"), index=True)
    is_main: Mapped[bool] = mapped_column(default=False)
    status: Mapped[SeminarSiteStatus] = mapped_column(
        enum_column_type(SeminarSiteStatus), default=SeminarSiteStatus.invited
    )
    expected_attendees: Mapped[int | None]
    coordinator_name: Mapped[str | None] = mapped_column(String(200))
    coordinator_phone: Mapped[str | None] = mapped_column(String(50))
    headcount: Mapped[int] = mapped_column(default=0)
    peak_headcount: Mapped[int] = mapped_column(default=0)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_report_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)

    site: Mapped[Site] = relationship(lazy="raise")
