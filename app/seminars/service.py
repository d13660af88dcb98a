"""Seminars (the status machine, times, slug, main hall) and their agenda.

Every function takes the acting user and checks the permission itself; the router only
parses and forwards. Agenda writes lock the seminar row first (``SELECT … FOR UPDATE``
on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already serialises writers) so that
concurrent edits keep the positions dense and unique.
"""

import re
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.attendance.ports import LiveEvents
from app.attendance.rebuild import rebuild_rollup
from app.attendance.rollup import seminar_totals
from app.attendance.transitions import site_move_allowed
from app.auth.permissions import require_staff
from app.core.config import get_settings
from app.core.db import utcnow
from app.core.errors import Conflict, Message, NotFound, Problem, Unprocessable, refuse_nulls
from app.core.schemas import Page
from app.core.security import hash_token, new_token
from app.core.text import fold
from app.seminars import messages as msg
from app.seminars.access import require_member, seminars_of
from app.seminars.models import AgendaItem, Seminar, SeminarMember, SeminarStatus
from app.seminars.schemas import (
    AgendaItemRead,
    PublicSeminar,
    SeminarCreate,
    SeminarPublicFields,
    SeminarRead,
    SeminarUpdate,
)
from app.sites.models import Site
from app.sites.schemas import SiteRef
from app.speaking.queue import announce, end_current
from app.users.models import User

S = SeminarStatus

# The seminar state machine of DESIGN.md, in one place.
SEMINAR_TRANSITIONS: dict[SeminarStatus, frozenset[SeminarStatus]] = {
    S.draft: frozenset({S.published, S.cancelled}),
    S.published: frozenset({S.live, S.cancelled}),
    S.live: frozenset({S.ended}),
    S.ended: frozenset(),
    S.cancelled: frozenset(),
}
EDITABLE_STATUSES = frozenset({S.draft, S.published, S.live})
# A site that has said yes (and may since have connected) counts as registered.
REGISTERED_SITE_STATUSES = (
    SeminarSiteStatus.registered,
    SeminarSiteStatus.checked_in,
    SeminarSiteStatus.disconnected,
)
_NOT_NULL_FIELDS = frozenset(
    {"title", "slug", "mode", "timezone", "starts_at", "submissions_open", "accepted_file_types"}
)


def check_seminar_transition(current: SeminarStatus, target: SeminarStatus) -> None:
    """Raise 409 unless the state machine allows ``current → target``."""
    allowed = SEMINAR_TRANSITIONS[current]
    if target in allowed:
        return
    if not allowed:
        raise Conflict(msg.SEMINAR_FINAL, current=current, target=target)
    moves = [s for s in SeminarStatus if s in allowed]
    raise Conflict(msg.SEMINAR_TRANSITION, current=current, target=target, allowed=moves)


def require_editable(seminar: Seminar, message: Message = msg.SEMINAR_CLOSED) -> None:
    """Ended and cancelled seminars are records: 409 on any change (``message`` says which)."""
    if seminar.status not in EDITABLE_STATUSES:
        raise Conflict(message, seminar_id=seminar.id, status=seminar.status)


# --- seminars ---------------------------------------------------------------------------


async def list_seminars(
    session: AsyncSession, actor: User, page: Page
) -> tuple[list[Seminar], int]:
    """The seminars the actor may see (admins: all), newest start first."""
    require_staff(actor)
    total = (
        await session.scalar(select(func.count()).select_from(Seminar).where(seminars_of(actor)))
        or 0
    )
    rows = await session.scalars(
        select(Seminar)
        .where(seminars_of(actor))
        .order_by(Seminar.starts_at.desc(), Seminar.id.desc())
        .limit(page.limit)
        .offset(page.offset)
    )
    return list(rows), total


async def load_seminar(
    session: AsyncSession, seminar_id: int, *, for_update: bool = False
) -> Seminar:
    """The seminar or 404; ``for_update`` locks its row so writers queue behind each other."""
    query = select(Seminar).where(Seminar.id == seminar_id)
    if for_update:
        query = query.with_for_update()
    seminar = await session.scalar(query)
    if seminar is None:
        raise NotFound(msg.SEMINAR_NOT_FOUND, seminar_id=seminar_id)
    return seminar


PUBLIC_STATUSES = frozenset({S.published, S.live, S.ended})


async def public_seminar(session: AsyncSession, slug: str) -> PublicSeminar:
    """A published (or live, or ended) seminar by slug, for anyone; 404 otherwise."""
    seminar = await session.scalar(select(Seminar).where(Seminar.slug == slug))
    if seminar is None or seminar.status not in PUBLIC_STATUSES:
        raise NotFound(msg.PUBLIC_SEMINAR_NOT_FOUND, slug=slug)
    from app.seminars.agenda import agenda_items  # agenda builds on this module

    items, _total = await agenda_items(session, seminar.id)
    return PublicSeminar.model_validate(
        {
            **SeminarPublicFields.model_validate(seminar).model_dump(),
            "agenda": [AgendaItemRead.of(item) for item in items],
            "totals": seminar_totals(seminar),
        }
    )


