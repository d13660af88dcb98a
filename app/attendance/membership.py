"""What a seminar member limited to a subtree sees of the live attendance views."""

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.seminars.access import Membership


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
    inside = member.site_filter(SeminarSite.site_id)
    parents = await session.scalars(
        select(SeminarSite.parent_site_id)
        .where(SeminarSite.seminar_id == seminar_id, inside)
        .where(
            or_(
                SeminarSite.parent_site_id.is_(None),
                ~member.site_filter(SeminarSite.parent_site_id),
            )
        )
        .distinct()
    )
    return sorted(set(parents), key=lambda p: (p is not None, p or 0))
