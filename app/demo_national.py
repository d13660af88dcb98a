"""``diemcau demo --national``: a national event on the generated 40,000-site tree, live now.

The directory comes from app/sites/national.py; the seminar, its invitation of the whole
tree and its province-limited members go through the same services as the API. The live
state (who registered, checked in, how many people, who dropped) is then written in bulk,
as a moment in the middle of the event, and ``rebuild_rollup`` makes every total agree
with it: 40,000 check-ins through the service would take the demo minutes, not seconds.

Every step looks at what is there first, so a second run adds nothing and a run cut short
is completed by the next one.
"""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import demo_data as D
from app.attendance.models import (
    AttendanceReport,
    PresenceEvent,
    PresenceKind,
    ReportSource,
    SeminarSite,
    SeminarSiteStatus,
)
from app.attendance.rebuild import rebuild_rollup
from app.attendance.schemas import InviteRequest
from app.attendance.service import invite_sites
from app.core.db import utcnow
from app.core.security import hash_password
from app.demo import DemoResult, _organizer
from app.realtime.hub import LiveHub
from app.seminars.members import add_member
from app.seminars.models import Seminar, SeminarMember, SeminarStatus
from app.seminars.schemas import MemberCreate, SeminarCreate
from app.seminars.service import change_seminar_status, create_seminar
from app.sites.models import Site
from app.sites.national import CODE_PREFIX, load_national_tree, province_code
from app.users.models import Role, User
from app.users.service import get_user_by_email, normalize_email

St = SeminarSiteStatus

SLUG = "hoi-nghi-toan-quoc"
TITLE = "Hội nghị toàn quốc nghiên cứu, học tập, quán triệt Nghị quyết Đại hội Đảng"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LINKS_FILE = "national-checkin-links.txt"
# Province staff: each follows and phones the sites of their own province only.
PROVINCE_MEMBERS = (
    ("canbo.hanoi@diemcau.vn", "Trần Minh Quân", "Ban Tuyên giáo Thành ủy Hà Nội", 1),
    ("canbo.hcm@diemcau.vn", "Lê Thị Ngọc Vân", "Ban Tuyên giáo Thành ủy TP. Hồ Chí Minh", 27),
)
# The moment shown: shares of the remote sites in each state, in this order; the rest
# are still only invited (to be phoned).
STATE_SHARES = (
    (St.checked_in, 0.70),
    (St.disconnected, 0.005),
    (St.registered, 0.145),
    (St.declined, 0.01),
)
HEADCOUNT = (10, 60)  # people in the room of one unit
MAIN_HALL_HEADCOUNT = 450
SEED = 2026


def _starts_at(now: datetime) -> datetime:
    """08:00 today, local time (the start of this hour when it is not yet 08:30)."""
    local = now.astimezone(TZ)
    eight = local.replace(hour=8, minute=0, second=0, microsecond=0)
    return (
        eight
        if local >= eight + timedelta(minutes=30)
        else local.replace(minute=0, second=0, microsecond=0)
    )


async def _province_staff(session: AsyncSession) -> list[tuple[User, int]]:
    """The province staff's accounts (created once) and their province's site id."""
    codes = [province_code(p) for *_, p in PROVINCE_MEMBERS]
    site_ids = dict(
        (code, site_id)
        for code, site_id in await session.execute(
            select(Site.code, Site.id).where(Site.code.in_(codes))
        )
    )
    staff = []
    for (email, name, unit, _p), code in zip(PROVINCE_MEMBERS, codes, strict=True):
        user = await get_user_by_email(session, email)
        if user is None:
            user = User(
                email=normalize_email(email),
                full_name=name,
                role=Role.organizer,
                unit=unit,
                position="Chuyên viên",
                password_hash=hash_password(D.ORGANIZER_PASSWORD),
            )
            session.add(user)
            await session.flush()
        staff.append((user, site_ids[code]))
    await session.commit()
    return staff


