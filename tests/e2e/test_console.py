"""An organizer prepares a seminar in the browser, end to end, in Vietnamese."""

import re

from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.models import SiteLevel
from tests.conftest import PASSWORD, Actor
from tests.e2e.conftest import Server, screenshot_path
from tests.factories import create_site


async def log_in(page: Page, server: Server, actor: Actor) -> None:
    await page.goto(f"{server.base_url}/login")
    await page.get_by_label("Email").fill(actor.user.email)
    await page.get_by_label("Mật khẩu").fill(PASSWORD)
    await page.get_by_role("button", name="Đăng nhập").click()
    await expect(page.get_by_role("heading", name="Hội nghị, hội thảo")).to_be_visible()


async def test_organizer_prepares_a_seminar_and_a_site_opens_its_link(
    page: Page, server: Server, organizer: Actor, session: AsyncSession
) -> None:
    root = await create_site(
        session, "DUK", "Đảng ủy Các cơ quan tỉnh Bắc Giang", level=SiteLevel.province
    )
    await create_site(session, "SNV", "Sở Nội vụ", parent=root)
    await create_site(session, "HN", "Đảng ủy Khối Hà Nội", level=SiteLevel.province)

    await log_in(page, server, organizer)
    await page.screenshot(path=screenshot_path("01-seminar-list"), full_page=True)

    # Create the seminar.
    await page.get_by_role("link", name="Tạo hội nghị").first.click()
    await page.get_by_label("Tên hội nghị").fill("Tọa đàm sinh hoạt chi bộ")
    await page.get_by_label("Thời gian bắt đầu").fill("2027-07-19T08:00")
    await page.get_by_label("Thời gian kết thúc").fill("2027-07-19T11:30")
    await page.get_by_label("Số đại biểu dự kiến").fill("1100")
    await page.screenshot(path=screenshot_path("02-seminar-form"), full_page=True)
    await page.get_by_role("button", name="Lưu").click()
    await expect(page.get_by_role("heading", name="Tọa đàm sinh hoạt chi bộ")).to_be_visible()
    # 08:00 in Hà Nội, shown back in Vietnamese format.
    await expect(page.get_by_text("19/07/2027 08:00").first).to_be_visible()

    # Agenda: two items.
    await page.get_by_role("tab", name="Chương trình").click()
    for kind, title in (
        ("Báo cáo đề dẫn", "Đề dẫn của Đảng ủy Khối"),
        ("Tham luận", "Tham luận số 1"),
    ):
        await page.get_by_role("button", name="Thêm mục").click()
        dialog = page.get_by_role("dialog")
        await dialog.get_by_label("Loại").select_option(label=kind)
        await dialog.get_by_label("Tiêu đề").fill(title)
        await dialog.get_by_role("button", name="Lưu").click()
        await expect(page.get_by_text(title, exact=True)).to_be_visible()
    await page.screenshot(path=screenshot_path("03-agenda"), full_page=True)

    # Invite the sites found by typing without diacritics.
    await page.get_by_role("tab", name="Điểm cầu").click()
    await page.get_by_role("button", name="Mời điểm cầu").click()
    await page.get_by_label("Tìm điểm cầu").fill("bac giang")
    found = page.get_by_role("checkbox", name=re.compile("Đảng ủy Các cơ quan tỉnh Bắc Giang"))
    await expect(found).to_be_visible()
    await expect(page.get_by_text("Đảng ủy Khối Hà Nội")).to_have_count(0)
    await found.check()
    await page.get_by_label("Mời cả các điểm cầu cấp dưới").check()
    await page.get_by_role("button", name=re.compile("Mời 1 điểm cầu đã chọn")).click()
    await expect(page.get_by_text("Liên kết điểm danh (2)")).to_be_visible()
    await page.screenshot(path=screenshot_path("04-checkin-links"), full_page=True)
    link = await page.locator("a[href*='/site#']").first.get_attribute("href")
    assert link is not None and "/site#" in link

    # Publish, with confirmation.
    await page.get_by_role("button", name="Công bố").click()
    await page.get_by_role("dialog").get_by_role("button", name="Công bố").click()
    await expect(page.get_by_text("Đã công bố").first).to_be_visible()

    # The site coordinator opens the link on a phone and registers.
    phone = await page.context.new_page()
    await phone.set_viewport_size({"width": 360, "height": 740})
    await phone.goto(link)
    await expect(phone.get_by_text("Tọa đàm sinh hoạt chi bộ").first).to_be_visible()
    await phone.get_by_label("Số người dự kiến tại điểm cầu").fill("25")
    await phone.get_by_label("Họ tên người phụ trách").fill("Nguyễn Văn An")
    await phone.get_by_label("Số điện thoại người phụ trách").fill("0912345678")
    await phone.get_by_role("button", name="Đăng ký").click()
    await expect(phone.get_by_text("Điểm cầu đã đăng ký tham dự.")).to_be_visible()
    await phone.screenshot(path=screenshot_path("05-site-page-phone"), full_page=True)

    # Switch the console to English.
    await page.get_by_role("button", name=re.compile("English|EN")).first.click()
    await expect(page.get_by_role("tab", name="Agenda")).to_be_visible()
    await page.screenshot(path=screenshot_path("06-english"), full_page=True)
