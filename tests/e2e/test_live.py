"""On the day: a site reports from its phone and the big screen shows it; offline reports
are queued in the browser and delivered when the network returns."""

from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.models import SiteLevel
from tests.conftest import Actor
from tests.e2e.conftest import Server, screenshot_path
from tests.factories import create_site
from tests.realtime.conftest import make_live_seminar


async def open_site_page(page: Page, server: Server, token: str) -> None:
    await page.set_viewport_size({"width": 360, "height": 780})
    await page.goto(f"{server.base_url}/site#{token}")
    await page.get_by_label("Số người dự kiến tại điểm cầu").fill("30")
    await page.get_by_label("Họ tên người phụ trách").fill("Nguyễn Văn An")
    await page.get_by_label("Số điện thoại người phụ trách").fill("0912345678")
    await page.get_by_role("button", name="Đăng ký").click()
    await page.get_by_role("button", name="Điểm danh").click()
    await expect(page.get_by_label("Số người đang có mặt")).to_be_visible()


async def send_headcount(page: Page, headcount: int) -> None:
    await page.get_by_label("Số người đang có mặt").fill(str(headcount))
    await page.get_by_role("button", name="Gửi", exact=True).click()


async def test_the_big_screen_shows_a_report_sent_from_the_site_page(
    page: Page, server: Server, organizer: Actor, session: AsyncSession, client
) -> None:
    root = await create_site(session, "DUK", "Đảng ủy Khối", level=SiteLevel.province)
    sites = [await create_site(session, f"CS{i}", f"Chi bộ số {i}", parent=root) for i in (1, 2)]
    await session.rollback()
    seminar = await make_live_seminar(client, organizer, sites, checked_in=False)
    first_token = seminar.tokens[sites[0].id]

    display = await page.context.new_page()
    await display.set_viewport_size({"width": 1920, "height": 1080})
    await display.goto(f"{server.base_url}/display/{seminar.slug}")
    total = display.get_by_test_id("headcount-total")
    await expect(total).to_have_attribute("data-value", "0")

    await open_site_page(page, server, first_token)
    await send_headcount(page, 27)
    await expect(page.get_by_text("Đã ghi nhận 27 người")).to_be_visible()
    await expect(total).to_have_attribute("data-value", "27")
    await expect(display.get_by_test_id("sites-connected")).to_have_attribute("data-value", "1")
    await page.screenshot(path=screenshot_path("10-site-page-reporting"), full_page=True)
    await display.screenshot(path=screenshot_path("11-display"))
    await display.close()


async def test_reports_made_offline_are_queued_and_delivered_in_order(
    page: Page, server: Server, organizer: Actor, session: AsyncSession, client
) -> None:
    site = await create_site(session, "CS1", "Chi bộ Sở Nội vụ")
    await session.rollback()
    seminar = await make_live_seminar(client, organizer, [site], checked_in=False)
    await open_site_page(page, server, seminar.tokens[site.id])

    await page.context.set_offline(True)
    await send_headcount(page, 40)
    await send_headcount(page, 41)
    await expect(page.get_by_text("Chờ gửi: 2")).to_be_visible()
    await page.screenshot(path=screenshot_path("12-site-page-offline"), full_page=True)
    await page.context.set_offline(False)
    await expect(page.get_by_text("Đã ghi nhận 41 người")).to_be_visible()
    await expect(page.get_by_text("Chờ gửi")).to_have_count(0)

    stored = await client.get(
        f"/api/v1/seminars/{seminar.id}/attendance", headers=organizer.headers
    )
    assert stored.json()["totals"]["headcount"] == 41
