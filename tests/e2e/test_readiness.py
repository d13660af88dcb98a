"""Before the start: a site runs its technical check on a phone-sized page (it measures its
own round trip over the socket, the coordinator answers picture / sound / line); the
organizers' readiness board turns it green at once, with no reload, and the big screen
counts it ("N/M điểm cầu sẵn sàng")."""

import httpx
from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.models import SiteLevel
from tests.conftest import Actor
from tests.e2e.conftest import Server, screenshot_path
from tests.factories import create_seminar, create_site, invite


async def test_a_site_runs_the_technical_check_and_the_board_turns_it_green(
    page: Page, server: Server, organizer: Actor, session: AsyncSession, client: httpx.AsyncClient
) -> None:
    root = await create_site(session, "HN", "Thành phố Hà Nội", level=SiteLevel.province)
    commune = await create_site(session, "HN1", "Phường Ba Đình", parent=root)
    other = await create_site(session, "HN2", "Phường Hoàn Kiếm", parent=root)
    await session.rollback()
    # Published, its start an hour away at most: the check is open.
    seminar = await create_seminar(client, organizer, "published")
    tokens = await invite(client, organizer, seminar["id"], [root.id, commune.id, other.id])

    board = await page.context.new_page()
    await board.add_init_script(f"localStorage.setItem('diemcau.token', '{organizer.token}')")
    await board.goto(f"{server.base_url}/seminars/{seminar['id']}?tab=readiness")
    row = board.locator(f"[data-testid=readiness-row][data-site-id='{commune.id}']")
    await expect(row).to_have_attribute("data-readiness", "unchecked")
    await expect(board.get_by_test_id("readiness-unchecked")).to_contain_text("3")

    screen = await page.context.new_page()
    await screen.goto(f"{server.base_url}/display/{seminar['slug']}")
    ready_line = screen.get_by_test_id("display-readiness")
    await expect(ready_line).to_have_text("0/3 điểm cầu sẵn sàng")

    await page.set_viewport_size({"width": 360, "height": 780})
    await page.goto(f"{server.base_url}/site#{tokens[commune.id]}")
    check = page.get_by_test_id("techcheck")
    await expect(check.get_by_role("heading", name="Kiểm tra kỹ thuật")).to_be_visible()
    # The round trip over the socket, measured by the page itself.
    await expect(page.get_by_test_id("techcheck-rtt")).to_contain_text(" ms")
    for part in ("video", "audio", "network"):
        await page.get_by_test_id(f"techcheck-{part}").get_by_text("Tốt", exact=True).click()
    await page.get_by_role("button", name="Gửi kết quả kiểm tra").click()
    result = page.get_by_test_id("techcheck-result")
    await expect(result).to_have_attribute("data-readiness", "ready")
    await expect(result).to_contain_text("Đã sẵn sàng")
    # Usable on a 360-px phone: nothing wider than the screen.
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    await page.screenshot(path=screenshot_path("30-site-techcheck"), full_page=True)

    # The board, live through the staff view: green, counted, and sorted after the others.
    await expect(row).to_have_attribute("data-readiness", "ready")
    await expect(board.get_by_test_id("readiness-ready")).to_contain_text("1")
    await expect(board.get_by_test_id("readiness-unchecked")).to_contain_text("2")
    await expect(board.get_by_test_id("readiness-row").last).to_have_attribute(
        "data-site-id", str(commune.id)
    )
    await board.screenshot(path=screenshot_path("31-readiness-board"), full_page=True)
    # The big screen, before the start: live too.
    await expect(ready_line).to_have_text("1/3 điểm cầu sẵn sàng")
    await screen.close()

    # A problem goes to the top of the board.
    await page.get_by_test_id("techcheck-audio").get_by_text("Có vấn đề", exact=True).click()
    await page.get_by_test_id("techcheck-note").fill("Loa bị rè")
    await page.get_by_role("button", name="Gửi kết quả kiểm tra").click()
    await expect(result).to_have_attribute("data-readiness", "problem")
    first = board.get_by_test_id("readiness-row").first
    await expect(first).to_have_attribute("data-site-id", str(commune.id))
    await expect(first).to_contain_text("Loa bị rè")
    await board.close()


async def test_a_check_made_offline_waits_on_the_phone_and_is_delivered_when_the_line_returns(
    page: Page, server: Server, organizer: Actor, session: AsyncSession, client: httpx.AsyncClient
) -> None:
    site = await create_site(session, "LC1", "Xã Bát Xát")
    await session.rollback()
    seminar = await create_seminar(client, organizer, "published")
    tokens = await invite(client, organizer, seminar["id"], [site.id])
    await page.set_viewport_size({"width": 360, "height": 780})
    await page.goto(f"{server.base_url}/site#{tokens[site.id]}")
    await expect(page.get_by_test_id("techcheck-rtt")).to_contain_text(" ms")

    await page.context.set_offline(True)
    for part in ("video", "audio", "network"):
        await page.get_by_test_id(f"techcheck-{part}").get_by_text("Tốt", exact=True).click()
    await page.get_by_role("button", name="Gửi kết quả kiểm tra").click()
    await expect(page.get_by_test_id("send-status")).to_have_attribute("data-status", "queued")
    await expect(page.get_by_text("Đang chờ gửi")).to_be_visible()
    await page.context.set_offline(False)
    await expect(page.get_by_test_id("techcheck-result")).to_have_attribute(
        "data-readiness", "ready"
    )

    board = await client.get(
        f"/api/v1/seminars/{seminar['id']}/readiness", headers=organizer.headers
    )
    assert board.json()["ready"] == 1
