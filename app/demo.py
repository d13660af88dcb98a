"""``diemcau demo``: the reference event, loaded through the same services as the API."""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import demo_data as D
from app.attendance.schemas import InviteRequest
from app.attendance.service import invite_sites, rotate_site_token
from app.core.security import hash_password
from app.realtime.hub import LiveHub
from app.seminars.models import Seminar, SeminarStatus
from app.seminars.schemas import AgendaItemCreate, SeminarCreate
from app.seminars.service import change_seminar_status, create_agenda_item, create_seminar
from app.sites.models import Site
from app.sites.service import import_sites
from app.users.models import Role, User
from app.users.service import get_user_by_email, normalize_email

_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
_GIVEN = ["Văn An", "Thị Bình", "Đức Cường", "Thị Dung", "Minh Đức", "Thu Hà", "Quang Huy",
          "Thị Lan", "Văn Long", "Thị Mai", "Hữu Nam", "Thị Oanh", "Công Phúc"]  # fmt: skip


def _next_july_19(now: datetime, tz: ZoneInfo) -> datetime:
    """08:00 on the next 19 July (the reference date), in the seminar's time zone."""
    local = now.astimezone(tz)
    year = local.year if (local.month, local.day) < (7, 19) else local.year + 1
    return datetime(year, 7, 19, 8, 0, tzinfo=tz)


def _directory_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "name", "parent_code", "level", "locality", "coordinator_name",
                     "coordinator_phone", "capacity"])  # fmt: skip
    writer.writerow([D.ROOT[0], D.ROOT[1], "", "province", D.LOCALITY, "", "", ""])
    writer.writerow([D.MAIN_HALL[0], D.MAIN_HALL[1], "", "province", D.LOCALITY, "", "", 400])
    for i, name in enumerate(D.BASE_ORGANIZATIONS, start=1):
        coordinator = f"{_SURNAMES[i % len(_SURNAMES)]} {_GIVEN[i % len(_GIVEN)]}"
        phone = f"0912{i:06d}"
        writer.writerow([f"CS{i:02d}", name, D.ROOT[0], "unit", D.LOCALITY, coordinator, phone,
                         15 + (i * 7) % 30])  # fmt: skip
    return out.getvalue().encode()


async def _organizer(session: AsyncSession) -> tuple[User, bool]:
    user = await get_user_by_email(session, D.ORGANIZER_EMAIL)
    if user is not None:
        return user, False
    user = User(
        email=normalize_email(D.ORGANIZER_EMAIL),
        full_name=D.ORGANIZER_NAME,
        role=Role.organizer,
        unit=D.ORGANIZER_UNIT,
        position="Chuyên viên Ban Tuyên giáo",
        password_hash=hash_password(D.ORGANIZER_PASSWORD),
    )
    session.add(user)
    await session.commit()
    return user, True


@dataclass
class DemoResult:
    """What to tell the user, and every check-in link (site code, URL) handed out."""

    message: str
    links: list[tuple[str, str]] = field(default_factory=list)


async def load_demo(session: AsyncSession, *, base_url: str) -> DemoResult:
    """Load the reference event unless it is there already (then nothing changes)."""
    organizer, _ = await _organizer(session)
    login = f"Organizer login: {D.ORGANIZER_EMAIL} / {D.ORGANIZER_PASSWORD}"
    if await session.scalar(select(Seminar.id).where(Seminar.slug == D.SEMINAR_SLUG)):
        return DemoResult(f"The demo is already loaded; nothing changed.\n{login}")

    if await session.scalar(select(Site.id).where(Site.code == D.ROOT[0])) is None:
        await import_sites(session, organizer, _directory_csv())
    codes = [D.MAIN_HALL[0], *(f"CS{i:02d}" for i in range(1, len(D.BASE_ORGANIZATIONS) + 1))]
    rows = await session.execute(select(Site.code, Site.id).where(Site.code.in_(codes)))
    site_ids: dict[str, int] = {code: site_id for code, site_id in rows}

    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    starts_at = _next_july_19(datetime.now(tz), tz)
    seminar = await create_seminar(
        session,
        organizer,
        SeminarCreate(
            title=D.SEMINAR_TITLE,
            slug=D.SEMINAR_SLUG,
            description="Tọa đàm trực tiếp tại hội trường, kết hợp trực tuyến tới các điểm cầu.",
            organizer_unit=D.ORGANIZER_UNIT,
            venue=D.VENUE,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=4),
            registration_closes_at=starts_at,
            timezone="Asia/Ho_Chi_Minh",
            expected_attendance=D.EXPECTED_ATTENDANCE,
            main_site_id=site_ids[D.MAIN_HALL[0]],
        ),
    )
    planned = starts_at
    for kind, title, speaker, minutes in D.AGENDA:
        await create_agenda_item(
            session,
            organizer,
            seminar.id,
            AgendaItemCreate(
                kind=kind,
                title=title,
                speaker_name=speaker,
                planned_start=planned,
                planned_minutes=minutes,
            ),
        )
        planned += timedelta(minutes=minutes)
    remote = [site_ids[code] for code in codes[1:]]
    publisher = LiveHub.offline()
    tokens = await invite_sites(
        session, organizer, seminar.id, InviteRequest(site_ids=remote), base_url, publisher
    )
    main = await rotate_site_token(
        session, organizer, seminar.id, site_ids[D.MAIN_HALL[0]], base_url
    )
    await change_seminar_status(session, organizer, seminar.id, SeminarStatus.published, publisher)

    names = {site_id: code for code, site_id in site_ids.items()}
    links = [(names[t.site_id], t.checkin_url) for t in [main, *tokens]]
    message = (
        f"Loaded: {len(remote)} sites invited, the main hall, seminar {seminar.slug!r} "
        f"({starts_at:%d/%m/%Y %H:%M}), {len(D.AGENDA)} agenda items.\n{login}\n"
        f"Big screen: {base_url}/display/{seminar.slug}"
    )
    return DemoResult(message, links)
