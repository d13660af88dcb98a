"""Who may act on a seminar: admins on all, organizers on those they are members of.

The one check every seminar-scoped service calls. A non-member gets 404, the same answer
as for a seminar that does not exist (its existence is not revealed). A member limited
to a subtree of sites reads the seminar and acts on the sites of that subtree only:
sites outside it answer 404 like sites that do not take part, and actions on the whole
seminar (its details, status, agenda, papers, reports, members) answer 403.
"""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, exists, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.auth.permissions import require_staff
from app.core.errors import Forbidden, NotFound
from app.seminars.member_messages import MEMBER_LIMITED, SEMINAR_NOT_MEMBER, SITE_OUTSIDE_SUBTREE
from app.seminars.models import Seminar, SeminarMember
from app.sites.models import Site
from app.users.models import Role, User


def subtree_ids(root_id: int) -> Select[tuple[int]]:
    """``root_id`` and every site below it, as a subquery (one recursive CTE)."""
    tree = select(Site.id).where(Site.id == root_id).cte(recursive=True)
    child = aliased(Site)
    tree = tree.union_all(select(child.id).join(tree, child.parent_id == tree.c.id))
    return select(tree.c.id)


@dataclass(frozen=True)
class Membership:
    """The actor's standing in one seminar; ``subtree_site_id`` None: every site."""

    seminar_id: int
    subtree_site_id: int | None = None
    subtree_name: str | None = None

    @property
    def limited(self) -> bool:
        return self.subtree_site_id is not None

    def require_unlimited(self) -> None:
        """403 for a member limited to a subtree (an action on the whole seminar)."""
        if self.subtree_site_id is not None:
            raise Forbidden(MEMBER_LIMITED, site_name=self.subtree_name)

    def site_filter(self, column: ColumnElement[int]) -> ColumnElement[bool]:
        """A WHERE clause keeping the sites this member may see (``column``: a site id)."""
        if self.subtree_site_id is None:
            return true()
        return column.in_(subtree_ids(self.subtree_site_id))

    async def covers(self, session: AsyncSession, site_id: int) -> bool:
        if self.subtree_site_id is None:
            return True
        inside = subtree_ids(self.subtree_site_id).subquery()
        return bool(await session.scalar(select(exists().where(inside.c.id == site_id))))

    async def require_site(self, session: AsyncSession, site_id: int) -> None:
        """404 for a site outside the member's subtree."""
        if not await self.covers(session, site_id):
            raise NotFound(SITE_OUTSIDE_SUBTREE, site_id=site_id, site_name=self.subtree_name)

    async def require_sites(self, session: AsyncSession, site_ids: list[int]) -> None:
        """404 naming the first of ``site_ids`` outside the member's subtree."""
        inside = await self.site_ids(session)
        outside = [i for i in site_ids if inside is not None and i not in inside]
        if outside:
            raise NotFound(SITE_OUTSIDE_SUBTREE, site_id=outside[0], site_name=self.subtree_name)

    async def site_ids(self, session: AsyncSession) -> frozenset[int] | None:
        """The ids of the subtree (None: every site), for filtering rows already read."""
        if self.subtree_site_id is None:
            return None
        return frozenset(await session.scalars(subtree_ids(self.subtree_site_id)))


async def membership(session: AsyncSession, actor: User, seminar_id: int) -> Membership | None:
    """The actor's membership of the seminar (admins: unlimited everywhere), or None."""
    if actor.role == Role.admin:
        return Membership(seminar_id)
    row = (
        await session.execute(
            select(SeminarMember.subtree_site_id, Site.name)
            .outerjoin(Site, Site.id == SeminarMember.subtree_site_id)
            .where(SeminarMember.seminar_id == seminar_id, SeminarMember.user_id == actor.id)
        )
    ).one_or_none()
    if row is None:
        return None
    return Membership(seminar_id, row[0], row[1])


async def require_member(
    session: AsyncSession, actor: User, seminar_id: int, *, unlimited: bool = False
) -> Membership:
    """The actor's membership, or 404 (not a member: as if the seminar did not exist).

    ``unlimited``: the action concerns the whole seminar, 403 for a subtree member.
    """
    require_staff(actor)
    found = await membership(session, actor, seminar_id)
    if found is None:
        raise NotFound(SEMINAR_NOT_MEMBER, seminar_id=seminar_id)
    if unlimited:
        found.require_unlimited()
    return found


async def can_review(session: AsyncSession, actor: User, seminar_id: int) -> bool:
    """True for admins and unlimited members (papers are not tied to sites)."""
    if actor.role not in (Role.admin, Role.organizer):
        return False
    found = await membership(session, actor, seminar_id)
    return found is not None and not found.limited


def seminars_of(actor: User) -> ColumnElement[bool]:
    """A WHERE clause on Seminar.id keeping the seminars the actor may see."""
    if actor.role == Role.admin:
        return true()
    mine = select(SeminarMember.seminar_id).where(SeminarMember.user_id == actor.id)
    return Seminar.id.in_(mine)
