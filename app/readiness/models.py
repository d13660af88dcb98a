"""Technical checks ("kiểm tra kỹ thuật") of a site before the start, and their log."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, UTCDateTime, enum_column_type


class Readiness(StrEnum):
    """A participation's latest technical check: none yet, all fine, or something wrong."""

    unchecked = "unchecked"
    ready = "ready"
    problem = "problem"


class CheckResult(StrEnum):
    ok = "ok"
    problem = "problem"


class TechCheck(Base):
    """Append-only log of a site's technical checks; the latest one counts."""

    __tablename__ = "techchecks"
    __table_args__ = (UniqueConstraint("seminar_site_id", "request_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_site_id: Mapped[int] = mapped_column(ForeignKey("seminar_sites.id", ondelete="CASCADE"))
    video: Mapped[CheckResult] = mapped_column(enum_column_type(CheckResult))
    audio: Mapped[CheckResult] = mapped_column(enum_column_type(CheckResult))
    network: Mapped[CheckResult] = mapped_column(enum_column_type(CheckResult))
    note: Mapped[str | None] = mapped_column(String(1000))
    rtt_ms: Mapped[int | None]
    request_id: Mapped[str] = mapped_column(String(64))
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def readiness(self) -> Readiness:
        fine = self.video == self.audio == self.network == CheckResult.ok
        return Readiness.ready if fine else Readiness.problem
