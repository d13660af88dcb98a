"""A discussion round from the queue to the big screen: a site asks to speak from its phone,
the organizer calls and starts it, the big screen shows the speaker and the countdown, and
the site page says "Chuẩn bị phát biểu" then "Đang phát biểu"."""

import re

from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor
from tests.e2e.conftest import Server, screenshot_path
from tests.e2e.test_console import log_in
from tests.e2e.test_live import open_site_page
from tests.factories import create_site
from tests.realtime.conftest import make_live_seminar


async def test_a_site_asks_to_speak_and_the_big_screen_shows_it(
    page: Page, server: Server, organizer: Actor, session: AsyncSession, client, browser
) -> None:
    site = await create_site(session, "XTP", "Xã Tân Phú")
    await session.rollback()
    seminar = await make_live_seminar(client, organizer, [site], checked_in=False)

    # The big screen in a context of its own: its clock is ours to move (past the planned
    # time the countdown turns red) without touching the site page's.
    screen = await browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1920, "height": 1080}
    )
    display = await screen.new_page()
    await display.clock.install()
    await display.goto(f"{server.base_url}/display/{seminar.slug}")
    console = await page.context.new_page()
    await log_in(console, server, organizer)
    await console.goto(f"{server.base_url}/seminars/{seminar.id}?tab=speaking")
    await expect(console.get_by_text("Chưa có ai đăng ký phát biểu.")).to_be_visible()

    # The site asks for the floor from a phone-sized page.
    await open_site_page(page, server, seminar.tokens[site.id])
    await page.get_by_label("Họ tên người phát biểu").fill("Ông Nguyễn Văn Bình")
    await page.get_by_label("Chức vụ").fill("Bí thư Chi bộ")
    await page.get_by_label("Nội dung phát biểu").fill("Chuyển đổi số ở cơ sở")
    await page.get_by_role("button", name="Xin phát biểu").click()
    state = page.get_by_test_id("site-speaking-state")
    await expect(state).to_have_text("Đã đăng ký, thứ tự 1")

    # The organizer sees it arrive live, and calls it.
    row = console.get_by_test_id("speaking-item").filter(has_text="Ông Nguyễn Văn Bình")
    await expect(row).to_be_visible()
    await expect(row).to_contain_text("Xã Tân Phú")
    await row.get_by_role("button", name="Mời chuẩn bị").click()
    await expect(state).to_have_text("Chuẩn bị phát biểu")
    await expect(display.get_by_test_id("display-speaker-next")).to_contain_text(
        "Ông Nguyễn Văn Bình"
    )
    await page.screenshot(path=screenshot_path("40-site-called"), full_page=True)

    # Started: the big screen shows the speaker, the site and the countdown.
    await row.get_by_role("button", name="Bắt đầu").click()
    await expect(state).to_have_text("Đang phát biểu")
    await expect(display.get_by_test_id("display-speaker-name")).to_have_text("Ông Nguyễn Văn Bình")
    await expect(display.get_by_test_id("display-speaker-site")).to_have_text("Xã Tân Phú")
    countdown = display.get_by_test_id("display-countdown")
    await expect(countdown).to_have_text(re.compile(r"^0[23]:\d\d$"))
    await expect(countdown).to_have_attribute("data-over", "false")
    await display.screenshot(path=screenshot_path("41-display-speaker"))
    await display.clock.fast_forward("04:00")
    await expect(countdown).to_have_attribute("data-over", "true")
    await expect(countdown).to_have_text(re.compile(r"^\+0[01]:\d\d$"))
    await expect(countdown).to_have_css("color", "rgb(255, 92, 92)")

    # Ended: the floor is free again everywhere.
    await row.get_by_test_id("speaking-end").click()
    await expect(display.get_by_test_id("display-speaking")).to_have_count(0)
    await expect(page.get_by_test_id("site-speaking-request")).to_have_count(0)
    await screen.close()
    await console.close()
