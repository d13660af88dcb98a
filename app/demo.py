"""``diemcau demo``: the reference event, loaded through the same services as the API."""

import csv
import io
import textwrap
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import demo_data as D
from app.attendance.schemas import InviteRequest
from app.attendance.service import invite_sites, rotate_site_token
from app.core.config import get_settings
from app.core.security import hash_password
from app.core.uploads import Upload
from app.followup.demo import load_demo_followup
from app.incidents.models import IncidentKind
from app.incidents.service import record_resolved_incident
from app.polls.demo import QUICK_SITES, load_demo_polls
from app.readiness.demo import load_demo_checks
from app.realtime.hub import LiveHub
from app.seminars.agenda import agenda_items, create_agenda_item
from app.seminars.models import Seminar, SeminarStatus
from app.seminars.schemas import AgendaItemCreate, SeminarCreate
from app.seminars.service import change_seminar_status, create_seminar
from app.sites.importer import import_sites
from app.sites.models import Site
from app.speaking.demo import load_demo_speeches
from app.submissions import decisions, files
from app.submissions import service as papers
from app.submissions.schemas import Author, DecisionRequest, SubmissionCreate
from app.submissions.storage import FileStore
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


def _pdf_text(text: str) -> str:
    """Latin-1-safe text for the standard Helvetica font: Vietnamese marks dropped."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in plain if not unicodedata.combining(c) and c.isascii())
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def minimal_pdf(lines: list[str]) -> bytes:
    """A small, valid one-page PDF 1.4 showing ``lines`` (with a correct xref table).

    Written by hand so that the demo and the tests need no PDF library; every reader
    opens it, and the upload check recognises it by its content.
    """
    text = "\n".join(
        f"BT /F1 {14 if i == 0 else 11} Tf 56 {780 - 22 * i} Td ({_pdf_text(line)}) Tj ET"
        for i, line in enumerate(lines)
    ).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


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


async def _speakers(session: AsyncSession) -> dict[str, User]:
    """One account per paper's speaker (created once; the password is the demo one)."""
    password_hash = hash_password(D.SPEAKER_PASSWORD)  # once: argon2 is slow by design
    accounts: dict[str, User] = {}
    for email, name, position, unit, *_ in D.PAPERS:
        user = await get_user_by_email(session, email)
        if user is None:
            user = User(
                email=normalize_email(email),
                full_name=name,
                role=Role.speaker,
                unit=unit,
                position=position,
                password_hash=password_hash,
            )
            session.add(user)
        accounts[email] = user
    await session.commit()
    return accounts


async def _load_papers(
    session: AsyncSession, organizer: User, seminar: Seminar, store: FileStore
) -> None:
    """The 15 papers through the papers service: drafted on each speaker's behalf, a
    PDF uploaded, submitted, decided; the live ones placed on the agenda around the break."""
    speakers = await _speakers(session)
    break_position = next(i for i, row in enumerate(D.AGENDA, start=1) if row[0] == "break")
    live = 0
    for number, paper in enumerate(D.PAPERS, start=1):
        email, name, position, unit, title, abstract, co_authors, decision = paper
        speaker = speakers[email]
        authors = [Author(name=name, unit=unit, position=position)]
        authors += [Author(name=n, unit=unit, position=p) for n, p in co_authors]
        draft = await papers.create_submission(
            session,
            organizer,
            seminar.id,
            SubmissionCreate(
                title=title, abstract=abstract, authors=authors, unit=unit, speaker_id=speaker.id
            ),
        )
        byline = ", ".join(a.name for a in authors)
        pdf = minimal_pdf([title, byline, unit, "", *textwrap.wrap(abstract, 90)])
        upload = Upload(f"Tham luận {number:02d} - {name}.pdf", "application/pdf", pdf)
        await files.add_file(session, organizer, draft.id, upload, store)
        await decisions.submit_submission(session, organizer, draft.id)
        on_agenda = decision == "selected_live"
        agenda_position = None
        if on_agenda:
            live += 1
            if live <= D.PAPERS_BEFORE_BREAK:  # the others go before the discussion
                agenda_position = break_position + live - 1
        await decisions.decide(
            session,
            organizer,
            draft.id,
            DecisionRequest(
                status=decision,
                note="Trình bày tại tọa đàm" if on_agenda else "In trong kỷ yếu tọa đàm",
                add_to_agenda=on_agenda,
                agenda_position=agenda_position,
            ),
        )


