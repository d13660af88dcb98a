"""Reading the live state: a view's rows and totals, the public snapshot, the staff view."""

from typing import Any

from sqlalchemy import Result, Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance import live_messages as msg
from app.attendance.membership import view_scopes
from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.attendance.ports import LiveEvents
from app.attendance.rollup import seminar_totals, subtree_totals
from app.attendance.wire import (
    Attendance,
    LiveSiteRow,
    LiveSnapshot,
    LiveStaffSiteRow,
    LiveTotals,
)
from app.auth.permissions import require_staff
from app.core.errors import NotFound
from app.seminars.access import require_member
from app.seminars.agenda import agenda_current, running_agenda_item
from app.seminars.models import Seminar
from app.seminars.service import REGISTERED_SITE_STATUSES, load_seminar
from app.sites.models import Site
from app.users.models import User

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


# A public row's columns, in LiveSiteRow's order (``_public_row`` reads them by index).
_ROW_COLUMNS = (
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
)


async def _children(
    session: AsyncSession, seminar_id: int, scope: int | None, *extra: Any
) -> Result[Any]:
    """The direct children of ``scope`` (None: the top level), Vietnamese order.

    Read as plain columns, not ORM objects: a national view lists tens of thousands of
    sites and the snapshot must stay fast.
    """
    parent = (
        SeminarSite.parent_site_id.is_(None)
        if scope is None
        else SeminarSite.parent_site_id == scope
    )
    return await session.execute(
        select(*_ROW_COLUMNS, *extra)
        .join(Site, Site.id == SeminarSite.site_id)
        .where(SeminarSite.seminar_id == seminar_id, parent)
        .order_by(SeminarSite.is_main.desc(), Site.sort_key, Site.id)
    )


def _public_row(r: Row[Any]) -> LiveSiteRow:
    return LiveSiteRow(
        id=r[0],
        code=r[1],
        name=r[2],
        status=r[3],
        headcount=r[4],
        own_headcount=r[5] if r[3] == St.checked_in else 0,
        peak_headcount=r[6],
        is_main=r[7],
        parent_id=r[8],
        children=r[9],
    )


async def view_rows(session: AsyncSession, seminar_id: int, scope: int | None) -> list[LiveSiteRow]:
    """A view's rows as everyone sees them (no personal data)."""
    return [_public_row(r) for r in await _children(session, seminar_id, scope)]


async def staff_rows(
    session: AsyncSession, seminar_id: int, scope: int | None
) -> list[LiveStaffSiteRow]:
    """A view's rows for organizers: with the coordinator's contact and the timestamps."""
    return [
        LiveStaffSiteRow(
            **_public_row(r),
            expected_attendees=r[10],
            checked_in_at=r[11].isoformat() if r[11] else None,
            last_report_at=r[12].isoformat() if r[12] else None,
            coordinator_name=r[13],
            coordinator_phone=r[14],
        )
        for r in await _children(session, seminar_id, scope, *_PERSONAL_COLUMNS)
    ]


async def view_totals(session: AsyncSession, seminar: Seminar, scope: int | None) -> LiveTotals:
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
    return LiveTotals(
        **subtree_totals(root),
        sites_invited=len(remote),
        sites_registered=sum(1 for m in remote if m.status in REGISTERED_SITE_STATUSES),
        peak_at=None,
        expected_attendance=sum(m.expected_attendees or 0 for m in members) or None,
    )


async def live_snapshot(session: AsyncSession, seminar_id: int, scope: int | None) -> LiveSnapshot:
    """A public view's snapshot (no personal data); 404 when the scope is not a site of it.

    ``version`` is 0 here: the publisher sets the view's version when it sends it.
    """
    seminar = await session.get(Seminar, seminar_id)
    if seminar is None:
        raise NotFound(msg.SEMINAR_NOT_FOUND, seminar_id=seminar_id)
    totals = await view_totals(session, seminar, scope)
    return LiveSnapshot(
        version=0,
        seminar={"id": seminar.id, "title": seminar.title, "status": seminar.status},
        scope=scope,
        totals=totals,
        sites=await view_rows(session, seminar.id, scope),
        agenda={"current": agenda_current(await running_agenda_item(session, seminar.id))},
    )


async def staff_attendance(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    scope: int | None,
    events: LiveEvents,
) -> Attendance:
    """What the database says now, for organizers: totals and each listed site's details."""
    require_staff(actor)
    member = await require_member(session, actor, seminar_id)
    scopes = await view_scopes(session, member, seminar_id, scope)
    inside = await member.site_ids(session)
    seminar = await load_seminar(session, seminar_id)
    sites: list[LiveStaffSiteRow] = [
        row
        for at in scopes
        for row in await staff_rows(session, seminar_id, at)
        if inside is None or row["id"] in inside
    ]
    # model_construct: the rows are typed by construction; validating them again on the
    # way in would double the cost of a national view (response_model checks the answer).
    return Attendance.model_construct(
        version=await events.version(seminar_id, scope),
        totals=await view_totals(session, seminar, scope),
        sites=sites,
    )
