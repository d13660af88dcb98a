"""On the day: a site reports "Mất tiếng" from a phone; the organizer sees the badge at once,
acknowledges and resolves it, and the site page shows each state."""

import httpx
from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor
from tests.e2e.conftest import Server, screenshot_path
from tests.e2e.test_console import log_in
from tests.e2e.test_live import open_site_page
from tests.factories import create_site
from tests.realtime.conftest import make_live_seminar

COUNT_TONES = """
window.__tones = 0;
const create = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () {
  window.__tones += 1;
  return create.call(this);
};
"""


async def test_a_site_reports_no_sound_and_the_organizer_acknowledges_and_resolves_it(
    page: Page, server: Server, organizer: Actor, session: AsyncSession, client: httpx.AsyncClient
) -> None:
    site = await create_site(session, "CS1", "Chi bộ Sở Nội vụ")
    await session.rollback()  # end the transaction: it holds SQLite's write lock
    seminar = await make_live_seminar(client, organizer, [site], checked_in=False)
    # Count the console's alert tones (the browser plays them; the test cannot hear).
    await page.add_init_script(COUNT_TONES)

    await log_in(page, server, organizer)
    await page.goto(f"{server.base_url}/seminars/{seminar.id}")  # the overview tab
    badge = page.get_by_test_id("incidents-badge")
    await expect(badge).to_have_attribute("data-count", "0")

    phone = await page.context.new_page()
    await open_site_page(phone, server, seminar.tokens[site.id])
    await phone.get_by_role("button", name="Mất tiếng").click()
    state = phone.get_by_test_id("site-incident-status")
    await expect(state).to_have_text("Đã báo, chờ tiếp nhận")
    # Usable on a 360-px phone: nothing wider than the screen.
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 360
    await phone.screenshot(path=screenshot_path("60-site-incident-reported"), full_page=True)

    # The organizer, on another tab of the console, sees it at once.
    await expect(badge).to_have_attribute("data-count", "1")
    await page.wait_for_function("window.__tones === 2")  # the two-tone alert
    await badge.click()
    row = page.get_by_test_id("incident-row")
    await expect(row).to_have_count(1)
    await expect(row.get_by_test_id("incident-status")).to_have_text("Mới báo")
    await expect(row).to_contain_text("Chi bộ Sở Nội vụ")

    await row.get_by_test_id("incident-ack").click()
    await page.get_by_label("Ghi chú (không bắt buộc)").fill("Kỹ thuật đang gọi điểm cầu")
    await page.get_by_test_id("incident-action-confirm").click()
    await expect(row.get_by_test_id("incident-status")).to_have_text("Đã tiếp nhận")
    await expect(state).to_have_text("Ban tổ chức đang xử lý")
    await expect(badge).to_have_attribute("data-count", "0")

    await row.get_by_test_id("incident-resolve").click()
    await page.get_by_label("Ghi chú (không bắt buộc)").fill("Đã cắm lại micrô")
    await page.get_by_test_id("incident-action-confirm").click()
    await expect(row.get_by_test_id("incident-status")).to_have_text("Đã khắc phục")
    await expect(row).to_contain_text("Đã cắm lại micrô")
    await expect(state).to_have_text("Đã khắc phục")
    assert await page.evaluate("window.__tones") == 2  # no alert for its handling
    await page.screenshot(path=screenshot_path("61-console-incidents"), full_page=True)
    await phone.screenshot(path=screenshot_path("62-site-incident-resolved"), full_page=True)
    await phone.close()


async def test_an_incident_reported_offline_waits_on_the_phone_and_arrives_once_online(
    page: Page, server: Server, organizer: Actor, session: AsyncSession, client: httpx.AsyncClient
) -> None:
    site = await create_site(session, "CS1", "Chi bộ Sở Nội vụ")
    await session.rollback()
    seminar = await make_live_seminar(client, organizer, [site], checked_in=False)
    await open_site_page(page, server, seminar.tokens[site.id])

    await page.context.set_offline(True)
    await page.get_by_role("button", name="Khác").click()
    await page.get_by_label("Mô tả sự cố").fill("Máy chiếu tắt")
    await page.get_by_test_id("incident-other-send").click()
    await expect(page.get_by_test_id("send-status")).to_have_attribute("data-status", "queued")
    await page.context.set_offline(False)

    await expect(page.get_by_test_id("send-status")).to_have_attribute("data-status", "sent")
    await expect(page.get_by_test_id("site-incident-status")).to_have_text("Đã báo, chờ tiếp nhận")
    listed = await client.get(f"/api/v1/seminars/{seminar.id}/incidents", headers=organizer.headers)
    assert [(i["kind"], i["note"]) for i in listed.json()["items"]] == [("other", "Máy chiếu tắt")]
