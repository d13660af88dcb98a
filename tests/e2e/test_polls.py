"""Polls in the browser: an organizer opens a per-person poll in the console, two phones answer
through the link of the QR code, and the big screen shows the bars with the right counts; a
site coordinator enters the per-site counts of the room and the console's results reach them,
per level."""

from collections.abc import AsyncIterator

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, Request, expect
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.models import SiteLevel
from tests.conftest import Actor
from tests.e2e.conftest import Server, screenshot_path
from tests.e2e.test_console import log_in
from tests.e2e.test_live import open_site_page, send_headcount
from tests.factories import create_site
from tests.realtime.conftest import make_live_seminar

PHONE = {"width": 360, "height": 740}
RECORDED = "Đã ghi nhận — bạn có thể đổi ý đến khi đóng"


class Phones:
    """Phones of people in the hall: each its own browser (own storage, so its own device key)."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.contexts: list[BrowserContext] = []
        self.errors: list[str] = []

    async def open(self, url: str) -> Page:
        context = await self.browser.new_context(
            locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE, is_mobile=True
        )
        self.contexts.append(context)
        phone = await context.new_page()
        phone.on("pageerror", lambda e: self.errors.append(str(e)))
        phone.on(
            "console",
            lambda m: (
                self.errors.append(m.text)
                if m.type == "error" and "status of 4" not in m.text
                else None
            ),
        )
        await phone.goto(url)
        return phone


@pytest.fixture
async def phones(browser: Browser, server: Server) -> AsyncIterator[Phones]:
    made = Phones(browser)
    yield made
    for context in made.contexts:
        await context.close()
    assert made.errors == [], f"console errors on a phone: {made.errors}"


async def answer(phone: Page, label: str) -> None:
    await phone.get_by_label(label, exact=True).check()
    await phone.get_by_test_id("poll-send").click()
    await expect(phone.get_by_test_id("poll-recorded")).to_have_text(RECORDED)


async def bar_counts(bars) -> list[str]:  # type: ignore[no-untyped-def]
    return await bars.get_by_test_id("poll-bar-count").all_inner_texts()


async def test_an_organizer_opens_a_poll_two_phones_answer_by_qr_and_the_big_screen_shows_bars(
    page: Page,
    server: Server,
    organizer: Actor,
    session: AsyncSession,
    client: httpx.AsyncClient,
    phones: Phones,
) -> None:
    site = await create_site(session, "CS1", "Chi bộ Sở Nội vụ")
    await session.rollback()  # end the transaction: it holds SQLite's write lock
    seminar = await make_live_seminar(client, organizer, [site], checked_in=False)

    await log_in(page, server, organizer)
    await page.goto(f"{server.base_url}/seminars/{seminar.id}?tab=polls")
    await page.get_by_test_id("poll-new").click()
    await page.get_by_label("Câu hỏi").fill("Anh/chị có đồng ý với dự thảo nghị quyết?")
    options = page.get_by_test_id("poll-option-input")
    await options.nth(0).fill("Đồng ý")
    await options.nth(1).fill("Không đồng ý")
    await page.get_by_test_id("poll-add-option").click()
    await options.nth(2).fill("Ý kiến khác")
    await page.get_by_label("Từng người (quét mã QR)").check()
    await expect(page.get_by_test_id("poll-show-live")).to_be_checked()
    await page.get_by_test_id("poll-create").click()

    detail = page.get_by_test_id("poll-detail")
    await expect(detail.get_by_test_id("poll-status")).to_have_text("Nháp")
    await detail.get_by_test_id("poll-open").click()
    await expect(detail.get_by_test_id("poll-status")).to_have_text("Đang mở")
    qr = detail.get_by_test_id("poll-qr")
    link = await qr.get_attribute("data-link")
    assert link and link.startswith(f"{server.base_url}/p/")
    # The link written under the QR is the same, without the scheme.
    await expect(qr.get_by_test_id("poll-link")).to_have_text(link.removeprefix("http://"))

    # The site page shows the same QR code, for the people in its room.
    site_page = await phones.open(f"{server.base_url}/site")
    await open_site_page(site_page, server, seminar.tokens[site.id])
    await expect(site_page.get_by_test_id("site-poll-qr")).to_have_attribute("data-link", link)
    await site_page.close()

    # The big screen shows the poll with a large QR code of the same link.
    screen = await page.context.new_page()
    await screen.set_viewport_size({"width": 1920, "height": 1080})
    await screen.goto(f"{server.base_url}/display/{seminar.slug}")
    shown = screen.get_by_test_id("display-poll")
    await expect(shown.get_by_test_id("display-poll-question")).to_have_text(
        "Anh/chị có đồng ý với dự thảo nghị quyết?"
    )
    await expect(shown.get_by_test_id("display-poll-qr")).to_have_attribute("data-link", link)
    screen_bars = shown.get_by_test_id("display-poll-bars")
    await expect(screen_bars).to_have_attribute("data-responses", "0")

    # Two phones in the hall answer; the second changes its mind (its answer is replaced).
    first = await phones.open(link)
    second = await phones.open(link)
    await expect(first.get_by_test_id("poll-question")).to_have_text(
        "Anh/chị có đồng ý với dự thảo nghị quyết?"
    )
    assert await first.get_by_role("radio").count() == 3
    await answer(first, "Đồng ý")
    await answer(second, "Đồng ý")
    await answer(second, "Ý kiến khác")
    assert await second.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The phone's bars are drawn (their stylesheet loaded), not run-together text.
    track = await second.locator(".poll-bar-track").first.bounding_box()
    assert track and track["width"] > 100
    await second.screenshot(path=screenshot_path("70-poll-phone-answered"), full_page=True)

    # The big screen's bars, live: one each, of two answers; the console's too.
    await expect(screen_bars).to_have_attribute("data-responses", "2")
    await expect(screen_bars.get_by_test_id("poll-bar-count")).to_have_text(["1", "0", "1"])
    await expect(screen_bars.get_by_test_id("poll-bar-percent")).to_have_text(["50%", "0%", "50%"])
    # Drawn as bars (the stylesheet applies): a wide track, a block per option.
    track = await screen_bars.locator(".poll-bar-track").first.bounding_box()
    assert track and track["width"] > 100
    fills = screen_bars.locator(".poll-bar-fill")
    assert (
        await fills.evaluate_all("els => els.map(e => getComputedStyle(e).display)")
        == ["block"] * 3
    )
    # Widths are relative to the leading option (the percentages are printed beside).
    widths = await fills.evaluate_all("els => els.map(e => e.style.width)")
    assert widths == ["100%", "0%", "100%"]
    await screen.screenshot(path=screenshot_path("71-poll-big-screen"))
    console_bars = detail.get_by_test_id("poll-results-bars")
    await expect(console_bars.get_by_test_id("poll-bar-count")).to_have_text(["1", "0", "1"])

    # Closed: a phone can no longer answer, and says so.
    await detail.get_by_test_id("poll-close").click()
    await expect(detail.get_by_test_id("poll-status")).to_have_text("Đã đóng")
    await first.reload()
    await expect(first.get_by_test_id("poll-closed")).to_contain_text("Biểu quyết đã đóng")
    await expect(first.get_by_test_id("poll-send")).to_have_count(0)
    # Published: the results reach the phones.
    await detail.get_by_test_id("poll-publish").click()
    await expect(detail.get_by_test_id("poll-status")).to_have_text("Đã công bố")
    await first.reload()
    await expect(first.get_by_test_id("poll-bar-count")).to_have_text(["1", "0", "1"])
    await screen.close()


async def test_a_site_enters_its_rooms_counts_and_the_console_shows_them_per_level(
    page: Page,
    server: Server,
    organizer: Actor,
    session: AsyncSession,
    client: httpx.AsyncClient,
    browser: Browser,
) -> None:
    root = await create_site(session, "DUK", "Đảng ủy Khối", level=SiteLevel.province)
    branch = await create_site(session, "CS1", "Chi bộ Sở Nội vụ", parent=root)
    await session.rollback()
    seminar = await make_live_seminar(client, organizer, [root, branch], checked_in=False)

    context = await browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    site_page = await context.new_page()
    errors: list[str] = []
    site_page.on("pageerror", lambda e: errors.append(str(e)))
    await open_site_page(site_page, server, seminar.tokens[branch.id])
    await send_headcount(site_page, 30)
    await expect(site_page.get_by_text("Đã ghi nhận 30 người")).to_be_visible()

    created = await client.post(
        f"/api/v1/seminars/{seminar.id}/polls",
        headers=organizer.headers,
        json={
            "question": "Thông qua chương trình hội nghị?",
            "kind": "single",
            "options": ["Tán thành", "Không tán thành"],
            "mode": "per_site",
            "show_live": True,
        },
    )
    assert created.status_code == 201, created.text
    poll = created.json()
    yes, no = (o["id"] for o in poll["options"])
    # Opened from the console (the server's process then tells the site pages).
    await log_in(page, server, organizer)
    await page.goto(f"{server.base_url}/seminars/{seminar.id}?tab=polls")
    await page.get_by_test_id("poll-select").click()
    detail = page.get_by_test_id("poll-detail")
    await detail.get_by_test_id("poll-open").click()
    await expect(detail.get_by_test_id("poll-status")).to_have_text("Đang mở")

    # The open poll reaches the site page through its socket; more than the room holds is refused.
    form = site_page.get_by_test_id("site-poll-tally")
    counts = form.get_by_test_id("site-poll-count")
    await counts.nth(0).fill("25")
    await counts.nth(1).fill("10")
    await form.get_by_test_id("site-poll-send").click()
    refused = form.get_by_test_id("send-status")
    await expect(refused).to_have_attribute("data-status", "rejected")
    await expect(refused).to_contain_text("30")
    await counts.nth(1).fill("5")
    await form.get_by_test_id("site-poll-send").click()
    await expect(form.get_by_test_id("send-status")).to_have_attribute("data-status", "sent")
    assert await site_page.evaluate("document.documentElement.scrollWidth") <= 360
    await site_page.screenshot(path=screenshot_path("72-site-poll-tally"), full_page=True)

    bars = detail.get_by_test_id("poll-results-bars")
    await expect(bars.get_by_test_id("poll-bar-count")).to_have_text(["25", "5"])
    await expect(bars.get_by_test_id("poll-bar-percent")).to_have_text(["83,3%", "16,7%"])
    top = detail.get_by_test_id("poll-level-row")
    await expect(top).to_have_count(1)
    await expect(top).to_have_attribute("data-site-id", str(root.id))
    await expect(top).to_have_attribute("data-responses", "30")
    await top.get_by_test_id("poll-level-open").click()
    await expect(detail.get_by_test_id("poll-level-crumbs")).to_contain_text("Đảng ủy Khối")
    child = detail.locator(f'[data-testid="poll-level-row"][data-site-id="{branch.id}"]')
    await expect(child.locator(f'[data-option-id="{yes}"]')).to_have_attribute("data-count", "25")
    await expect(child.locator(f'[data-option-id="{no}"]')).to_have_attribute("data-count", "5")

    # A new count made while the line is down waits on the phone, leaves when it returns, and
    # replaces the old one (latest wins), live in the console.
    await context.set_offline(True)
    await counts.nth(0).fill("20")
    await form.get_by_test_id("site-poll-send").click()
    await expect(form.get_by_test_id("send-status")).to_have_attribute("data-status", "queued")
    await context.set_offline(False)
    await expect(form.get_by_test_id("send-status")).to_have_attribute("data-status", "sent")
    await expect(bars.get_by_test_id("poll-bar-count")).to_have_text(["20", "5"])
    await page.screenshot(path=screenshot_path("73-console-poll-per-level"), full_page=True)
    await context.close()
    assert errors == []


# Bytes on the wire of the phone's first load of /p/<token>: the document, its code and styles, the
# poll (110,400 measured; React, React Query and i18next are most of it). Under the site page's
# budget (tests/e2e/test_site_offline.py): no socket, no console, no QR library.
POLL_PAGE_BUDGET = 115 * 1024


async def test_the_phone_poll_page_first_load_is_small_and_brings_neither_console_nor_socket(
    browser: Browser,
    server: Server,
    organizer: Actor,
    session: AsyncSession,
    client: httpx.AsyncClient,
    phones: Phones,
) -> None:
    site = await create_site(session, "CS1", "Chi bộ Sở Nội vụ")
    await session.rollback()
    seminar = await make_live_seminar(client, organizer, [site])
    created = await client.post(
        f"/api/v1/seminars/{seminar.id}/polls",
        headers=organizer.headers,
        json={"question": "Đồng ý?", "options": ["Có", "Không"], "mode": "per_person"},
    )
    poll = created.json()
    opened = await client.post(
        f"/api/v1/seminars/{seminar.id}/polls/{poll['id']}/open", headers=organizer.headers, json={}
    )
    assert opened.status_code == 200, opened.text

    context = await browser.new_context(locale="vi-VN", viewport=PHONE)  # no cache
    phone = await context.new_page()
    finished: list[Request] = []
    phone.on("requestfinished", lambda request: finished.append(request))
    await phone.goto(f"{server.base_url}/p/{poll['token']}")
    await expect(phone.get_by_test_id("poll-question")).to_have_text("Đồng ý?")
    await expect(phone.get_by_role("radio")).to_have_count(2)
    sizes = {}
    for request in finished:
        response = await request.response()
        assert response is not None
        await response.finished()
        sizes[request.url] = (await request.sizes())["responseBodySize"]
    await context.close()
    names = " ".join(sizes)
    for unwanted in ("live-socket", "appMain", "ConsoleShell", "siteMain", "qrcode", "PollQr"):
        assert unwanted not in names, unwanted
    total = sum(sizes.values())
    print(f"poll page first load: {total} bytes in {len(sizes)} requests")
    assert total <= POLL_PAGE_BUDGET, sorted(sizes.items(), key=lambda kv: -kv[1])


async def test_the_survey_opens_after_the_event_for_a_set_time_and_says_who_was_satisfied(
    page: Page,
    server: Server,
    organizer: Actor,
    session: AsyncSession,
    client: httpx.AsyncClient,
    phones: Phones,
) -> None:
    site = await create_site(session, "CS1", "Chi bộ Sở Nội vụ")
    await session.rollback()
    seminar = await make_live_seminar(client, organizer, [site], status="published")

    await log_in(page, server, organizer)
    await page.goto(f"{server.base_url}/seminars/{seminar.id}?tab=polls")
    await page.get_by_test_id("survey-new").click()
    labels = page.get_by_test_id("poll-option-input")
    await expect(labels).to_have_count(5)
    await expect(labels.first).to_have_value("Rất không hài lòng")
    await expect(labels.last).to_have_value("Rất hài lòng")
    await page.get_by_test_id("poll-create").click()
    detail = page.get_by_test_id("poll-detail")
    await expect(detail.get_by_test_id("poll-duration")).to_have_value("30")

    # Before the seminar starts, the server refuses (409) and the console says why.
    await detail.get_by_test_id("poll-open").click()
    await expect(detail.get_by_test_id("error-message")).to_contain_text(
        "chỉ mở khảo sát được khi hội thảo đang diễn"
    )
    await expect(detail.get_by_test_id("poll-status")).to_have_text("Nháp")

    for verb in ("start", "end"):
        moved = await client.post(
            f"/api/v1/seminars/{seminar.id}/{verb}", headers=organizer.headers
        )
        assert moved.status_code == 200, moved.text
    await detail.get_by_test_id("poll-duration").fill("45")
    await detail.get_by_test_id("poll-open").click()
    await expect(detail.get_by_test_id("poll-status")).to_have_text("Đang mở")
    await expect(detail).to_contain_text("Đóng lúc")
    link = await detail.get_by_test_id("poll-qr").get_attribute("data-link")
    assert link

    one, two = await phones.open(link), await phones.open(link)
    await answer(one, "Hài lòng")
    await answer(two, "Bình thường")
    await page.reload()
    await page.get_by_test_id("poll-select").click()
    await expect(detail.get_by_test_id("poll-satisfied")).to_have_text(
        "50% hài lòng hoặc rất hài lòng"
    )
    await expect(detail.get_by_test_id("poll-results-bars")).to_have_attribute(
        "data-responses", "2"
    )

    # Closed, the survey is quoted in the report tab, as the press report quotes it.
    await detail.get_by_test_id("poll-close").click()
    await expect(detail.get_by_test_id("poll-status")).to_have_text("Đã đóng")
    await page.goto(f"{server.base_url}/seminars/{seminar.id}?tab=report")
    await expect(page.get_by_test_id("report-survey-sentence")).to_have_text(
        "50% hài lòng hoặc rất hài lòng (1 trên 2 phiếu trả lời)"
    )
    await expect(page.get_by_test_id("report-survey-bars")).to_have_attribute("data-responses", "2")