async def _seminar(session: AsyncSession, organizer: User, central_id: int) -> Seminar:
    seminar = await session.scalar(select(Seminar).where(Seminar.slug == SLUG))
    if seminar is None:
        starts_at = _starts_at(utcnow())
        seminar = await create_seminar(
            session,
            organizer,
            SeminarCreate(
                title=TITLE,
                slug=SLUG,
                description=(
                    "Hội nghị trực tuyến từ điểm cầu Trung ương tới 34 tỉnh, thành phố, "
                    "các xã, phường và chi bộ, cơ quan, đơn vị cơ sở."
                ),
                organizer_unit="Ban Tuyên giáo và Dân vận Trung ương",
                venue="Hội trường Trung ương, Hà Nội",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=5),
                registration_closes_at=starts_at,
                timezone="Asia/Ho_Chi_Minh",
                expected_attendance=1_500_000,
                main_site_id=central_id,
            ),
        )
    publisher = LiveHub.offline()
    for target in (SeminarStatus.published, SeminarStatus.live):
        if seminar.status == SeminarStatus.draft or (
            seminar.status == SeminarStatus.published and target == SeminarStatus.live
        ):
            await change_seminar_status(session, organizer, seminar.id, target, publisher)
    return seminar


async def _invite(
    session: AsyncSession, organizer: User, seminar: Seminar, central_id: int, base_url: str
) -> list[tuple[str, str]]:
    """The whole tree, in one invitation (nothing when it was invited already)."""
    remote = await session.scalar(
        select(func.count())
        .select_from(SeminarSite)
        .where(SeminarSite.seminar_id == seminar.id, SeminarSite.is_main.is_(False))
    )
    if remote:
        return []
    tokens = await invite_sites(
        session,
        organizer,
        seminar.id,
        InviteRequest(subtree_of=central_id),
        base_url,
        LiveHub.offline(),
    )
    codes = dict(
        (site_id, code)
        for site_id, code in await session.execute(
            select(Site.id, Site.code).where(Site.code.like(f"{CODE_PREFIX}%"))
        )
    )
    session.expunge_all()  # 40,000 rows the bulk writes below change behind the ORM's back
    return sorted((codes[t.site_id], t.checkin_url) for t in tokens)


def _live_rows(rows: list[tuple[int, bool, str | None, str | None]], starts_at: datetime, now):  # type: ignore[no-untyped-def]
    """The bulk changes of every participation, one dict per row (by primary key)."""
    rng = random.Random(SEED)
    remote = sorted(row_id for row_id, is_main, *_ in rows if not is_main)
    rng.shuffle(remote)
    states: dict[int, SeminarSiteStatus] = {}
    start = 0
    for status, share in STATE_SHARES:
        count = round(share * len(remote))
        states.update((row_id, status) for row_id in remote[start : start + count])
        start += count
    span = max(60.0, min((now - starts_at).total_seconds(), 3600.0))
    changes = []
    for row_id, is_main, name, phone in rows:
        status = St.checked_in if is_main else states.get(row_id, St.invited)
        headcount = MAIN_HALL_HEADCOUNT if is_main else rng.randint(*HEADCOUNT)
        row: dict = {
            "id": row_id,
            "status": status,
            "coordinator_name": name,
            "coordinator_phone": phone,
            "expected_attendees": None if is_main else rng.randint(*HEADCOUNT),
        }
        if status != St.invited:
            row["registered_at"] = starts_at - timedelta(days=rng.randint(1, 6))
        if status == St.declined:
            row["declined_at"] = row["registered_at"]
        if status in (St.checked_in, St.disconnected):
            checked_in = starts_at - timedelta(minutes=30) + timedelta(seconds=rng.random() * span)
            reported = min(now, checked_in + timedelta(seconds=30 + rng.random() * 600))
            row.update(
                checked_in_at=checked_in,
                headcount=headcount,
                peak_headcount=headcount,
                last_report_at=reported,
                latest_reported_at=reported,
            )
        changes.append(row)
    return changes


async def _write_live_state(session: AsyncSession, seminar: Seminar, now: datetime) -> bool:
    """Registrations, check-ins and headcounts in bulk, then every total rebuilt."""
    already = await session.scalar(
        select(func.count())
        .select_from(SeminarSite)
        .where(SeminarSite.seminar_id == seminar.id, SeminarSite.checked_in_at.is_not(None))
    )
    if already:
        return False
    rows = [
        (row_id, is_main, name, phone)
        for row_id, is_main, name, phone in await session.execute(
            select(
                SeminarSite.id, SeminarSite.is_main, Site.coordinator_name, Site.coordinator_phone
            )
            .join(Site, Site.id == SeminarSite.site_id)
            .where(SeminarSite.seminar_id == seminar.id)
        )
    ]
    changes = _live_rows(rows, seminar.starts_at, now)
    await session.execute(update(SeminarSite), changes)
    # The logs the timeline and the reports replay: one check-in and one report per site.
    present = [c for c in changes if "checked_in_at" in c]
    await session.execute(
        insert(PresenceEvent),
        [
            {"seminar_site_id": c["id"], "kind": PresenceKind.checked_in, "at": c["checked_in_at"]}
            for c in present
        ]
        + [
            {
                "seminar_site_id": c["id"],
                "kind": PresenceKind.disconnected,
                "at": c["last_report_at"],
            }
            for c in present
            if c["status"] == St.disconnected
        ],
    )
    await session.execute(
        insert(AttendanceReport),
        [
            {
                "seminar_site_id": c["id"],
                "headcount": c["headcount"],
                "reported_at": c["last_report_at"],
                "received_at": c["last_report_at"],
                "request_id": f"demo-{c['id']}",
                "applied": True,
                "source": ReportSource.site,
            }
            for c in present
        ],
    )
    await session.get(Seminar, seminar.id, populate_existing=True)
    await rebuild_rollup(session, seminar.id)  # every counter, the seminar's too
    await session.commit()
    return True


