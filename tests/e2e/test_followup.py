"""After the event: the organizer assigns a task from the console, a site sees it on its
link on a 360-px phone and marks it done; the organizer's board shows it live."""

from datetime import date, timedelta

import httpx
from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor
from tests.e2e.conftest import Server, screenshot_path
from tests.e2e.test_console import log_in
from tests.factories import API, create_site
from tests.realtime.conftest import make_live_seminar


async def test_a_site_marks_its_task_done_and_the_board_shows_it(
    page: Page, server: Server, organizer: Actor, session: AsyncSession, client: httpx.AsyncClient
) -> None:
    site = await create_site(session, "CS1", "Chi bộ Sở Nội vụ")
    other = await create_site(session, "CS2", "Chi bộ Sở Tài chính")
    await session.rollback()  # end the transaction: it holds SQLite's write lock
    seminar = await make_live_seminar(client, organizer, [site, other])
    due = date.today() + timedelta(days=14)

    await log_in(page, server, organizer)
    await page.goto(f"{server.base_url}/seminars/{seminar.id}?tab=followup")
    await page.get_by_test_id("task-title").fill("Quán triệt kết luận tọa đàm")
    await page.get_by_test_id("task-due").fill(due.isoformat())
    await page.get_by_test_id("task-create").click()
    card = page.get_by_test_id("task-card")
    await expect(card).to_have_count(1)
    await expect(card.get_by_test_id("task-count-not_started")).to_have_attribute("data-count", "2")
    ended = await client.post(f"{API}/seminars/{seminar.id}/end", headers=organizer.headers)
    assert ended.status_code == 200

    phone = await page.context.new_page()
    await phone.set_viewport_size({"width": 360, "height": 780})
    await phone.goto(f"{server.base_url}/site#{seminar.tokens[site.id]}")
    task = phone.get_by_test_id("site-task")
    await expect(task).to_contain_text("Quán triệt kết luận tọa đàm")
    await expect(task).to_contain_text(f"Thời hạn: {due:%d/%m/%Y}")
    await expect(task.get_by_test_id("site-task-status")).to_have_text("Chưa thực hiện")
    # After the event the tasks are the action of the moment: first, and no headcount form.
    actions = phone.get_by_test_id("site-actions")
    await expect(actions).to_have_attribute("data-phase", "after")
    await expect(actions.locator(":scope > *").first).to_have_attribute("data-testid", "site-tasks")
    await expect(phone.get_by_test_id("headcount-form")).to_have_count(0)
    await task.get_by_test_id("site-task-note").fill("Đã tổ chức sinh hoạt chuyên đề")
    await task.get_by_role("button", name="Đã hoàn thành").click()
    await expect(task.get_by_test_id("site-task-status")).to_have_text("Đã hoàn thành")
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 360
    await phone.screenshot(path=screenshot_path("70-site-task-done"), full_page=True)

    # The console got the staff `task` message: the counts moved without a reload.
    await expect(card.get_by_test_id("task-count-done")).to_have_attribute("data-count", "1")
    await expect(card.get_by_test_id("task-count-not_started")).to_have_attribute("data-count", "1")
    await card.get_by_test_id("task-open").click()
    await page.get_by_test_id("task-sites-filter").select_option("done")
    row = page.get_by_test_id("task-site-row")
    await expect(row).to_have_count(1)
    await expect(row).to_contain_text("Chi bộ Sở Nội vụ")
    await expect(row).to_contain_text("Đã tổ chức sinh hoạt chuyên đề")
    await page.screenshot(path=screenshot_path("71-console-followup-board"), full_page=True)
    await phone.close()
