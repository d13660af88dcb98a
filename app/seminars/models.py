"""Seminars and their agenda."""

import json
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, UTCDateTime, enum_column_type, utcnow

# File types a call for papers may accept (their extensions), all accepted by default.
FILE_TYPES = ("pdf", "docx", "odt")
DEFAULT_FILE_TYPES_JSON = json.dumps(list(FILE_TYPES))


class SeminarStatus(StrEnum):
    draft = "draft"
    published = "published"
    live = "live"
    ended = "ended"
    cancelled = "cancelled"


class SeminarMode(StrEnum):
    in_person = "in_person"
    online = "online"
    hybrid = "hybrid"


class AgendaKind(StrEnum):
    opening = "opening"
    report = "report"
    paper = "paper"
    discussion = "discussion"
    break_ = "break"
    closing = "closing"
    other = "other"


class Seminar(Base):
    __tablename__ = "seminars"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    organizer_unit: Mapped[str | None] = mapped_column(String(300))
    venue: Mapped[str | None] = mapped_column(String(300))
    mode: Mapped[SeminarMode] = mapped_column(
        enum_column_type(SeminarMode), default=SeminarMode.hybrid
    )
    status: Mapped[SeminarStatus] = mapped_column(
        enum_column_type(SeminarStatus), default=SeminarStatus.draft
    )
    timezone: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When sites may run their technical check (None: TECHCHECK_LEAD before the start).
    techcheck_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expected_attendance: Mapped[int | None]
    main_site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", ondelete="RESTRICT"))
    submissions_open: Mapped[bool] = mapped_column(default=False)
    submissions_close_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submission_instructions: Mapped[str | None] = mapped_column(Text)
    # Subset of FILE_TYPES, in that order; the content of an upload decides its type.
    accepted_file_types: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: list(FILE_TYPES), server_default=text(f"'{DEFAULT_FILE_TYPES_JSON}'")
    )
    # Remote sites (the main hall is not counted), kept in step by the roll-up
    # (app/attendance/rollup.py) with every change of a participation.
    sites_invited: Mapped[int] = mapped_column(default=0)
    sites_registered: Mapped[int] = mapped_column(default=0)
    # Remote sites not checked in yet (invited or registered): the ones to phone.
    sites_waiting: Mapped[int] = mapped_column(default=0)
    # Remote sites whose latest technical check was all fine / found a problem.
    sites_ready: Mapped[int] = mapped_column(default=0)
    sites_problem: Mapped[int] = mapped_column(default=0)
    # Live totals, maintained incrementally with every report and presence change.
    live_headcount: Mapped[int] = mapped_column(default=0)
    peak_headcount: Mapped[int] = mapped_column(default=0)
    peak_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sites_connected: Mapped[int] = mapped_column(default=0)
    # When it actually went live and ended (set by the status change; reports replay the
    # attendance logs up to these instants for the headcount at start and at end).
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class AgendaItem(Base):
    __tablename__ = "agenda_items"
    __table_args__ = (UniqueConstraint("seminar_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id", ondelete="CASCADE"))
    position: Mapped[int]
    kind: Mapped[AgendaKind] = mapped_column(enum_column_type(AgendaKind))
    title: Mapped[str] = mapped_column(String(500))
    speaker_name: Mapped[str | None] = mapped_column(String(200))
    speaker_unit: Mapped[str | None] = mapped_column(String(300))
    # The paper this item presents (starting the item sets the paper's presented_at).
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="SET NULL"), index=True
    )
    planned_start: Mapped[datetime | None] = mapped_column(UTCDateTime())
    planned_minutes: Mapped[int | None]
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SeminarMember(Base):
    """An organizer who may act on a seminar; ``subtree_site_id`` limits them to that site
    and every site below it (a province's staff), None means the whole seminar."""

    __tablename__ = "seminar_members"
    __table_args__ = (UniqueConstraint("seminar_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subtree_site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", ondelete="RESTRICT"))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