async def _members(session: AsyncSession, organizer: User, seminar: Seminar) -> int:
    """The province staff as members limited to their province; how many were added."""
    added = 0
    for user, site_id in await _province_staff(session):
        exists = await session.scalar(
            select(SeminarMember.id).where(
                SeminarMember.seminar_id == seminar.id, SeminarMember.user_id == user.id
            )
        )
        if not exists:
            await add_member(
                session,
                organizer,
                seminar.id,
                MemberCreate(user_id=user.id, subtree_site_id=site_id),
            )
            added += 1
    return added


async def _summary(session: AsyncSession, seminar_id: int) -> dict[str, int]:
    counts = dict(
        (status, n)
        for status, n in await session.execute(
            select(SeminarSite.status, func.count())
            .where(SeminarSite.seminar_id == seminar_id, SeminarSite.is_main.is_(False))
            .group_by(SeminarSite.status)
        )
    )
    seminar = await session.get(Seminar, seminar_id, populate_existing=True)
    assert seminar is not None
    sites = await session.scalar(
        select(func.count()).select_from(Site).where(Site.code.like(f"{CODE_PREFIX}%"))
    )
    return {
        "sites": sites or 0,
        "invited": seminar.sites_invited,
        "registered": seminar.sites_registered,
        "connected": seminar.sites_connected,
        "disconnected": counts.get(St.disconnected, 0),
        "waiting": counts.get(St.invited, 0) + counts.get(St.registered, 0),
        "headcount": seminar.live_headcount,
    }


async def load_national_demo(session: AsyncSession, *, base_url: str) -> DemoResult:
    """Load the national event, or complete what a previous run left; say what is there."""
    organizer, _ = await _organizer(session)
    tree = await load_national_tree(session)
    await session.commit()
    seminar = await _seminar(session, organizer, tree.root_id)
    seminar_id, slug = seminar.id, seminar.slug
    links = await _invite(session, organizer, seminar, tree.root_id, base_url)
    seminar = await session.get(Seminar, seminar_id)
    assert seminar is not None
    wrote_state = await _write_live_state(session, seminar, utcnow())
    added = await _members(session, organizer, seminar)
    province = await session.scalar(select(Site.id).where(Site.code == province_code(1)))
    figures = await _summary(session, seminar_id)

    changed = tree.created or links or wrote_state or added
    head = (
        f"Loaded the national demo: {tree.created:,} sites added to the directory."
        if changed
        else "The national demo is already loaded; nothing changed."
    )
    base = base_url.rstrip("/")
    staff = ", ".join(
        f"{email} ({province_code(p)})" for email, _name, _unit, p in PROVINCE_MEMBERS
    )
    message = (
        f"{head}\n"
        f"Seminar {slug!r} (live): {figures['sites']:,} sites in the tree, "
        f"{figures['invited']:,} invited, {figures['registered']:,} registered, "
        f"{figures['connected']:,} connected ({figures['disconnected']:,} dropped), "
        f"{figures['waiting']:,} not yet checked in, {figures['headcount']:,} people.\n"
        f"Organizer login: {D.ORGANIZER_EMAIL} / {D.ORGANIZER_PASSWORD}\n"
        f"Province staff (limited to their province): {staff} / {D.ORGANIZER_PASSWORD}\n"
        f"Console: {base}/seminars/{seminar_id}\n"
        f"National screen: {base}/display/{slug}\n"
        f"Province screen ({province_code(1)}): {base}/display/{slug}?scope={province}"
    )
    return DemoResult(message, links)
