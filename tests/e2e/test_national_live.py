"""National size, live: a 40,000-site directory invited whole into a live seminar. The big
screen shows the 34 provinces page by page and drills into one; the live tab drills down to a
province and lists the sites of it not yet checked in, with their coordinators' phones; a
member limited to that province lands on it."""

import re
from dataclasses import dataclass

import httpx
import pytest
from playwright.async_api import Page, Request, WebSocket, expect
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.models import Site
from app.users.models import Role
from tests.conftest import Actor, MakeActor
from tests.e2e.conftest import Server, screenshot_path
from tests.e2e.test_console import log_in
from tests.factories import API, create_seminar, national_directory
from tests.realtime.conftest import check_in

PROVINCE = "Đảng bộ Thành phố Hà Nội"  # QG-01, first of the generated provinces


@dataclass
class National:
    id: int
    slug: str
    central: int
    province: int
    checked_in: int  # sites of the province checked in


@pytest.fixture
async def national(session: AsyncSession, client: httpx.AsyncClient, organizer: Actor) -> National:
    """A live seminar with the whole generated tree invited (one request), a few of one
    province's sites checked in."""
    tree = await national_directory(session)
    province = await session.scalar(select(Site.id).where(Site.code == "QG-01"))
    under = set(
        await session.scalars(select(Site.id).where(Site.code.like("QG-01-001%")))
    )  # a commune of it and its units
    await session.rollback()  # end the transaction: it holds SQLite's write lock
    seminar = await create_seminar(client, organizer, "live")
    invited = await client.post(
        f"{API}/seminars/{seminar['id']}/sites",
        json={"subtree_of": tree.root_id},
        headers=organizer.headers,
    )
    assert invited.status_code == 201, invited.text
    tokens = {entry["site_id"]: entry["token"] for entry in invited.json()}
    assert len(tokens) == tree.total
    ids = sorted(under)[:3]
    for site_id in ids:
        await check_in(client, tokens[site_id])
    return National(seminar["id"], seminar["slug"], tree.root_id, province, len(ids))


def directory_downloads(page: Page) -> list[str]:
    """Requests of the whole site directory (GET /api/v1/sites) made by the page."""
    seen: list[str] = []

    def on_request(request: Request) -> None:
        if re.search(r"/api/v1/sites(\?|$)", request.url):
            seen.append(request.url)

    page.on("request", on_request)
    return seen


def received_frames(page: Page) -> list[int]:
    """Sizes in bytes of the socket frames the page receives."""
    sizes: list[int] = []

    def on_socket(ws: WebSocket) -> None:
        ws.on(
            "framereceived",
            lambda payload: sizes.append(
                len(payload.encode() if isinstance(payload, str) else payload)
            ),
        )

    page.on("websocket", on_socket)
    return sizes


async def test_the_national_screen_pages_through_the_provinces_and_drills_into_one(
    page: Page, server: Server, national: National
) -> None:
    frames = received_frames(page)
    await page.set_viewport_size({"width": 1920, "height": 1080})
    await page.goto(f"{server.base_url}/display/{national.slug}")
    rows = page.get_by_test_id("display-row")
    # The top level is the central site alone: the screen shows its 34 provinces, 20 a page.
    await expect(rows).to_have_count(20)
    pages = page.get_by_test_id("display-pages")
    await expect(pages).to_contain_text("Trang 1/2")
    await expect(rows.filter(has_text=PROVINCE)).to_have_count(1)
    await expect(page.get_by_test_id("sites-invited")).to_have_attribute("data-value", "40000")
    # A national screen receives the provinces, not 40,000 rows: every frame stays small.
    assert 0 < max(frames) <= 20_000, frames
    await page.screenshot(path=screenshot_path("40-national-display"))
    # It turns the page by itself, and back.
    await expect(pages).to_contain_text("Trang 2/2", timeout=15_000)
    await expect(rows).to_have_count(14)
    await expect(pages).to_contain_text("Trang 1/2", timeout=15_000)

    await rows.filter(has_text=PROVINCE).click()
    await expect(page).to_have_url(re.compile(rf"\?scope={national.province}$"))
    await expect(page.get_by_test_id("display-scope-title")).to_have_text(PROVINCE)
    await expect(rows.first).to_contain_text("Đảng ủy")  # its communes
    await expect(page.get_by_test_id("sites-connected")).to_have_attribute(
        "data-value", str(national.checked_in)
    )
    await page.screenshot(path=screenshot_path("41-province-display"))

    await page.get_by_role("button", name="Toàn hội nghị").click()
    await expect(pages).to_contain_text("Trang 1/2")
    await expect(page.get_by_test_id("display-scope-title")).to_have_count(0)


