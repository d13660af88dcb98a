"""Rules of incidents: a site reports (idempotent, one open incident per kind),
organizers acknowledge and resolve (open → acknowledged → resolved, open → resolved).

Every change goes, after its commit, to the organizers' staff views covering the site
(``publish_staff``, with the directory site so limited members of its subtree get it)
and to the site's own pages (``publish_site``). Public views never get incidents.
"""

import uuid
from datetime import datetime

from sqlalchemy import Select, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.attendance.ports import LiveEvents
from app.attendance.service import SiteContext
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound
from app.core.schemas import Page
from app.core.vi_format import format_datetime
from app.incidents import messages as msg
from app.incidents.models import Incident, IncidentKind, IncidentStatus
from app.incidents.schemas import IncidentAction, IncidentRead, IncidentReport
from app.seminars.access import require_member
from app.seminars.models import Seminar, SeminarStatus
from app.sites.models import Site
from app.users.models import User

OPEN_STATUSES = (IncidentStatus.open, IncidentStatus.acknowledged)
# The console's order: what needs someone first, then what is being handled, then history.
STATUS_RANK = case(
    (Incident.status == IncidentStatus.open, 0),
    (Incident.status == IncidentStatus.acknowledged, 1),
    else_=2,
)


def _read(incident: Incident, site: Site) -> IncidentRead:
    return IncidentRead(
        id=incident.id,
        seminar_id=incident.seminar_id,
        seminar_site_id=incident.seminar_site_id,
        site_id=site.id,
        site_code=site.code,
        site_name=site.name,
        kind=incident.kind,
        note=incident.note,
        status=incident.status,
        opened_at=incident.opened_at,
        acknowledged_at=incident.acknowledged_at,
        acknowledge_note=incident.acknowledge_note,
        resolved_at=incident.resolved_at,
        resolution_note=incident.resolution_note,
    )


async def _publish(publisher: LiveEvents, read: IncidentRead) -> None:
    payload = {"incident": read.model_dump(mode="json")}
    await publisher.publish_staff(read.seminar_id, read.site_id, "incident", payload)
    await publisher.publish_site(read.seminar_site_id, "incident", payload)


async def _existing(
    session: AsyncSession, ctx: SiteContext, data: IncidentReport
) -> Incident | None:
    """The incident this report repeats: same request_id, or same kind still open."""
    row_id = ctx.participation.id
    same_request = await session.scalar(
        select(Incident).where(
            Incident.seminar_site_id == row_id, Incident.request_id == data.request_id
        )
    )
    if same_request is not None:
        return same_request
    return await session.scalar(
        select(Incident)
        .where(
            Incident.seminar_site_id == row_id,
            Incident.kind == data.kind,
            Incident.status.in_(OPEN_STATUSES),
        )
        .order_by(Incident.opened_at)
        .limit(1)
    )


async def report_incident(
    session: AsyncSession, ctx: SiteContext, data: IncidentReport, publisher: LiveEvents
) -> IncidentRead:
    """Open an incident, or answer the one this report repeats (nothing new is sent)."""
    if ctx.seminar.status in (SeminarStatus.ended, SeminarStatus.cancelled):
        raise Conflict(msg.INCIDENTS_CLOSED)
    # Reports of one site are serialised on its row (PostgreSQL; SQLite writes are serial):
    # two taps racing cannot both open the same kind.
    await session.execute(
        select(SeminarSite.id).where(SeminarSite.id == ctx.participation.id).with_for_update()
    )
    found = await _existing(session, ctx, data)
    if found is not None:
        read = _read(found, ctx.site)
        await session.rollback()  # release the row lock; nothing was written
        return read
    incident = Incident(
        seminar_id=ctx.seminar.id,
        seminar_site_id=ctx.participation.id,
        kind=data.kind,
        note=data.note or None,
        request_id=data.request_id,
        opened_at=utcnow(),
    )
    session.add(incident)
    try:
        await session.commit()
    except IntegrityError:
        # The same request_id committed meanwhile (a retry racing the original).
        await session.rollback()
        found = await _existing(session, ctx, data)
        if found is None:
            raise
        await session.refresh(ctx.site)  # expired by the rollback
        return _read(found, ctx.site)
    read = _read(incident, ctx.site)
    await _publish(publisher, read)
    return read


async def site_incidents(session: AsyncSession, ctx: SiteContext) -> list[IncidentRead]:
    """A site's own incidents, open ones first, newest first inside."""
    rows = await session.scalars(
        select(Incident)
        .where(Incident.seminar_site_id == ctx.participation.id)
        .order_by(STATUS_RANK, Incident.opened_at.desc(), Incident.id.desc())
    )
    return [_read(i, ctx.site) for i in rows]


