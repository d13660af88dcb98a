"""Registrations: inviting sites, their check-in tokens, and the site-side register/decline.

Organizer functions take the acting user and check the permission; site functions take
the ``SiteContext`` resolved from the ``X-Site-Token`` header and can only ever touch
that one participation row.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance import messages as msg
from app.attendance.live import attendance_closed_reason
from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.attendance.ports import LiveEvents
from app.attendance.rebuild import insert_participations, rebuilt_changes
from app.attendance.rollup import BULK_ROWS, SiteRollup, lock_rollup
from app.attendance.schemas import (
    InviteRequest,
    Participation,
    RegisterRequest,
    SeminarSiteUpdate,
    SiteIdentity,
    SiteSeminar,
    SiteToken,
    SiteView,
)
from app.attendance.transitions import check_site_transition
from app.auth.permissions import require_staff
from app.core.db import refresh_statistics, utcnow
from app.core.errors import Conflict, NotFound, Problem, Unprocessable
from app.core.security import hash_token, new_token
from app.core.vi_format import format_datetime
from app.readiness.rules import techcheck_opens_at
from app.seminars.access import Membership, require_member
from app.seminars.agenda import agenda_items
from app.seminars.messages import SEMINAR_CLOSED_INVITATIONS
from app.seminars.models import Seminar, SeminarStatus
from app.seminars.schemas import AgendaItemRead
from app.seminars.service import load_seminar, require_editable
from app.sites.models import Site
from app.sites.service import directory_entries, subtree_entries
from app.users.models import User

St = SeminarSiteStatus

_REGISTRATION_STATUSES = frozenset({SeminarStatus.published, SeminarStatus.live})


def registration_closed_reason(seminar: Seminar, now: datetime) -> Conflict | None:
    """None while registration is open, else the 409 saying why it is closed."""
    if seminar.status not in _REGISTRATION_STATUSES:
        return Conflict(msg.REGISTRATION_CLOSED_STATUS, status=seminar.status)
    closes_at = seminar.registration_closes_at
    if closes_at is not None and now >= closes_at:
        return Conflict(
            msg.REGISTRATION_CLOSED_AT,
            closes_at=format_datetime(closes_at, seminar.timezone),
            timezone=seminar.timezone,
        )
    return None


def checkin_url(base_url: str, token: str) -> str:
    """The link handed to a site; the token sits in the fragment, out of server logs."""
    return f"{base_url.rstrip('/')}/site#{token}"


def _unknown_branch(site_id: int, loc: tuple[str | int, ...]) -> Unprocessable:
    return Unprocessable(
        msg.INVITE_SUBTREE_UNKNOWN,
        site_id=site_id,
        errors=[Problem(msg.INVITE_SUBTREE_UNKNOWN, {"site_id": site_id}, loc=loc)],
    )


async def _invited_entries(
    session: AsyncSession, member: Membership, data: InviteRequest
) -> dict[int, Any]:
    """The directory entries ``data`` names, by id (order kept, duplicates and overlapping
    branches once); 422 for an unknown site or branch, 404 for one outside the member's
    subtree."""
    branches = data.branches
    if branches is None:
        ids = list(dict.fromkeys(data.site_ids or []))  # de-duplicated, order kept
        entries = await directory_entries(session, ids)
        unknown = sorted(set(ids) - set(entries))
        if unknown:
            raise Unprocessable(msg.INVITE_UNKNOWN_SITES, site_ids=unknown)
        await member.require_sites(session, ids)
        return {site_id: entries[site_id] for site_id in ids}
    entries = {}
    for index, root in enumerate(branches):
        found = await subtree_entries(session, root)
        if not found:
            one = data.subtree_of is not None
            loc = ("body", "subtree_of") if one else ("body", "subtrees_of", index)
            raise _unknown_branch(root, loc)
        for row in found:
            entries.setdefault(row.id, row)
    await member.require_sites(session, branches)
    return entries


async def invite_sites(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    data: InviteRequest,
    base_url: str,
    publisher: LiveEvents,
) -> list[SiteToken]:
    """Invite sites by id, a whole subtree or several: one transaction, all or nothing;
    each new site's token is returned once, with its code, name and locality.

    Sites already taking part (the main hall included) are skipped and not in the
    answer: their tokens cannot be shown again, only rotated. Unknown ids → 422 listing
    them, nothing invited. Ended or cancelled seminars → 409. A member limited to a
    subtree invites only sites of it (404 naming the first one outside).
    """
    require_staff(actor)
    member = await require_member(session, actor, seminar_id)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    require_editable(seminar, SEMINAR_CLOSED_INVITATIONS)
    entries = await _invited_entries(session, member, data)
    taken = set(
        await session.scalars(
            select(SeminarSite.site_id).where(SeminarSite.seminar_id == seminar_id)
        )
    )
    now = utcnow()
    tokens = {site_id: new_token() for site_id in entries if site_id not in taken}
    if tokens:
        try:
            rows = _new_rows(seminar_id, tokens, entries, now)
            changed = await insert_participations(session, seminar_id, rows)
        except IntegrityError:
            # A site taken meanwhile (or any constraint): nothing of this invitation stays.
            await session.rollback()
            raise Conflict(msg.INVITE_RACE) from None
        changes = await rebuilt_changes(session, seminar, changed)
        if len(tokens) > BULK_ROWS:
            await refresh_statistics(session, "seminar_sites")
    await session.commit()
    if tokens:
        publisher.publish_changes(changes)
    return [_site_token(entries[site_id], token, base_url) for site_id, token in tokens.items()]


def _site_token(site: Any, token: str, base_url: str) -> SiteToken:
    return SiteToken(
        site_id=site.id,
        code=site.code,
        name=site.name,
        locality=site.locality,
        token=token,
        checkin_url=checkin_url(base_url, token),
    )


def _new_rows(
    seminar_id: int, tokens: dict[int, str], entries: dict[int, Any], now: datetime
) -> list[dict[str, Any]]:
    """The invited participations (one multi-row INSERT, batched by the driver)."""
    return [
        {
            "seminar_id": seminar_id,
            "site_id": site_id,
            "is_main": False,
            "status": St.invited,
            "invited_at": now,
            "token_hash": hash_token(token),
            "sort_key": entries[site_id].sort_key,
        }
        for site_id, token in tokens.items()
    ]


async def _participation(
    session: AsyncSession, seminar_id: int, site_id: int
) -> tuple[SeminarSite, Site]:
    row = (
        await session.execute(
            select(SeminarSite, Site)
            .join(Site, Site.id == SeminarSite.site_id)
            .where(SeminarSite.seminar_id == seminar_id, SeminarSite.site_id == site_id)
        )
    ).one_or_none()
    if row is None:
        raise NotFound(msg.SITE_NOT_INVITED, site_id=site_id, seminar_id=seminar_id)
    return row[0], row[1]


async def _lock_participation(session: AsyncSession, row: SeminarSite) -> SiteRollup:
    """Lock the seminar, then the participation and its ancestors, refreshing them in the
    session: the state machine judges the current state, and the counters change from
    every other writer's committed values (they queue on the seminar row)."""
    return await lock_rollup(session, [row.id])


