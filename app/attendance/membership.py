"""What a seminar member limited to a subtree sees of the live attendance views."""

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.attendance.rollup import subtree_totals
from app.attendance.wire import LiveTotals
from app.seminars.access import Membership


def _highest_inside(member: Membership, seminar_id: int) -> list:
    """The member's highest participating sites: inside their subtree, with their
    seminar-tree parent outside it (or none)."""
    return [
        SeminarSite.seminar_id == seminar_id,
        member.site_filter(SeminarSite.site_id),
        or_(
            SeminarSite.parent_site_id.is_(None),
            ~member.site_filter(SeminarSite.parent_site_id),
        ),
    ]


async def view_scopes(
    session: AsyncSession, member: Membership, seminar_id: int, scope: int | None
) -> list[int | None]:
    """The view scopes whose rows make up ``scope`` for this member (404 outside).

    Unlimited members: ``scope`` itself. A limited member's top level (``scope`` None)
    is the highest participating sites of their subtree, found under their nearest
    participating ancestors (usually one: the province under the central site);
    callers keep only the member's sites of those scopes' rows.
    """
    if not member.limited:
        return [scope]
    if scope is not None:
        await member.require_site(session, scope)
        return [scope]
    parents = await session.scalars(
        select(SeminarSite.parent_site_id).where(*_highest_inside(member, seminar_id)).distinct()
    )
    return sorted(set(parents), key=lambda p: (p is not None, p or 0))


async def member_totals(session: AsyncSession, member: Membership, seminar_id: int) -> LiveTotals:
    """The totals of a limited member's subtree, from the counters of its highest
    participating sites (usually one row: the subtree's own site).

    With several such branches the counts add up; the peak is the highest one branch or
    their current sum reached (their peaks need not have been at the same time)."""
    rows = list(
        await session.scalars(select(SeminarSite).where(*_highest_inside(member, seminar_id)))
    )
    if len(rows) == 1:
        return subtree_totals(rows[0])
    parts = [subtree_totals(row) for row in rows]

    def total(key: str) -> int:
        return sum(part[key] or 0 for part in parts)  # type: ignore[literal-required]

    headcount = total("headcount")
    return LiveTotals(
        sites_connected=total("sites_connected"),
        headcount=headcount,
        peak_headcount=max([headcount, *(part["peak_headcount"] for part in parts)]),
        sites_invited=total("sites_invited"),
        sites_registered=total("sites_registered"),
        sites_waiting=total("sites_waiting"),
        peak_at=None,
        expected_attendance=total("expected_attendance") or None,
    )
