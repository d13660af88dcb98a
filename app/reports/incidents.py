"""The incidents part of the report: each incident with its duration, counts per site,
and how report.html and the minutes list them (24-hour times, dd/MM/yyyy)."""

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.core.vi_format import format_datetime, format_time, local
from app.incidents.models import Incident, IncidentKind
from app.sites.models import Site

if TYPE_CHECKING:
    from app.reports.schemas import SeminarReport

INCIDENT_KIND = {
    "audio": "Mất tiếng",
    "video": "Mất hình",
    "network": "Mất kết nối",
    "other": "Khác",
}


class IncidentLine(BaseModel):
    site_id: int
    site_name: str
    kind: IncidentKind
    note: str | None
    opened_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    minutes: int | None = Field(
        description="Opened to resolved, whole minutes half up (None: not resolved)"
    )


class IncidentFigures(BaseModel):
    total: int
    items: list[IncidentLine] = Field(description="In the order they were opened")


def duration_minutes(opened: datetime, resolved: datetime | None) -> int | None:
    if resolved is None:
        return None
    return int(((resolved - opened).total_seconds() + 30) // 60)


async def incident_figures(
    session: AsyncSession, seminar_id: int
) -> tuple[IncidentFigures, Counter[int]]:
    """The seminar's incidents, and how many each participation (SeminarSite id) had."""
    rows = await session.execute(
        select(Incident, Site)
        .join(SeminarSite, SeminarSite.id == Incident.seminar_site_id)
        .join(Site, Site.id == SeminarSite.site_id)
        .where(Incident.seminar_id == seminar_id)
        .order_by(Incident.opened_at, Incident.id)
    )
    items: list[IncidentLine] = []
    per_row: Counter[int] = Counter()
    for incident, site in rows:
        per_row[incident.seminar_site_id] += 1
        items.append(
            IncidentLine(
                site_id=site.id,
                site_name=site.name,
                kind=incident.kind,
                note=incident.note,
                opened_at=incident.opened_at,
                acknowledged_at=incident.acknowledged_at,
                resolved_at=incident.resolved_at,
                minutes=duration_minutes(incident.opened_at, incident.resolved_at),
            )
        )
    return IncidentFigures(total=len(items), items=items), per_row


def incident_period(line: IncidentLine, timezone: str) -> str:
    """ "19/07/2026 08:40 – 08:52 (12 phút)", or "… – chưa khắc phục"."""
    opened = format_datetime(line.opened_at, timezone)
    if line.resolved_at is None:
        return f"{opened} – chưa khắc phục"
    same_day = local(line.opened_at, timezone).date() == local(line.resolved_at, timezone).date()
    end = (format_time if same_day else format_datetime)(line.resolved_at, timezone)
    return f"{opened} – {end} ({line.minutes} phút)"


def minutes_incidents(doc: Any, report: "SeminarReport", para: Callable[..., Any]) -> None:
    """The minutes' paragraph on incidents (after the discussion)."""
    figures = report.incidents
    para(doc, f"4. Sự cố kỹ thuật ({figures.total})", bold=True, italic=True)
    if not figures.items:
        para(doc, "Không có sự cố kỹ thuật nào được báo.")
        return
    tz = report.seminar.timezone
    for number, line in enumerate(figures.items, start=1):
        what = INCIDENT_KIND[line.kind.value] + (f": {line.note}" if line.note else "")
        para(doc, f"{number}. {line.site_name} – {what}, {incident_period(line, tz)}.")