def _apply_status(row: SeminarSite, target: SeminarSiteStatus, now: datetime) -> None:
    """Move a participation to ``target`` (checked), stamping when it happened."""
    if row.is_main and target == St.declined:
        raise Conflict(msg.MAIN_HALL_DECLINE)
    check_site_transition(row.status, target)
    if target == St.registered and row.status != St.registered:
        row.registered_at = now
        row.declined_at = None
    elif target == St.declined:
        row.declined_at = now
    row.status = target


async def update_seminar_site(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    site_id: int,
    data: SeminarSiteUpdate,
    publisher: LiveEvents,
) -> tuple[SeminarSite, Site]:
    """Organizers edit a participation, registering or declining on the site's behalf.

    The state machine applies; the registration deadline does not (organizers take late
    answers by phone). Ended or cancelled seminars → 409.
    """
    require_staff(actor)
    await (await require_member(session, actor, seminar_id)).require_site(session, site_id)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    require_editable(seminar)
    row, site = await _participation(session, seminar_id, site_id)
    rollup = await _lock_participation(session, row)
    changes = data.model_dump(exclude_unset=True)
    status = changes.pop("status", None)
    now = utcnow()
    with rollup.changing(row, now):
        if status is not None and status != row.status:
            _apply_status(row, SeminarSiteStatus(status), now)
        for field, value in changes.items():
            setattr(row, field, value)
    await _registration_changed(session, rollup, publisher)
    return row, site


async def _registration_changed(
    session: AsyncSession, rollup: SiteRollup, publisher: LiveEvents
) -> None:
    """Commit the change (the roll-up already moved the counters) and show it to every
    view: the row and its ancestors."""
    changes = await rollup.changes(session)
    await session.commit()
    publisher.publish_changes(changes)


