"""Reading the live state: a view's rows and totals, the public snapshot, the staff view."""

from typing import Any

from sqlalchemy import Result, Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance import live_messages as msg
from app.attendance.membership import member_totals, view_scopes
from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.attendance.ports import LiveEvents
from app.attendance.rollup import seminar_totals, subtree_totals
from app.attendance.wire import (
    Attendance,
    LivePathEntry,
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
from app.seminars.service import load_seminar
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
    Site.level,
    SeminarSite.sites_invited,
    SeminarSite.subtree_sites_connected,
    SeminarSite.sites_waiting,
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
        level=r[10],
        sites_invited=r[11],
        sites_connected=r[12],
        sites_waiting=r[13],
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
            expected_attendees=r[14],
            checked_in_at=r[15].isoformat() if r[15] else None,
            last_report_at=r[16].isoformat() if r[16] else None,
            coordinator_name=r[17],
            coordinator_phone=r[18],
        )
        for r in await _children(session, seminar_id, scope, *_PERSONAL_COLUMNS)
    ]


async def _scope_row(session: AsyncSession, seminar_id: int, scope: int) -> SeminarSite:
    row = await session.scalar(
        select(SeminarSite).where(
            SeminarSite.seminar_id == seminar_id, SeminarSite.site_id == scope
        )
    )
    if row is None:
        raise NotFound(msg.SITE_NOT_PARTICIPATING, site_id=scope, seminar_id=seminar_id)
    return row


async def view_totals(session: AsyncSession, seminar: Seminar, scope: int | None) -> LiveTotals:
    """The totals of a view: the seminar's, or one subtree's from the scope row's counters
    (one row, however large the subtree; 404 if the scope does not take part)."""
    if scope is None:
        return seminar_totals(seminar)
    return subtree_totals(await _scope_row(session, seminar.id, scope))


async def view_path(
    session: AsyncSession, seminar_id: int, scope: int | None
) -> list[LivePathEntry]:
    """The scope's participating ancestors, top level first, then the scope itself
    (empty for the whole seminar; 404 if the scope does not take part)."""
    if scope is None:
        return []
    row = await _scope_row(session, seminar_id, scope)
    chain = [*row.ancestor_ids, row.id]
    found = {
        r.id: LivePathEntry(id=r.site_id, code=r.code, name=r.name, level=r.level)
        for r in await session.execute(
            select(SeminarSite.id, SeminarSite.site_id, Site.code, Site.name, Site.level)
            .join(Site, Site.id == SeminarSite.site_id)
            .where(SeminarSite.id.in_(chain))
        )
    }
    return [found[i] for i in chain if i in found]


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
        path=await view_path(session, seminar.id, scope),
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
    # A limited member's whole view is their subtree: its totals, not the seminar's.
    if scope is None and member.limited:
        totals = await member_totals(session, member, seminar_id)
    else:
        totals = await view_totals(session, seminar, scope)
    # model_construct: the rows are typed by construction; validating them again on the
    # way in would double the cost of a national view (response_model checks the answer).
    return Attendance.model_construct(
        version=await events.version(seminar_id, scope),
        path=await view_path(session, seminar_id, scope),
        totals=totals,
        sites=sites,
    )