async def _schedule(session: AsyncSession, seminar_id: int, starts_at: datetime) -> int:
    """Planned start of every item, one after the other from the opening; the size."""
    items, total = await agenda_items(session, seminar_id)
    planned = starts_at
    for item in items:
        item.planned_minutes = item.planned_minutes or D.PAPER_MINUTES
        item.planned_start = planned
        planned += timedelta(minutes=item.planned_minutes)
    await session.commit()
    return total


async def load_demo(
    session: AsyncSession, *, base_url: str, data_dir: Path | None = None
) -> DemoResult:
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
            # Open now: a new user tries the technical check from the site links at once.
            techcheck_opens_at=datetime.now(tz) - timedelta(minutes=1),
            timezone="Asia/Ho_Chi_Minh",
            expected_attendance=D.EXPECTED_ATTENDANCE,
            main_site_id=site_ids[D.MAIN_HALL[0]],
            submissions_open=True,
            submissions_close_at=starts_at - timedelta(days=5),
            submission_instructions=D.SUBMISSION_INSTRUCTIONS,
        ),
    )
    for kind, title, speaker, minutes in D.AGENDA:
        await create_agenda_item(
            session,
            organizer,
            seminar.id,
            AgendaItemCreate(kind=kind, title=title, speaker_name=speaker, planned_minutes=minutes),
        )
    await _load_papers(session, organizer, seminar, FileStore(data_dir or get_settings().data_dir))
    agenda_size = await _schedule(session, seminar.id, starts_at)
    remote = [site_ids[code] for code in codes[1:]]
    publisher = LiveHub.offline()
    tokens = await invite_sites(
        session, organizer, seminar.id, InviteRequest(site_ids=remote), base_url, publisher
    )
    main = await rotate_site_token(
        session, organizer, seminar.id, site_ids[D.MAIN_HALL[0]], base_url, publisher
    )
    await change_seminar_status(session, organizer, seminar.id, SeminarStatus.published, publisher)
    checks = await load_demo_checks(session, seminar.id, publisher)
    speeches = await load_demo_speeches(session, seminar.id, starts_at)
    survey_answers = await load_demo_polls(session, seminar.id, starts_at)
    # One incident, handled during the session: the report and minutes show how it reads.
    await record_resolved_incident(
        session,
        seminar.id,
        site_ids["CS03"],
        IncidentKind.audio,
        "Không nghe được tiếng từ hội trường chính",
        starts_at + timedelta(minutes=42),
        starts_at + timedelta(minutes=49),
        "Điểm cầu đã khởi động lại bộ giải mã âm thanh",
    )

    tasks = await load_demo_followup(session, seminar, "Nguyễn Thanh Bình")

    live_count = sum(1 for paper in D.PAPERS if paper[-1] == "selected_live")
    names = {site_id: code for code, site_id in site_ids.items()}
    links = [(names[t.site_id], t.checkin_url) for t in [main, *tokens]]
    message = (
        f"Loaded: {len(remote)} sites invited, the main hall, seminar {seminar.slug!r} "
        f"({starts_at:%d/%m/%Y %H:%M}), {agenda_size} agenda items, {len(D.PAPERS)} papers "
        f"({live_count} selected live, {len(D.PAPERS) - live_count} in the proceedings), "
        f"{checks} technical checks.\n"
        f"{speeches} speaking requests, a conclusion notice with {tasks} tasks.\n"
        f"A quick vote counted at {QUICK_SITES} sites (published) and a satisfaction survey "
        f"with {survey_answers} answers (closed).\n"
        f"{login}\nSpeakers: tacgia01..{len(D.PAPERS):02d}@diemcau.vn / {D.SPEAKER_PASSWORD}\n"
        f"Big screen: {base_url}/display/{seminar.slug}"
    )
    return DemoResult(message, links)
