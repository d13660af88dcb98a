"""After the event, the organizer reads the report tab: figures, chart and summary."""

from datetime import UTC, datetime

from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor
from tests.e2e.conftest import Server, screenshot_path
from tests.e2e.test_console import log_in
from tests.factories import API, create_site, site_headers
from tests.realtime.conftest import make_live_seminar
from tests.realtime.test_live_attendance import report


async def test_the_report_tab_shows_the_chart_and_the_summary_after_the_event(
    page: Page, server: Server, organizer: Actor, session: AsyncSession, client
) -> None:
    sites = [await create_site(session, f"CS{i:02d}", f"Chi bộ số {i:02d}") for i in range(58)]
    await session.rollback()
    seminar = await make_live_seminar(client, organizer, sites)
    for i, token in enumerate(seminar.tokens.values()):
        assert (await report(client, token, 19 + i % 2)).status_code == 200
    ended = await client.post(f"{API}/seminars/{seminar.id}/end", headers=organizer.headers)
    assert ended.status_code == 200
    # A report after the end is refused and changes nothing.
    late = await client.post(
        f"{API}/site/headcount",
        json={"headcount": 1, "request_id": "late", "reported_at": datetime.now(UTC).isoformat()},
        headers=site_headers(next(iter(seminar.tokens.values()))),
    )
    assert late.status_code == 409
    figures = (
        await client.get(f"{API}/seminars/{seminar.id}/report", headers=organizer.headers)
    ).json()
    assert figures["sites"]["connected"] == 58
    assert figures["attendance"]["peak_headcount"] == 58 * 19 + 29

    await log_in(page, server, organizer)
    await page.goto(f"{server.base_url}/seminars/{seminar.id}?tab=report")
    await expect(page.get_by_role("img", name="Biểu đồ số người theo thời gian")).to_be_visible()
    summary = page.get_by_test_id("report-summary")
    await expect(summary).to_contain_text("gần 60 điểm cầu")
    await expect(summary).to_contain_text("hơn 1.100")
    await page.screenshot(path=screenshot_path("15-report"), full_page=True)


async def test_on_a_phone_the_report_sites_are_cards_sorted_with_a_select(
    page: Page, server: Server, organizer: Actor, session: AsyncSession, client
) -> None:
    names = ["Chi bộ Cà Mau", "Chi bộ An Giang", "Chi bộ Đà Nẵng", "Chi bộ Hà Nội"]
    sites = [await create_site(session, f"PH{i}", name) for i, name in enumerate(names)]
    await session.rollback()
    seminar = await make_live_seminar(client, organizer, sites)
    for headcount, token in zip([30, 10, 40, 20], seminar.tokens.values(), strict=True):
        assert (await report(client, token, headcount)).status_code == 200

    await log_in(page, server, organizer)
    await page.set_viewport_size({"width": 360, "height": 740})
    await page.goto(f"{server.base_url}/seminars/{seminar.id}?tab=report")
    block = page.get_by_test_id("report-sites-table")
    cards = block.locator("tbody tr")
    await expect(cards).to_have_count(4)
    # Cards, not columns: rows are blocks; the header row shrinks to nothing (still read aloud).
    await expect(cards.first).to_have_css("display", "block")
    header = await block.locator("thead").bounding_box()
    assert header is not None and header["height"] <= 1
    sort = block.get_by_label("Sắp xếp theo")
    await expect(sort).to_be_visible()
    await sort.select_option(label="Điểm cầu (tăng dần)")
    await expect(cards.first).to_contain_text("Chi bộ An Giang")
    await expect(cards.last).to_contain_text("Chi bộ Hà Nội")
    await sort.select_option(label="Cao nhất (giảm dần)")
    await expect(cards.first).to_contain_text("Chi bộ Đà Nẵng")
    await expect(cards.last).to_contain_text("Chi bộ An Giang")
    await page.screenshot(path=screenshot_path("15-report-phone-sorted"), full_page=True)

    # On a wide screen the columns sort by their headers and the select is gone.
    await page.set_viewport_size({"width": 1366, "height": 900})
    await expect(sort).not_to_be_visible()
    await expect(cards.first).to_have_css("display", "table-row")
    await block.get_by_test_id("sort-name").click()
    await expect(cards.first).to_contain_text("Chi bộ An Giang")
