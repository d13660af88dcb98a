"""Polls of a seminar: their options, the sites' tallies and the participants' answers.

A poll is ``per_site`` (each site's coordinator enters its room's counts: the latest
counts per site and option, plus an append-only log of every report) or ``per_person``
(one answer per device, stored under a hash of the device key). The totals per option
(``PollOption.count``) and the number of responses (``Poll.responses``) are counters
kept with atomic SQL increments, so concurrent tallies and answers never lose an update.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, UTCDateTime, enum_column_type, utcnow


class PollKind(StrEnum):
    single = "single"
    multiple = "multiple"
    scale = "scale"


class PollMode(StrEnum):
    per_site = "per_site"
    per_person = "per_person"


class PollPurpose(StrEnum):
    poll = "poll"
    survey = "survey"


class PollStatus(StrEnum):
    draft = "draft"
    open = "open"
    closed = "closed"
    published = "published"


class Poll(Base):
    __tablename__ = "polls"
    __table_args__ = (Index("ix_polls_seminar_status", "seminar_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(500))
    kind: Mapped[PollKind] = mapped_column(enum_column_type(PollKind))
    mode: Mapped[PollMode] = mapped_column(enum_column_type(PollMode))
    purpose: Mapped[PollPurpose] = mapped_column(
        enum_column_type(PollPurpose), default=PollPurpose.poll
    )
    show_live: Mapped[bool] = mapped_column(default=False)
    status: Mapped[PollStatus] = mapped_column(
        enum_column_type(PollStatus), default=PollStatus.draft
    )
    # The public link /p/<token> (a QR on screens): it only grants answering, so it is
    # stored in plain, like a seminar's slug.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # per_person: answers (devices); per_site: the sum of the sites' responses.
    responses: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Past this moment the poll reads closed and refuses answers (surveys: opened for a
    # set time).
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PollOption(Base):
    __tablename__ = "poll_options"
    __table_args__ = (UniqueConstraint("poll_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(300))
    count: Mapped[int] = mapped_column(default=0)


class PollSiteTally(Base):
    """A site's latest applied counts for a per_site poll (one row per poll and site)."""

    __tablename__ = "poll_site_tallies"
    __table_args__ = (UniqueConstraint("poll_id", "seminar_site_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    seminar_site_id: Mapped[int] = mapped_column(
        ForeignKey("seminar_sites.id", ondelete="CASCADE"), index=True
    )
    # single/scale: the sum of the counts; multiple: the headcount the counts were
    # taken from (the people asked; each may choose several options).
    responses: Mapped[int] = mapped_column(default=0)
    # Client clock of the applied report: an older report must not overwrite it.
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    request_id: Mapped[str] = mapped_column(String(64))


class PollSiteCount(Base):
    """One option's count in a site's latest tally."""

    __tablename__ = "poll_site_counts"

    tally_id: Mapped[int] = mapped_column(
        ForeignKey("poll_site_tallies.id", ondelete="CASCADE"), primary_key=True
    )
    option_id: Mapped[int] = mapped_column(
        ForeignKey("poll_options.id", ondelete="CASCADE"), primary_key=True
    )
    count: Mapped[int] = mapped_column(default=0)


class PollTallyReport(Base):
    """Append-only log of tallies; ``applied`` says whether it set the site's counts."""

    __tablename__ = "poll_tally_reports"
    __table_args__ = (UniqueConstraint("seminar_site_id", "poll_id", "request_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    seminar_site_id: Mapped[int] = mapped_column(ForeignKey("seminar_sites.id", ondelete="CASCADE"))
    request_id: Mapped[str] = mapped_column(String(64))
    # {option_id: count} as sent (keys as strings, JSON).
    counts: Mapped[dict[str, int]] = mapped_column(JSON)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    applied: Mapped[bool]


class PollAnswer(Base):
    """One device's answer to a per_person poll (replaced until the poll closes)."""

    __tablename__ = "poll_answers"
    __table_args__ = (UniqueConstraint("poll_id", "device_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    # SHA-256 of the device key: the answer is anonymous, the key never stored.
    device_hash: Mapped[str] = mapped_column(String(64))
    option_ids: Mapped[list[int]] = mapped_column(JSON)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
