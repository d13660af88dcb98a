"""A recorded event replayed through the public API, with the figures the test expects
computed independently from what it sent (not from the server's answers)."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.demo import minimal_pdf
from app.sites.models import Site, SiteLevel
from app.sites.service import derived_columns
from tests.conftest import Actor
from tests.factories import API, create_seminar, invite, site_headers

PDF = minimal_pdf(["Tham luận", "Tọa đàm"])
# Names that exercise the Vietnamese order (Đ after D, Ấ after A, tones).
_NAMES = (
    "An Dương", "Ấp Bắc", "Bảo Đài", "Cẩm Lý", "Dĩnh Kế", "Đa Mai", "Đông Phú",
    "Hoàng Ninh", "Hương Sơn", "Lạng Giang", "Lục Nam", "Ngọc Châu", "Ơn Hà",
    "Phồn Xương", "Quang Châu", "Song Mai", "Tân Yên", "Thọ Xương", "Ứng Hòa", "Yên Dũng",
)  # fmt: skip


@dataclass
class Expected:
    """What the test sent, and the figures it computes from that alone."""

    seminar_id: int
    slug: str
    names: dict[int, str] = field(default_factory=dict)  # site id → name
    tokens: dict[int, str] = field(default_factory=dict)
    invited: int = 0
    registered: set[int] = field(default_factory=set)
    declined: set[int] = field(default_factory=set)
    connected: set[int] = field(default_factory=set)
    expected_by_site: dict[int, int] = field(default_factory=dict)
    current: dict[int, int] = field(default_factory=dict)  # applied value per site (+ main)
    site_peak: dict[int, int] = field(default_factory=dict)
    peak: int = 0
    start_total: int = 0
    end_total: int = 0
    main_site_id: int = 0
    papers: dict[str, int] = field(default_factory=dict)
    paper_titles_presented: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.current.values())

    def applied(self, site_id: int, headcount: int) -> None:
        self.current[site_id] = headcount
        self.site_peak[site_id] = max(self.site_peak.get(site_id, 0), headcount)
        self.peak = max(self.peak, self.total)


async def _site(session: AsyncSession, code: str, name: str, parent: Site | None, level, **kw):
    site = Site(
        code=code,
        name=name,
        parent_id=parent.id if parent else None,
        level=level,
        **kw,
        **derived_columns(code, name, kw.get("locality")),
    )
    session.add(site)
    await session.flush()
    return site


async def report(
    client: httpx.AsyncClient, token: str, headcount: int, *, at: datetime | None = None, rid=None
) -> httpx.Response:
    body = {
        "headcount": headcount,
        "request_id": rid or str(uuid.uuid4()),
        "reported_at": (at or datetime.now(UTC)).isoformat(),
    }
    return await client.post(f"{API}/site/headcount", json=body, headers=site_headers(token))


async def replay_event(
    client: httpx.AsyncClient,
    session: AsyncSession,
    organizer: Actor,
    speaker: Actor,
    *,
    invited: int,
    declined: int,
    silent: int,
    connected: int,
    peak: int,
    papers: dict[str, int],
    presented: int,
) -> Expected:
    """Invitations, registrations, check-ins, three waves of headcounts (before the start,
    the peak, people leaving), papers and decisions, the agenda run, the end."""
    province = await _site(
        session, "BG", "Tỉnh ủy Bắc Giang", None, SiteLevel.province, locality="Bắc Giang"
    )
    districts = [
        await _site(session, f"H{i}", f"Huyện ủy {_NAMES[i]}", province, SiteLevel.district)
        for i in range(10)
    ]
    remote = [
        await _site(
            session,
            f"CS{i:03d}",
            f"Chi bộ {_NAMES[i % len(_NAMES)]} {i // len(_NAMES) + 1}",
            districts[i % 10],
            SiteLevel.unit if i % 4 else SiteLevel.commune,
        )
        for i in range(invited - 10)
    ] + districts
    await session.commit()
    names = {s.id: s.name for s in [province, *remote]}
    await session.close()

    now = datetime.now(UTC)
    seminar = await create_seminar(
        client,
        organizer,
        "published",
        title="Tọa đàm khoa học “Xây dựng Đảng về đạo đức”",
        organizer_unit="Ban Tuyên giáo Tỉnh ủy Bắc Giang",
        venue="Hội trường Tỉnh ủy Bắc Giang",
        starts_at=now - timedelta(minutes=2),
        ends_at=now + timedelta(hours=4),
        main_site_id=province.id,
        expected_attendance=1200,
        submissions_open=True,
    )
    sid = seminar["id"]
    exp = Expected(seminar_id=sid, slug=seminar["slug"], names=names, main_site_id=province.id)
    agenda = [
        ("opening", "Báo cáo đề dẫn", now - timedelta(minutes=2), 15),
        ("discussion", "Thảo luận", None, 30),
        ("closing", "Kết luận tọa đàm", None, 10),
    ]
    for kind, title, planned, minutes in agenda:
        created = await client.post(
            f"{API}/seminars/{sid}/agenda",
            json={
                "kind": kind,
                "title": title,
                "planned_start": planned.isoformat() if planned else None,
                "planned_minutes": minutes,
            },
            headers=organizer.headers,
        )
        assert created.status_code == 201, created.text

    # Papers: created for the speaker, a file, submitted, decided.
    statuses = [s for s, n in papers.items() for _ in range(n)]
    for number, status in enumerate(statuses, start=1):
        created = await client.post(
            f"{API}/seminars/{sid}/submissions",
            json={"title": f"Tham luận số {number}", "unit": "Đảng ủy Khối"},
            headers=speaker.headers,
        )
        assert created.status_code == 201, created.text
        pid = created.json()["id"]
        uploaded = await client.post(
            f"{API}/submissions/{pid}/files",
            files={"file": ("tham-luận.pdf", PDF, "application/pdf")},
            headers=speaker.headers,
        )
        assert uploaded.status_code == 201, uploaded.text
        sent = await client.post(f"{API}/submissions/{pid}/submit", headers=speaker.headers)
        assert sent.status_code == 200, sent.text
        if status == "withdrawn":
            moved = await client.post(f"{API}/submissions/{pid}/withdraw", headers=speaker.headers)
        else:
            moved = await client.post(
                f"{API}/submissions/{pid}/decision",
                json={"status": status, "add_to_agenda": status == "selected_live"},
                headers=organizer.headers,
            )
        assert moved.status_code == 200, moved.text
    exp.papers = {"received": len(statuses), **papers}

    # Invitations and answers.
    exp.tokens = await invite(client, organizer, sid, [s.id for s in remote])
    exp.invited = len(exp.tokens)
    site_ids = list(exp.tokens)
    answering = site_ids[: invited - silent]
    for index, site_id in enumerate(answering):
        headers = site_headers(exp.tokens[site_id])
        if index >= len(answering) - declined:
            assert (await client.post(f"{API}/site/decline", headers=headers)).status_code == 200
            exp.declined.add(site_id)
            continue
        expected_people = 10 + index % 9
        answer = await client.post(
            f"{API}/site/register", json={"expected_attendees": expected_people}, headers=headers
        )
        assert answer.status_code == 200, answer.text
        exp.registered.add(site_id)
        exp.expected_by_site[site_id] = expected_people
    coming = [s for s in answering if s in exp.registered][:connected]

    async def check_in_and_report(site_id: int, headcount: int) -> None:
        token = exp.tokens[site_id]
        checked = await client.post(f"{API}/site/checkin", headers=site_headers(token))
        assert checked.status_code == 200, checked.text
        exp.connected.add(site_id)
        assert (await report(client, token, headcount)).status_code == 200
        exp.applied(site_id, headcount)

    async def main_hall(headcount: int) -> None:
        answer = await client.post(
            f"{API}/seminars/{sid}/sites/{province.id}/headcount",
            json={"headcount": headcount},
            headers=organizer.headers,
        )
        assert answer.status_code == 200, answer.text
        exp.applied(province.id, headcount)

    # Wave 1, on the seminar's day before it goes live: the main hall and a few sites.
    await main_hall(60)
    for index, site_id in enumerate(coming[:5]):
        await check_in_and_report(site_id, 5 + index)
    moved = await client.post(f"{API}/seminars/{sid}/start", headers=organizer.headers)
    assert moved.status_code == 200, moved.text
    exp.start_total = exp.total
    items = (await client.get(f"{API}/seminars/{sid}/agenda", headers=organizer.headers)).json()
    items = items["items"]
    await client.post(
        f"{API}/seminars/{sid}/agenda/{items[0]['id']}/start", headers=organizer.headers
    )

    # Wave 2: everyone connects; the totals climb to the peak.
    wave2 = {site_id: 10 + i % 7 for i, site_id in enumerate(coming)}
    main_people = peak - sum(wave2.values())
    assert main_people > 60
    for site_id in coming[:5]:
        token = exp.tokens[site_id]
        assert (await report(client, token, wave2[site_id])).status_code == 200
        exp.applied(site_id, wave2[site_id])
    for site_id in coming[5:]:
        await check_in_and_report(site_id, wave2[site_id])
    # A repeated request id and a late (stale) report change nothing.
    first = exp.tokens[coming[0]]
    rid = str(uuid.uuid4())
    assert (await report(client, first, wave2[coming[0]], rid=rid)).status_code == 200
    assert (await report(client, first, 999, rid=rid)).json()["applied"] is True
    stale = await report(client, first, 900, at=datetime.now(UTC) - timedelta(hours=1))
    assert stale.json()["stale"] is True
    await main_hall(main_people)
    assert exp.total == peak

    # The papers presented, one agenda item each.
    paper_items = [item for item in items if item["kind"] == "paper"]
    for item in paper_items[:presented]:
        started = await client.post(
            f"{API}/seminars/{sid}/agenda/{item['id']}/start", headers=organizer.headers
        )
        assert started.status_code == 200, started.text
        exp.paper_titles_presented.append(item["title"])

    # Wave 3: people leave some sites and the hall; the total stays under the peak.
    for site_id in coming[::3]:
        assert (await report(client, exp.tokens[site_id], 3)).status_code == 200
        exp.applied(site_id, 3)
    await main_hall(main_people - 40)
    exp.end_total = exp.total
    ended = await client.post(f"{API}/seminars/{sid}/end", headers=organizer.headers)
    assert ended.status_code == 200, ended.text
    # After the end nothing is accepted any more.
    assert (await report(client, exp.tokens[coming[1]], 50)).status_code == 409
    return exp


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """One speaker sends every paper of the replayed event: more than the default quota."""
    return settings.model_copy(update={"max_papers_per_speaker": 100})


@pytest.fixture
async def small_event(
    client: httpx.AsyncClient, session: AsyncSession, organizer: Actor, speaker: Actor
) -> Expected:
    """Twelve sites invited, seven connected, 175 people at the peak, 4 papers, 2 presented."""
    return await replay_event(
        client,
        session,
        organizer,
        speaker,
        invited=12,
        declined=2,
        silent=2,
        connected=7,
        peak=175,
        papers={"selected_live": 2, "accepted_written": 1, "withdrawn": 1},
        presented=2,
    )
