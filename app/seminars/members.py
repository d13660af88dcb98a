"""Seminar members: listing, adding, limiting to a subtree and removing them.

Any member may see the list; managing it takes an unlimited member (or an admin). A
seminar always keeps at least one unlimited member, so that someone can run it without
an admin (409 on removing or limiting the last one). Changes lock the seminar row so
that two members removing each other cannot both succeed.
"""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.permissions import require_staff
from app.core.errors import Conflict, NotFound, Unprocessable
from app.core.schemas import Page
from app.core.text import fold
from app.seminars.access import require_member
from app.seminars.member_messages import (
    LAST_UNLIMITED_MEMBER,
    MEMBER_EXISTS,
    MEMBER_NOT_FOUND,
    MEMBER_NOT_ORGANIZER,
    MEMBER_SITE_UNKNOWN,
)
from app.seminars.models import SeminarMember
from app.seminars.schemas import (
    MemberCandidate,
    MemberCreate,
    MemberRead,
    MemberSite,
    MemberUpdate,
)
from app.seminars.service import load_seminar
from app.sites.models import Site
from app.users.models import Role, User


def _read(member: SeminarMember, user: User, site: Site | None) -> MemberRead:
    return MemberRead(
        user_id=user.id,
        full_name=user.full_name,
        email=user.email,
        role=user.role,
        unit=user.unit,
        subtree_site=MemberSite(id=site.id, code=site.code, name=site.name) if site else None,
        added_by_id=member.added_by_id,
        added_at=member.added_at,
    )


async def list_members(session: AsyncSession, actor: User, seminar_id: int) -> list[MemberRead]:
    """Every member, unlimited ones first, then by name (any member may look)."""
    await require_member(session, actor, seminar_id)
    await load_seminar(session, seminar_id)
    rows = await session.execute(
        select(SeminarMember, User, Site)
        .join(User, User.id == SeminarMember.user_id)
        .outerjoin(Site, Site.id == SeminarMember.subtree_site_id)
        .where(SeminarMember.seminar_id == seminar_id)
        .order_by(SeminarMember.subtree_site_id.is_not(None), User.full_name, User.id)
    )
    return [_read(member, user, site) for member, user, site in rows.all()]


async def _site(session: AsyncSession, site_id: int | None) -> Site | None:
    if site_id is None:
        return None
    site = await session.get(Site, site_id)
    if site is None:
        raise Unprocessable(MEMBER_SITE_UNKNOWN, site_id=site_id)
    return site


async def _member(
    session: AsyncSession, seminar_id: int, user_id: int
) -> tuple[SeminarMember, User]:
    row = (
        await session.execute(
            select(SeminarMember, User)
            .join(User, User.id == SeminarMember.user_id)
            .where(SeminarMember.seminar_id == seminar_id, SeminarMember.user_id == user_id)
        )
    ).one_or_none()
    if row is None:
        raise NotFound(MEMBER_NOT_FOUND, user_id=user_id)
    return row[0], row[1]


async def _keep_one_unlimited(
    session: AsyncSession, seminar_id: int, member: SeminarMember, user: User
) -> None:
    """409 when ``member`` is the seminar's last active unlimited member."""
    if member.subtree_site_id is not None:
        return
    others = await session.scalar(
        select(func.count())
        .select_from(SeminarMember)
        .join(User, User.id == SeminarMember.user_id)
        .where(
            SeminarMember.seminar_id == seminar_id,
            SeminarMember.subtree_site_id.is_(None),
            SeminarMember.id != member.id,
            User.is_active,
            User.role == Role.organizer,
        )
    )
    if not others:
        raise Conflict(LAST_UNLIMITED_MEMBER, name=user.full_name)


async def add_member(
    session: AsyncSession, actor: User, seminar_id: int, data: MemberCreate
) -> MemberRead:
    """Add an active organizer, for the whole seminar or one subtree of sites."""
    await require_member(session, actor, seminar_id, unlimited=True)
    await load_seminar(session, seminar_id, for_update=True)
    user = await session.get(User, data.user_id)
    if user is None or user.role != Role.organizer or not user.is_active:
        raise Unprocessable(MEMBER_NOT_ORGANIZER, user_id=data.user_id)
    site = await _site(session, data.subtree_site_id)
    taken = await session.scalar(
        select(SeminarMember.id).where(
            SeminarMember.seminar_id == seminar_id, SeminarMember.user_id == user.id
        )
    )
    if taken:
        raise Conflict(MEMBER_EXISTS, name=user.full_name)
    member = SeminarMember(
        seminar_id=seminar_id,
        user_id=user.id,
        subtree_site_id=data.subtree_site_id,
        added_by_id=actor.id,
    )
    session.add(member)
    try:
        await session.commit()
    except IntegrityError:  # added concurrently (PostgreSQL; SQLite serialises writers)
        await session.rollback()
        raise Conflict(MEMBER_EXISTS, name=user.full_name) from None
    return _read(member, user, site)


async def update_member(
    session: AsyncSession, actor: User, seminar_id: int, user_id: int, data: MemberUpdate
) -> MemberRead:
    """Limit a member to a subtree of sites, or (null) give them the whole seminar."""
    await require_member(session, actor, seminar_id, unlimited=True)
    await load_seminar(session, seminar_id, for_update=True)
    member, user = await _member(session, seminar_id, user_id)
    site = await _site(session, data.subtree_site_id)
    if data.subtree_site_id is not None:
        await _keep_one_unlimited(session, seminar_id, member, user)
    member.subtree_site_id = data.subtree_site_id
    await session.commit()
    return _read(member, user, site)


async def remove_member(session: AsyncSession, actor: User, seminar_id: int, user_id: int) -> None:
    """Remove a member (oneself too), keeping at least one unlimited member."""
    await require_member(session, actor, seminar_id, unlimited=True)
    await load_seminar(session, seminar_id, for_update=True)
    member, user = await _member(session, seminar_id, user_id)
    await _keep_one_unlimited(session, seminar_id, member, user)
    await session.delete(member)
    await session.commit()


async def member_candidates(
    session: AsyncSession, actor: User, seminar_id: int, q: str | None, page: Page
) -> tuple[list[MemberCandidate], int]:
    """Active organizers not yet members, matching every word of ``q`` (name, e-mail, unit).

    The console's picker: ``GET /users`` stays admin-only, this shows organizers only
    their colleagues' names and e-mails. Filtered in Python: diacritics-insensitive, and
    an organisation has tens of organizers, not thousands.
    """
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    await load_seminar(session, seminar_id)
    members = select(SeminarMember.user_id).where(SeminarMember.seminar_id == seminar_id)
    users = await session.scalars(
        select(User)
        .where(User.role == Role.organizer, User.is_active, User.id.not_in(members))
        .order_by(User.full_name, User.id)
    )
    words = fold(q or "").split()
    found = [
        user
        for user in users
        if all(w in fold(f"{user.full_name} {user.email} {user.unit or ''}") for w in words)
    ]
    chosen = found[page.offset : page.offset + page.limit]
    return [
        MemberCandidate(id=u.id, full_name=u.full_name, email=u.email, unit=u.unit) for u in chosen
    ], len(found)
