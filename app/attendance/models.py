"""A site's participation in a seminar (registration, check-in, live headcount)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base, UTCDateTime, enum_column_type, utcnow
from app.readiness.models import Readiness
from app.sites.models import Site


class SeminarSiteStatus(StrEnum):
    invited = "invited"
    registered = "registered"
    declined = "declined"
    checked_in = "checked_in"
    disconnected = "disconnected"


class SeminarSite(Base):
    __tablename__ = "seminar_sites"
    __table_args__ = (
        UniqueConstraint("seminar_id", "site_id"),
        # A level of the seminar tree, and the status filters, of a 40,000-site seminar.
        Index("ix_seminar_sites_seminar_parent", "seminar_id", "parent_site_id"),
        Index("ix_seminar_sites_seminar_status", "seminar_id", "status"),
        # The console's name order: a page of ids is a walk of this index, no join.
        Index("ix_seminar_sites_seminar_sort", "seminar_id", "sort_key", "site_id"),
    )

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
    # Client clock of the latest applied report: an older report must not overwrite it.
    latest_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When a site page's socket last opened (None: none, or gone past the grace period).
    # A server that starts sweeps the rows stamped before it (app/realtime/presence.py).
    socket_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A copy of the directory's ``Site.sort_key`` (set at invite, kept in step by the
    # sites service and importer): the console sorts a seminar's 40,000 sites by name
    # without joining the directory.
    sort_key: Mapped[str] = mapped_column(String(2000), default="")

    # The roll-up up the site tree, maintained incrementally (see app/attendance/rollup.py).
    # parent_site_id: the nearest ancestor in the directory that takes part in this
    # seminar (None: top level of the seminar's views). rollup_path: the SeminarSite ids
    # of all participating ancestors, root first, as "/3/17/" (empty: none).
    parent_site_id: Mapped[int | None]
    rollup_path: Mapped[str] = mapped_column(String(2000), default="")
    children_count: Mapped[int] = mapped_column(default=0)
    subtree_headcount: Mapped[int] = mapped_column(default=0)
    subtree_peak_headcount: Mapped[int] = mapped_column(default=0)
    subtree_sites_connected: Mapped[int] = mapped_column(default=0)
    # The subtree's registration counters (itself included; the main hall is not a remote
    # site): invited, registered (or since connected), waiting = not checked in yet
    # (invited or registered), and the sum of expected attendees.
    sites_invited: Mapped[int] = mapped_column(default=0)
    sites_registered: Mapped[int] = mapped_column(default=0)
    sites_waiting: Mapped[int] = mapped_column(default=0)
    expected_attendance: Mapped[int] = mapped_column(default=0)
    # Readiness (app/readiness): the latest technical check (its id in ``techchecks``) and
    # the subtree's remote sites whose latest check was all fine / found a problem.
    readiness: Mapped[Readiness] = mapped_column(
        enum_column_type(Readiness), default=Readiness.unchecked
    )
    techcheck_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    latest_techcheck_id: Mapped[int | None]
    sites_ready: Mapped[int] = mapped_column(default=0)
    sites_problem: Mapped[int] = mapped_column(default=0)

    site: Mapped[Site] = relationship(lazy="raise")

    @property
    def is_counted(self) -> bool:
        """Its headcount is in the live totals: checked in and not disconnected."""
        return self.status == SeminarSiteStatus.checked_in

    @property
    def ancestor_ids(self) -> list[int]:
        """SeminarSite ids of the participating ancestors, root first."""
        return [int(part) for part in self.rollup_path.split("/") if part]


class ReportSource(StrEnum):
    site = "site"
    organizer = "organizer"


class AttendanceReport(Base):
    """Append-only log of headcount reports; ``applied`` says whether it set the value."""

    __tablename__ = "attendance_reports"
    __table_args__ = (UniqueConstraint("seminar_site_id", "request_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_site_id: Mapped[int] = mapped_column(
        ForeignKey("seminar_sites.id", ondelete="CASCADE"), index=True
    )
    headcount: Mapped[int]
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    request_id: Mapped[str] = mapped_column(String(64))
    applied: Mapped[bool]
    source: Mapped[ReportSource] = mapped_column(
        enum_column_type(ReportSource), default=ReportSource.site
    )
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PresenceKind(StrEnum):
    checked_in = "checked_in"
    disconnected = "disconnected"
    reconnected = "reconnected"


class PresenceEvent(Base):
    """Append-only log of a site entering or leaving the live total (for timelines)."""

    __tablename__ = "presence_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_site_id: Mapped[int] = mapped_column(
        ForeignKey("seminar_sites.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[PresenceKind] = mapped_column(enum_column_type(PresenceKind))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