def _with_site() -> Select[tuple[Incident, Site]]:
    return (
        select(Incident, Site)
        .join(SeminarSite, SeminarSite.id == Incident.seminar_site_id)
        .join(Site, Site.id == SeminarSite.site_id)
    )


async def list_incidents(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    status: IncidentStatus | None,
    page: Page,
) -> tuple[list[IncidentRead], int]:
    """The seminar's incidents a member may see (their subtree), open first."""
    member = await require_member(session, actor, seminar_id)
    query = _with_site().where(Incident.seminar_id == seminar_id, member.site_filter(Site.id))
    if status is not None:
        query = query.where(Incident.status == status)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(
        query.order_by(STATUS_RANK, Incident.opened_at.desc(), Incident.id.desc())
        .limit(page.limit)
        .offset(page.offset)
    )
    return [_read(i, s) for i, s in rows], total or 0


async def _for_update(
    session: AsyncSession, actor: User, seminar_id: int, incident_id: int
) -> tuple[Incident, Site, Seminar]:
    member = await require_member(session, actor, seminar_id)
    row = (
        await session.execute(
            _with_site()
            .add_columns(Seminar)
            .join(Seminar, Seminar.id == Incident.seminar_id)
            .where(Incident.id == incident_id, Incident.seminar_id == seminar_id)
            .with_for_update(of=Incident)
        )
    ).one_or_none()
    if row is None:
        raise NotFound(msg.INCIDENT_NOT_FOUND, incident_id=incident_id)
    incident, site, seminar = row
    await member.require_site(session, site.id)  # 404 outside a limited member's subtree
    return incident, site, seminar


# Per target state: the columns stamped when an incident gets there (when, by whom, the note).
_STAMPS = {
    IncidentStatus.acknowledged: ("acknowledged_at", "acknowledged_by_id", "acknowledge_note"),
    IncidentStatus.resolved: ("resolved_at", "resolved_by_id", "resolution_note"),
}


async def _move(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    incident_id: int,
    to: IncidentStatus,
    note: str | None,
    publisher: LiveEvents,
) -> IncidentRead:
    """To ``to``, stamped and published; 409 once resolved, or for a second acknowledgement."""
    incident, site, seminar = await _for_update(session, actor, seminar_id, incident_id)
    if incident.status == IncidentStatus.resolved:
        at = format_datetime(incident.resolved_at, seminar.timezone)
        raise Conflict(msg.INCIDENT_ALREADY_RESOLVED, at=at)
    if incident.status == to:  # only acknowledged can get here
        at = format_datetime(incident.acknowledged_at, seminar.timezone)
        raise Conflict(msg.INCIDENT_ALREADY_ACKNOWLEDGED, at=at)
    at_column, by_column, note_column = _STAMPS[to]
    incident.status = to
    setattr(incident, at_column, utcnow())
    setattr(incident, by_column, actor.id)
    setattr(incident, note_column, note or None)
    await session.commit()
    read = _read(incident, site)
    await _publish(publisher, read)
    return read


async def acknowledge_incident(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    incident_id: int,
    data: IncidentAction,
    publisher: LiveEvents,
) -> IncidentRead:
    """open → acknowledged (someone is on it)."""
    to = IncidentStatus.acknowledged
    return await _move(session, actor, seminar_id, incident_id, to, data.note, publisher)


async def resolve_incident(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    incident_id: int,
    data: IncidentAction,
    publisher: LiveEvents,
) -> IncidentRead:
    """open | acknowledged → resolved (final)."""
    to = IncidentStatus.resolved
    return await _move(session, actor, seminar_id, incident_id, to, data.note, publisher)


async def record_resolved_incident(
    session: AsyncSession,
    seminar_id: int,
    site_id: int,
    kind: IncidentKind,
    note: str | None,
    opened_at: datetime,
    resolved_at: datetime,
    resolution_note: str,
) -> Incident:
    """An incident already handled (the demo's reference seminar); nothing is published."""
    row_id = await session.scalar(
        select(SeminarSite.id).where(
            SeminarSite.seminar_id == seminar_id, SeminarSite.site_id == site_id
        )
    )
    incident = Incident(
        seminar_id=seminar_id,
        seminar_site_id=row_id,
        kind=kind,
        note=note,
        status=IncidentStatus.resolved,
        request_id=f"demo-{uuid.uuid4()}",
        opened_at=opened_at,
        acknowledged_at=opened_at + (resolved_at - opened_at) / 4,
        resolved_at=resolved_at,
        resolution_note=resolution_note,
    )
    session.add(incident)
    await session.commit()
    return incident