async def rotate_site_token(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    site_id: int,
    base_url: str,
    publisher: LiveEvents,
) -> SiteToken:
    """Issue a new token for a site (the main hall too); the old one and its sockets end now."""
    require_staff(actor)
    await (await require_member(session, actor, seminar_id)).require_site(session, site_id)
    await load_seminar(session, seminar_id, for_update=True)
    row, site = await _participation(session, seminar_id, site_id)
    token = new_token()
    row.token_hash = hash_token(token)
    await session.commit()
    await publisher.disconnect_site(row.id)
    return _site_token(site, token, base_url)


# --- the site side ----------------------------------------------------------------------


@dataclass
class SiteContext:
    """The one participation a site token reaches, with its seminar and directory entry."""

    participation: SeminarSite
    seminar: Seminar
    site: Site


async def site_for_token(session: AsyncSession, token: str) -> SiteContext | None:
    """Resolve a check-in token (one joined query); None when unknown or rotated away."""
    row = (
        await session.execute(
            select(SeminarSite, Seminar, Site)
            .join(Seminar, Seminar.id == SeminarSite.seminar_id)
            .join(Site, Site.id == SeminarSite.site_id)
            .where(SeminarSite.token_hash == hash_token(token))
        )
    ).one_or_none()
    return SiteContext(row[0], row[1], row[2]) if row else None


async def site_view(session: AsyncSession, ctx: SiteContext) -> SiteView:
    """The site's page: its seminar, itself, its participation and the agenda."""
    items, _total = await agenda_items(session, ctx.seminar.id)
    site = SiteIdentity(id=ctx.site.id, code=ctx.site.code, name=ctx.site.name)
    agenda = [AgendaItemRead.of(item) for item in items]
    return site_page(ctx.seminar, ctx.participation, site, agenda, utcnow())


def site_page(
    seminar: Seminar,
    row: SeminarSite,
    site: SiteIdentity,
    agenda: list[AgendaItemRead],
    now: datetime,
) -> SiteView:
    """``site_view`` from parts already loaded (a batch of check-ins loads each agenda once)."""
    return SiteView(
        seminar=SiteSeminar(
            id=seminar.id,
            slug=seminar.slug,
            title=seminar.title,
            status=seminar.status,
            starts_at=seminar.starts_at,
            ends_at=seminar.ends_at,
            timezone=seminar.timezone,
            venue=seminar.venue,
            registration_closes_at=seminar.registration_closes_at,
            registration_open=registration_closed_reason(seminar, now) is None,
            checkin_open=attendance_closed_reason(seminar, now) is None,
            techcheck_opens_at=techcheck_opens_at(seminar),
        ),
        site=site,
        participation=Participation(
            status=row.status,
            expected_attendees=row.expected_attendees,
            coordinator_name=row.coordinator_name,
            coordinator_phone=row.coordinator_phone,
            headcount=row.headcount,
            checked_in_at=row.checked_in_at,
            last_report_at=row.last_report_at,
            is_main=row.is_main,
            readiness=row.readiness,
            techcheck_at=row.techcheck_at,
        ),
        agenda=agenda,
    )


def _require_registration_open(seminar: Seminar, now: datetime) -> None:
    refusal = registration_closed_reason(seminar, now)
    if refusal is not None:
        raise refusal


async def register_site(
    session: AsyncSession, ctx: SiteContext, data: RegisterRequest, publisher: LiveEvents
) -> SiteView:
    """invited | declined → registered; registering again updates the details (409 when
    registration is closed or the site has already checked in)."""
    rollup = await _lock_participation(session, ctx.participation)
    now = utcnow()
    _require_registration_open(ctx.seminar, now)
    row = ctx.participation
    with rollup.changing(row, now):
        _apply_status(row, St.registered, now)
        row.expected_attendees = data.expected_attendees
    if data.coordinator_name is not None:
        row.coordinator_name = data.coordinator_name
    if data.coordinator_phone is not None:
        row.coordinator_phone = data.coordinator_phone
    await _registration_changed(session, rollup, publisher)
    return await site_view(session, ctx)


async def decline_site(session: AsyncSession, ctx: SiteContext, publisher: LiveEvents) -> SiteView:
    """invited | registered → declined (409 when registration is closed or already declined)."""
    rollup = await _lock_participation(session, ctx.participation)
    now = utcnow()
    _require_registration_open(ctx.seminar, now)
    with rollup.changing(ctx.participation, now):
        _apply_status(ctx.participation, St.declined, now)
    await _registration_changed(session, rollup, publisher)
    return await site_view(session, ctx)