async def get_seminar(session: AsyncSession, actor: User, seminar_id: int) -> SeminarRead:
    """One seminar (its members and admins), with the subtree the actor is limited to."""
    require_staff(actor)
    member = await require_member(session, actor, seminar_id)
    seminar = await load_seminar(session, seminar_id)
    read = SeminarRead.model_validate(seminar)
    if member.subtree_site_id is not None:
        site = await session.get(Site, member.subtree_site_id)
        read.my_subtree = SiteRef.model_validate(site) if site is not None else None
    return read


async def my_subtrees(
    session: AsyncSession, actor: User, seminar_ids: list[int]
) -> dict[int, SiteRef]:
    """seminar id → the subtree the actor is limited to in it (absent: the whole seminar)."""
    if not seminar_ids:
        return {}
    rows = await session.execute(
        select(SeminarMember.seminar_id, Site)
        .join(Site, Site.id == SeminarMember.subtree_site_id)
        .where(SeminarMember.user_id == actor.id, SeminarMember.seminar_id.in_(seminar_ids))
    )
    return {seminar_id: SiteRef.model_validate(site) for seminar_id, site in rows}


def slug_from_title(title: str) -> str:
    """``Hội thảo Bắc Giang 2026`` → ``hoi-thao-bac-giang-2026`` (at most 80 characters)."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")
    return slug[:80].rstrip("-") or "hoi-thao"


async def _free_slug(session: AsyncSession, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not taken yet."""
    taken = set(
        await session.scalars(
            select(Seminar.slug).where((Seminar.slug == base) | Seminar.slug.like(f"{base}-%"))
        )
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _check_times(seminar: Seminar) -> None:
    """Cross-field rules on the (merged) times; 422 naming every rule broken."""
    problems = []
    opens = seminar.techcheck_opens_at
    if opens is not None and opens >= seminar.starts_at:
        problems.append(Problem(msg.TECHCHECK_AFTER_START, loc=("body", "techcheck_opens_at")))
    ends_at = seminar.ends_at
    if ends_at is None:
        if problems:
            raise Unprocessable(msg.TIMES_INCONSISTENT, problems=problems, errors=problems)
        return
    if ends_at <= seminar.starts_at:
        problems.append(Problem(msg.ENDS_BEFORE_START, loc=("body", "ends_at")))
    if _after(seminar.registration_closes_at, ends_at):
        loc = ("body", "registration_closes_at")
        problems.append(Problem(msg.REGISTRATION_CLOSES_AFTER_END, loc=loc))
    if _after(seminar.submissions_close_at, ends_at):
        loc = ("body", "submissions_close_at")
        problems.append(Problem(msg.SUBMISSIONS_CLOSE_AFTER_END, loc=loc))
    if problems:
        raise Unprocessable(msg.TIMES_INCONSISTENT, problems=problems, errors=problems)


def _after(moment: datetime | None, limit: datetime) -> bool:
    return moment is not None and moment > limit


async def _require_site(session: AsyncSession, site_id: int) -> None:
    if await session.get(Site, site_id) is None:
        raise Unprocessable(
            msg.MAIN_SITE_UNKNOWN,
            site_id=site_id,
            errors=[Problem(msg.MAIN_SITE_UNKNOWN, {"site_id": site_id}, loc=_MAIN_SITE_LOC)],
        )


_MAIN_SITE_LOC = ("body", "main_site_id")


async def _set_main_site(session: AsyncSession, seminar: Seminar, site_id: int | None) -> None:
    """Make ``site_id`` the seminar's main hall (a registered SeminarSite with is_main).

    The previous main row is removed, or demoted to a remote site if it already checked
    in (its attendance history must survive). If the new main site was invited as a
    remote site, that row is promoted. A moved main hall gets a fresh token: the old
    one pointed at another site. Organizers obtain the main hall's token by rotating it.
    """
    wanted = [SeminarSite.is_main.is_(True)]
    if site_id is not None:
        wanted.append(SeminarSite.site_id == site_id)
    rows = {
        row.site_id: row
        for row in await session.scalars(
            select(SeminarSite).where(SeminarSite.seminar_id == seminar.id, or_(*wanted))
        )
    }
    old_main = next((row for row in rows.values() if row.is_main), None)
    if old_main is not None and old_main.site_id != site_id:
        if old_main.checked_in_at is None:
            await session.delete(old_main)
        else:
            old_main.is_main = False
    seminar.main_site_id = site_id
    if site_id is None:
        return
    row = rows.get(site_id)
    now = utcnow()
    if row is None:
        sort_key = await session.scalar(select(Site.sort_key).where(Site.id == site_id))
        session.add(
            SeminarSite(
                seminar_id=seminar.id,
                site_id=site_id,
                is_main=True,
                status=SeminarSiteStatus.registered,
                registered_at=now,
                token_hash=hash_token(new_token()),
                sort_key=sort_key or "",
            )
        )
    elif not row.is_main:
        row.is_main = True
        target = SeminarSiteStatus.registered
        if row.status != target and site_move_allowed(row.status, target):
            row.status = SeminarSiteStatus.registered
            row.registered_at = now
            row.declined_at = None


def _slug_taken(slug: str) -> Conflict:
    return Conflict(
        msg.SLUG_TAKEN,
        slug=slug,
        errors=[Problem(msg.SLUG_TAKEN, {"slug": slug}, loc=("body", "slug"))],
    )


async def _commit_slug(session: AsyncSession, slug: str) -> None:
    """Commit; a concurrent writer taking the same slug (PostgreSQL) still gives 409."""
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise _slug_taken(slug) from None


async def create_seminar(session: AsyncSession, actor: User, data: SeminarCreate) -> Seminar:
    """Create a draft seminar; a main site given here is registered at once."""
    require_staff(actor)
    fields = data.model_dump(exclude={"main_site_id"})
    if data.slug is None:
        fields["slug"] = await _free_slug(session, slug_from_title(data.title))
    elif await session.scalar(select(Seminar.id).where(Seminar.slug == data.slug)):
        raise _slug_taken(data.slug)
    fields["timezone"] = data.timezone or get_settings().timezone
    seminar = Seminar(**fields, status=S.draft, created_by_id=actor.id)
    _check_times(seminar)
    if data.main_site_id is not None:
        await _require_site(session, data.main_site_id)
    session.add(seminar)
    try:
        await session.flush()  # its member (and main SeminarSite) rows need the seminar's id
    except IntegrityError:
        await session.rollback()
        raise _slug_taken(seminar.slug) from None
    # The creator runs the whole seminar until they add others (same transaction).
    session.add(SeminarMember(seminar_id=seminar.id, user_id=actor.id, added_by_id=actor.id))
    if data.main_site_id is not None:
        await _set_main_site(session, seminar, data.main_site_id)
        await session.flush()
        await rebuild_rollup(session, seminar.id)
    await _commit_slug(session, seminar.slug)
    return seminar


async def update_seminar(
    session: AsyncSession, actor: User, seminar_id: int, data: SeminarUpdate
) -> Seminar:
    """Edit a draft, published or live seminar; ended and cancelled ones answer 409."""
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    require_editable(seminar)
    changes = data.model_dump(exclude_unset=True)
    refuse_nulls(changes, _NOT_NULL_FIELDS)
    slug = changes.get("slug")
    if (
        slug is not None
        and slug != seminar.slug
        and await session.scalar(select(Seminar.id).where(Seminar.slug == slug))
    ):
        raise _slug_taken(slug)
    main_changes = "main_site_id" in changes and changes["main_site_id"] != seminar.main_site_id
    new_main = changes.pop("main_site_id", None)
    if main_changes:
        if seminar.status == S.live:
            raise Conflict(msg.MAIN_SITE_LOCKED)
        if new_main is not None:
            await _require_site(session, new_main)
    for field, value in changes.items():
        setattr(seminar, field, value)
    _check_times(seminar)
    if main_changes:
        await _set_main_site(session, seminar, new_main)
        await session.flush()
        await rebuild_rollup(session, seminar.id)
    await _commit_slug(session, seminar.slug)
    return seminar


async def change_seminar_status(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    target: SeminarStatus,
    publisher: LiveEvents,
) -> Seminar:
    """Publish, start, end or cancel, following SEMINAR_TRANSITIONS (409 otherwise).

    Ending a seminar also ends its running agenda item and its running speech. Every view
    of the seminar gets a ``seminar`` message (and an ``agenda`` one when an item was
    running, the speech's ``speaking`` ones when someone was speaking).
    """
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    check_seminar_transition(seminar.status, target)
    seminar.status = target
    now = utcnow()
    if target == S.live:
        seminar.started_at = now
    ended_running = False
    speech = None
    if target == S.ended:
        seminar.ended_at = now
        result = await session.execute(
            update(AgendaItem)
            .where(
                AgendaItem.seminar_id == seminar.id,
                AgendaItem.started_at.is_not(None),
                AgendaItem.ended_at.is_(None),
            )
            .values(ended_at=now)
            .execution_options(synchronize_session=False)
        )
        ended_running = bool(result.rowcount)
        speech = await end_current(session, seminar.id, now)
    await session.commit()
    await publisher.publish(seminar_id, "seminar", {"status": target.value})
    if target == S.ended and ended_running:
        await publisher.publish(seminar_id, "agenda", {"current": None})
    if target == S.ended and speech is not None:
        await announce(session, seminar_id, speech, publisher)
    return seminar
