"""Seminars (the status machine, times, slug, main hall) and their agenda.

Every function takes the acting user and checks the permission itself; the router only
parses and forwards. Agenda writes lock the seminar row first (``SELECT … FOR UPDATE``
on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already serialises writers) so that
concurrent edits keep the positions dense and unique.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.attendance.ports import LiveEvents
from app.attendance.rollup import seminar_totals
from app.attendance.transitions import site_move_allowed
from app.attendance.wire import LiveAgendaItem
from app.auth.permissions import require_staff
from app.core.config import get_settings
from app.core.db import utcnow
from app.core.errors import Conflict, Message, NotFound, Problem, Unprocessable, refuse_nulls
from app.core.schemas import Page
from app.core.security import hash_token, new_token
from app.core.text import fold
from app.seminars import messages as msg
from app.seminars.access import require_member, seminars_of
from app.seminars.agenda_messages import (
    AGENDA_PAPER_ALREADY_PLACED,
    AGENDA_PAPER_NOT_IN_SEMINAR,
    AGENDA_PAPER_NOT_SUBMITTED,
)
from app.seminars.models import AgendaItem, Seminar, SeminarMember, SeminarStatus
from app.seminars.schemas import (
    AgendaItemCreate,
    AgendaItemRead,
    AgendaItemUpdate,
    PublicSeminar,
    SeminarCreate,
    SeminarPublicFields,
    SeminarUpdate,
)
from app.sites.models import Site
from app.submissions.models import Submission, SubmissionStatus
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


async def refresh_site_counts(session: AsyncSession, seminar: Seminar) -> None:
    """Recount the seminar's invited and registered remote sites into its columns.

    Called by every change of participation (invitations, registrations, the main hall);
    the caller commits. One aggregate over the seminar's rows: cheap next to how rarely
    registrations change, and it cannot drift.
    """
    await session.flush()
    remote = SeminarSite.is_main.is_(False)
    registered = remote & SeminarSite.status.in_(REGISTERED_SITE_STATUSES)
    invited, registered_count = (
        await session.execute(
            select(
                func.coalesce(func.sum(case((remote, 1), else_=0)), 0),
                func.coalesce(func.sum(case((registered, 1), else_=0)), 0),
            ).where(SeminarSite.seminar_id == seminar.id)
        )
    ).one()
    seminar.sites_invited = int(invited)
    seminar.sites_registered = int(registered_count)


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
    items, _total = await agenda_items(session, seminar.id)
    return PublicSeminar.model_validate(
        {
            **SeminarPublicFields.model_validate(seminar).model_dump(),
            "agenda": [AgendaItemRead.of(item) for item in items],
            "totals": seminar_totals(seminar),
        }
    )


async def get_seminar(session: AsyncSession, actor: User, seminar_id: int) -> Seminar:
    """One seminar (its members and admins)."""
    require_staff(actor)
    await require_member(session, actor, seminar_id)
    return await load_seminar(session, seminar_id)


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
    ends_at = seminar.ends_at
    if ends_at is None:
        return
    problems = []
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
        session.add(
            SeminarSite(
                seminar_id=seminar.id,
                site_id=site_id,
                is_main=True,
                status=SeminarSiteStatus.registered,
                registered_at=now,
                token_hash=hash_token(new_token()),
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
        await refresh_site_counts(session, seminar)
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
        await refresh_site_counts(session, seminar)
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

    Ending a seminar also ends its running agenda item. Every view of the seminar gets
    a ``seminar`` message (and an ``agenda`` one when an item was running).
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
    await session.commit()
    await publisher.publish(seminar_id, "seminar", {"status": target.value})
    if target == S.ended and ended_running:
        await publisher.publish(seminar_id, "agenda", {"current": None})
    return seminar


# --- agenda -----------------------------------------------------------------------------


async def list_agenda(
    session: AsyncSession, actor: User, seminar_id: int, page: Page
) -> tuple[list[AgendaItem], int]:
    """The agenda in programme order (staff only; the public view comes later)."""
    require_staff(actor)
    await require_member(session, actor, seminar_id)
    await load_seminar(session, seminar_id)
    return await agenda_items(session, seminar_id, page)


async def agenda_items(
    session: AsyncSession, seminar_id: int, page: Page | None = None
) -> tuple[list[AgendaItem], int]:
    """Agenda items of a seminar by position, without an authorization check."""
    query = select(AgendaItem).where(AgendaItem.seminar_id == seminar_id)
    total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
    query = query.order_by(AgendaItem.position)
    if page is not None:
        query = query.limit(page.limit).offset(page.offset)
    return list(await session.scalars(query)), total


async def _agenda_size(session: AsyncSession, seminar_id: int) -> int:
    return (
        await session.scalar(select(func.count()).where(AgendaItem.seminar_id == seminar_id)) or 0
    )


async def _shift(
    session: AsyncSession, seminar_id: int, low: int, high: int | None, delta: int
) -> None:
    """Add ``delta`` to the positions in ``[low, high]`` without breaking uniqueness.

    The unique (seminar_id, position) constraint is checked row by row on both SQLite
    and PostgreSQL, so a plain ``position + 1`` can collide half-way. Phase one parks
    the rows at their negated new positions (no live row is negative), phase two flips
    them back.
    """
    in_range = (AgendaItem.seminar_id == seminar_id) & (AgendaItem.position >= low)
    if high is not None:
        in_range &= AgendaItem.position <= high
    await session.execute(
        update(AgendaItem)
        .where(in_range)
        .values(position=-(AgendaItem.position + delta))
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(AgendaItem)
        .where(AgendaItem.seminar_id == seminar_id, AgendaItem.position < 0)
        .values(position=-AgendaItem.position)
        .execution_options(synchronize_session=False)
    )


async def _load_item(session: AsyncSession, seminar_id: int, item_id: int) -> AgendaItem:
    item = await session.scalar(
        select(AgendaItem).where(AgendaItem.id == item_id, AgendaItem.seminar_id == seminar_id)
    )
    if item is None:
        raise NotFound(msg.AGENDA_ITEM_NOT_FOUND, item_id=item_id, seminar_id=seminar_id)
    return item


def _check_position(position: int, highest: int) -> None:
    if position > highest:
        raise Unprocessable(
            msg.AGENDA_POSITION,
            highest=highest,
            errors=[Problem(msg.AGENDA_POSITION, {"highest": highest}, loc=("body", "position"))],
        )


async def create_agenda_item(
    session: AsyncSession, actor: User, seminar_id: int, data: AgendaItemCreate
) -> AgendaItem:
    """Append an item, or insert it at ``position`` and shift the later ones down."""
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    if data.submission_id is not None:
        await check_paper_link(session, seminar, data.submission_id)
    item = await insert_agenda_item(session, seminar, data)
    await session.commit()
    return item


async def insert_agenda_item(
    session: AsyncSession,
    seminar: Seminar,
    data: AgendaItemCreate,
    *,
    submission_id: int | None = None,
) -> AgendaItem:
    """Insert an item at ``data.position`` (default: the end), shifting later ones down.

    The one place positions are handed out. No permission check and no commit: the
    caller has checked the actor, locked the seminar row (``load_seminar(for_update=
    True)``) and commits, possibly together with other changes (a paper's decision).
    """
    require_editable(seminar, msg.SEMINAR_CLOSED_AGENDA)
    size = await _agenda_size(session, seminar.id)
    position = data.position or size + 1
    _check_position(position, size + 1)
    if position <= size:
        await _shift(session, seminar.id, position, None, +1)
    item = AgendaItem(
        seminar_id=seminar.id,
        submission_id=submission_id if submission_id is not None else data.submission_id,
        **data.model_dump(exclude={"position", "submission_id"}),
    )
    item.position = position
    session.add(item)
    await session.flush()
    return item


async def check_paper_link(session: AsyncSession, seminar: Seminar, submission_id: int) -> None:
    """A paper an item may present: of this seminar (422), sent, and on no other item (409)."""
    paper = await session.get(Submission, submission_id)
    if paper is None or paper.seminar_id != seminar.id:
        raise Unprocessable(AGENDA_PAPER_NOT_IN_SEMINAR, submission_id=submission_id)
    if paper.status in (SubmissionStatus.draft, SubmissionStatus.withdrawn):
        raise Conflict(AGENDA_PAPER_NOT_SUBMITTED, submission_id=submission_id, status=paper.status)
    placed = await session.scalar(
        select(AgendaItem.position).where(AgendaItem.submission_id == submission_id).limit(1)
    )
    if placed is not None:
        raise Conflict(AGENDA_PAPER_ALREADY_PLACED, submission_id=submission_id, position=placed)


async def update_agenda_item(
    session: AsyncSession, actor: User, seminar_id: int, item_id: int, data: AgendaItemUpdate
) -> AgendaItem:
    """Edit an item; a new ``position`` moves it and the items in between close up."""
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    require_editable(seminar, msg.SEMINAR_CLOSED_AGENDA)
    item = await _load_item(session, seminar_id, item_id)
    changes = data.model_dump(exclude_unset=True)
    refuse_nulls(changes, ("kind", "title", "position"))
    target = changes.pop("position", None)
    if target is not None and target != item.position:
        _check_position(target, await _agenda_size(session, seminar_id))
        current = item.position
        item.position = 0  # out of the way while the others move
        await session.flush()
        if target > current:
            await _shift(session, seminar_id, current + 1, target, -1)
        else:
            await _shift(session, seminar_id, target, current - 1, +1)
        item.position = target
    for field, value in changes.items():
        setattr(item, field, value)
    await session.commit()
    return item


async def delete_agenda_item(
    session: AsyncSession, actor: User, seminar_id: int, item_id: int
) -> None:
    """Remove an item and close the gap; the running item must be ended first (409)."""
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    require_editable(seminar, msg.SEMINAR_CLOSED_AGENDA)
    item = await _load_item(session, seminar_id, item_id)
    if item.started_at is not None and item.ended_at is None:
        raise Conflict(msg.AGENDA_ITEM_RUNNING, item_id=item_id)
    position = item.position
    await session.execute(delete(AgendaItem).where(AgendaItem.id == item.id))
    session.expunge(item)
    await _shift(session, seminar_id, position + 1, None, -1)
    await session.commit()


@dataclass(frozen=True)
class AgendaChange:
    """The outcome of a start/end: the item acted on and what is presenting now."""

    item: AgendaItem
    current: AgendaItem | None
    ended: AgendaItem | None = None


def agenda_current(item: AgendaItem | None) -> LiveAgendaItem | None:
    """The agenda item presenting now, as views show it."""
    if item is None:
        return None
    return LiveAgendaItem(
        id=item.id,
        title=item.title,
        kind=item.kind,
        speaker_name=item.speaker_name,
        speaker_unit=item.speaker_unit,
        submission_id=item.submission_id,
        started_at=item.started_at.isoformat() if item.started_at else None,
    )


async def running_agenda_item(session: AsyncSession, seminar_id: int) -> AgendaItem | None:
    """The item presenting now, if any."""
    return await session.scalar(
        select(AgendaItem).where(
            AgendaItem.seminar_id == seminar_id,
            AgendaItem.started_at.is_not(None),
            AgendaItem.ended_at.is_(None),
        )
    )


async def start_agenda_item(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    item_id: int,
    publisher: LiveEvents,
) -> AgendaChange:
    """Mark an item as now presenting; only while the seminar is live.

    An item linked to a paper also sets the paper's ``presented_at`` (first start only).

    Only one item runs at a time: starting an item ends the running one (its
    ``ended_at`` is the new item's ``started_at``). An item that already ran cannot be
    restarted (409). Every view of the seminar gets an ``agenda`` message.
    """
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    item = await _load_item(session, seminar_id, item_id)
    if seminar.status != S.live:
        raise Conflict(msg.AGENDA_SEMINAR_NOT_LIVE, status=seminar.status)
    if item.started_at is not None:
        running = item.ended_at is None
        raise Conflict(
            msg.AGENDA_ALREADY_RUNNING if running else msg.AGENDA_ALREADY_PRESENTED,
            item_id=item_id,
        )
    now = utcnow()
    previous = await running_agenda_item(session, seminar_id)
    if previous is not None:
        previous.ended_at = now
    item.started_at = now
    if item.submission_id is not None:
        # Same transaction as the start: the paper counts as presented exactly when its
        # item went on screen, and only the first time.
        await session.execute(
            update(Submission)
            .where(Submission.id == item.submission_id, Submission.presented_at.is_(None))
            .values(presented_at=now)
            .execution_options(synchronize_session=False)
        )
    await session.commit()
    await publisher.publish(seminar_id, "agenda", {"current": agenda_current(item)})
    return AgendaChange(item=item, current=item, ended=previous)


async def end_agenda_item(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    item_id: int,
    publisher: LiveEvents,
) -> AgendaChange:
    """End the running item; nothing is presenting afterwards (``current`` is None)."""
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    await load_seminar(session, seminar_id, for_update=True)
    item = await _load_item(session, seminar_id, item_id)
    if item.started_at is None or item.ended_at is not None:
        not_started = item.started_at is None
        raise Conflict(
            msg.AGENDA_NOT_STARTED if not_started else msg.AGENDA_ALREADY_ENDED, item_id=item_id
        )
    item.ended_at = utcnow()
    await session.commit()
    await publisher.publish(seminar_id, "agenda", {"current": None})
    return AgendaChange(item=item, current=None, ended=item)