async def test_a_province_runs_its_own_screen_titled_with_its_name(
    page: Page, server: Server, national: National
) -> None:
    await page.set_viewport_size({"width": 360, "height": 780})
    await page.goto(f"{server.base_url}/display/{national.slug}?scope={national.province}")
    await expect(page.get_by_test_id("display-scope-title")).to_have_text(PROVINCE)
    await expect(page.get_by_text(f"#{national.province}")).to_have_count(0)
    await expect(page.get_by_test_id("display-row").first).to_be_visible()
    await page.screenshot(path=screenshot_path("42-province-display-phone"), full_page=True)


async def test_the_live_tab_drills_down_to_a_province_and_lists_who_to_phone(
    page: Page, server: Server, organizer: Actor, national: National
) -> None:
    downloads = directory_downloads(page)
    await log_in(page, server, organizer)
    await page.goto(f"{server.base_url}/seminars/{national.id}?tab=live")
    rows = page.get_by_test_id("live-site-row")
    await page.get_by_role("button", name="Xem các điểm cầu trực thuộc Trung ương").click()
    await expect(rows).to_have_count(25)  # the 34 provinces, 25 a page
    await expect(page.get_by_text("1–25 trên tổng số 34")).to_be_visible()
    await page.get_by_role("button", name=f"Xem các điểm cầu trực thuộc {PROVINCE}").click()

    crumbs = page.get_by_test_id("live-crumbs")
    await expect(crumbs).to_contain_text("Trung ương")
    await expect(crumbs).to_contain_text(PROVINCE)
    waiting = page.get_by_test_id("waiting-list")
    await expect(waiting.get_by_test_id("waiting-row").first).to_be_visible()
    phone = waiting.get_by_test_id("waiting-row").first.locator("a[href^='tel:']")
    await expect(phone).to_have_attribute("href", re.compile(r"^tel:09\d{8}$"))
    await page.screenshot(path=screenshot_path("43-live-province"))
    await waiting.screenshot(path=screenshot_path("44-live-waiting"))
    assert downloads == [], "the live tab must not download the directory"


async def test_a_member_limited_to_a_province_lands_on_it_and_cannot_go_above(
    page: Page,
    server: Server,
    organizer: Actor,
    make_actor: MakeActor,
    client: httpx.AsyncClient,
    national: National,
) -> None:
    colleague = await make_actor(Role.organizer, full_name="Nguyễn Thị Lan")
    added = await client.post(
        f"{API}/seminars/{national.id}/members",
        json={"user_id": colleague.user.id, "subtree_site_id": national.province},
        headers=organizer.headers,
    )
    assert added.status_code == 201, added.text

    await log_in(page, server, colleague)
    await page.set_viewport_size({"width": 360, "height": 780})  # a province's staff, on a phone
    await page.goto(f"{server.base_url}/seminars/{national.id}?tab=live")
    crumbs = page.get_by_test_id("live-crumbs")
    await expect(crumbs).to_contain_text(PROVINCE)
    await expect(crumbs).not_to_contain_text("Trung ương")
    await expect(crumbs.get_by_role("button", name="Toàn hội nghị")).to_have_count(0)
    await expect(page.get_by_test_id("live-site-row").first).to_contain_text("Đảng ủy")
    await page.screenshot(path=screenshot_path("45-live-member"))
    # The count of sites not checked in leads to their list, with phone numbers to tap.
    await page.get_by_role("link", name="Chưa điểm danh").click()
    waiting = page.get_by_test_id("waiting-list")
    phone = waiting.get_by_test_id("waiting-row").first.locator("a[href^='tel:']")
    await expect(phone).to_be_in_viewport()
    await page.screenshot(path=screenshot_path("46-live-member-waiting"))
