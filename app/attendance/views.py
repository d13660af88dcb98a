"""Reading the live state: a view's rows and totals, the public snapshot, the staff view."""

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance import live_messages as msg
from app.attendance.membership import view_scopes
from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.attendance.rollup import seminar_totals, subtree_totals
from app.auth.permissions import require_staff
from app.core.errors import NotFound
from app.seminars.access import require_member
from app.seminars.models import Seminar
from app.seminars.service import (
    REGISTERED_SITE_STATUSES,
    agenda_current,
    load_seminar,
    running_agenda_item,
)
from app.sites.models import Site
from app.users.models import User

if TYPE_CHECKING:
    from app.realtime.publisher import LivePublisher

St = SeminarSiteStatus


# The coordinator a site registered with, else the directory's (to phone sites that
# have not registered yet).
_PERSONAL_COLUMNS = (
    SeminarSite.expected_attendees,
    SeminarSite.checked_in_at,
    SeminarSite.last_report_at,
    func.coalesce(SeminarSite.coordinator_name, Site.coordinator_name),
    func.coalesce(SeminarSite.coordinator_phone, Site.coordinator_phone),
)


async def view_rows(
    session: AsyncSession, seminar_id: int, scope: int | None, *, personal: bool
) -> list[dict[str, Any]]:
    """The direct children of ``scope`` (None: the top level), Vietnamese order.

    Read as plain columns, not ORM objects: a national view lists tens of thousands of
    sites and the snapshot must stay fast. ``personal`` adds the coordinator's contact
    and the organizers' columns (staff only).
    """
    columns = [
        SeminarSite.site_id,
        Site.code,
        Site.name,
        SeminarSite.status,
        SeminarSite.subtree_headcount,
        SeminarSite.headcount,
        SeminarSite.peak_headcount,
        SeminarSite.is_main,
        SeminarSite.parent_site_id,
        SeminarSite.children_count,
    ]
    if personal:
        columns.extend(_PERSONAL_COLUMNS)
    parent = (
        SeminarSite.parent_site_id.is_(None)
        if scope is None
        else SeminarSite.parent_site_id == scope
    )
    result = await session.execute(
        select(*columns)
        .join(Site, Site.id == SeminarSite.site_id)
        .where(SeminarSite.seminar_id == seminar_id, parent)
        .order_by(SeminarSite.is_main.desc(), Site.sort_key, Site.id)
    )
    rows = []
    for r in result:
        row = {
            "id": r[0],
            "code": r[1],
            "name": r[2],
            "status": r[3].value,
            "headcount": r[4],
            "own_headcount": r[5] if r[3] == St.checked_in else 0,
            "peak_headcount": r[6],
            "is_main": r[7],
            "parent_id": r[8],
            "children": r[9],
        }
        if personal:
            row.update(
                expected_attendees=r[10],
                checked_in_at=r[11].isoformat() if r[11] else None,
                last_report_at=r[12].isoformat() if r[12] else None,
                coordinator_name=r[13],
                coordinator_phone=r[14],
            )
        rows.append(row)
    return rows


async def view_totals(session: AsyncSession, seminar: Seminar, scope: int | None) -> dict[str, Any]:
    """The totals of a view: the seminar's, or one subtree's (404 if not participating)."""
    if scope is None:
        return seminar_totals(seminar)
    root = await session.scalar(
        select(SeminarSite).where(
            SeminarSite.seminar_id == seminar.id, SeminarSite.site_id == scope
        )
    )
    if root is None:
        raise NotFound(msg.SITE_NOT_PARTICIPATING, site_id=scope, seminar_id=seminar.id)
    members = list(
        (
            await session.execute(
                select(SeminarSite.status, SeminarSite.is_main, SeminarSite.expected_attendees)
                .where(SeminarSite.seminar_id == seminar.id)
                .where((SeminarSite.id == root.id) | SeminarSite.rollup_path.like(f"%/{root.id}/%"))
            )
        ).all()
    )
    remote = [m for m in members if not m.is_main]
    return {
        **subtree_totals(root),
        "sites_invited": len(remote),
        "sites_registered": sum(1 for m in remote if m.status in REGISTERED_SITE_STATUSES),
        "peak_at": None,
        "expected_attendance": sum(m.expected_attendees or 0 for m in members) or None,
    }


async def live_snapshot(
    session: AsyncSession, seminar_id: int, scope: int | None
) -> dict[str, Any]:
    """A public view's snapshot (no personal data); 404 when the scope is not a site of it."""
    seminar = await session.get(Seminar, seminar_id)
    if seminar is None:
        raise NotFound(msg.SEMINAR_NOT_FOUND, seminar_id=seminar_id)
    totals = await view_totals(session, seminar, scope)
    return {
        "seminar": {"id": seminar.id, "title": seminar.title, "status": seminar.status.value},
        "scope": scope,
        "totals": totals,
        "sites": await view_rows(session, seminar.id, scope, personal=False),
        "agenda": {"current": agenda_current(await running_agenda_item(session, seminar.id))},
    }


async def staff_attendance(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    scope: int | None,
    publisher: "LivePublisher",
) -> dict[str, Any]:
    """What the database says now, for organizers: totals and each listed site's details."""
    require_staff(actor)
    member = await require_member(session, actor, seminar_id)
    scopes = await view_scopes(session, member, seminar_id, scope)
    inside = await member.site_ids(session)
    seminar = await load_seminar(session, seminar_id)
    return {
        "version": await publisher.version(seminar_id, scope),
        "totals": await view_totals(session, seminar, scope),
        "sites": [
            row
            for at in scopes
            for row in await view_rows(session, seminar_id, at, personal=True)
            if inside is None or row["id"] in inside
        ],
    }
