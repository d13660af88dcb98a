"""The directory of connection points, a tree reused across seminars."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, UTCDateTime, enum_column_type, utcnow


class SiteLevel(StrEnum):
    central = "central"
    province = "province"
    district = "district"
    commune = "commune"
    unit = "unit"


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("sites.id", ondelete="RESTRICT"), index=True
    )
    level: Mapped[SiteLevel] = mapped_column(enum_column_type(SiteLevel), default=SiteLevel.unit)
    locality: Mapped[str | None] = mapped_column(String(200))
    coordinator_name: Mapped[str | None] = mapped_column(String(200))
    coordinator_phone: Mapped[str | None] = mapped_column(String(50))
    coordinator_email: Mapped[str | None] = mapped_column(String(254))
    capacity: Mapped[int | None]
    # Derived columns kept in step by the service: folded text for diacritic-insensitive
    # search, and a key whose binary order is the Vietnamese alphabetical order.
    search_text: Mapped[str] = mapped_column(String(1000))
    sort_key: Mapped[str] = mapped_column(String(2000), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
