"""The site page on a commune's phone with a weak line: a small first load of compressed, cached
assets; visited once, it opens again without a network (service worker) and sends what was queued
when the line returns."""

from playwright.async_api import Page, Request, expect
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor
from tests.e2e.conftest import Server, screenshot_path
from tests.factories import create_site
from tests.realtime.conftest import make_live_seminar

# Bytes on the wire (encoded bodies) of the first load: the document, its code and styles, the
# site's context: everything it needs to be shown and used (register, check in, report, queue).
FIRST_LOAD_BUDGET = 120 * 1024
# The live connection's library (socket.io, its own chunk, fetched after the page is shown) on top.
WITH_LIVE_BUDGET = 132 * 1024
LIVE_SOCKET_CHUNK = "/assets/live-socket-"
# Resolves once the service worker is active and controls the page.
CONTROLLED = """() => navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller
    || new Promise((ok) => navigator.serviceWorker.addEventListener("controllerchange", ok)))"""


async def open_checked_in_site(page: Page, server: Server, token: str) -> None:
    await page.set_viewport_size({"width": 360, "height": 780})
    await page.goto(f"{server.base_url}/site#{token}")
    await expect(page.get_by_label("Số người đang có mặt")).to_be_visible()
    await expect(page.get_by_test_id("site-live-headcount")).to_be_visible()


async def test_the_site_page_first_load_transfers_at_most_120_kb_compressed(
    page: Page, server: Server, organizer: Actor, session: AsyncSession, client
) -> None:
    site = await create_site(session, "CS1", "Xã Tân Lập")
    await session.rollback()
    seminar = await make_live_seminar(client, organizer, [site])
    finished: list[Request] = []
    page.on("requestfinished", lambda request: finished.append(request))

    await open_checked_in_site(page, server, seminar.tokens[site.id])  # a fresh context: no cache

    sizes = {}
    for request in finished:
        response = await request.response()
        assert response is not None
        await response.finished()  # its encoded size is known once the body is all in
        sizes[request.url] = (await request.sizes())["responseBodySize"]
    assets = [r for r in finished if "/assets/" in r.url]
    assert assets, "the page loaded no asset"
    for request in assets:
        response = await request.response()
        assert response is not None
        assert response.headers.get("content-encoding") in ("br", "gzip"), request.url
    live = sum(n for url, n in sizes.items() if LIVE_SOCKET_CHUNK in url)
    assert live > 0, "the live socket's library was not loaded on its own"
    total = sum(sizes.values())
    print(f"site page first load: {total - live} bytes, with the live socket's library {total}")
    assert total - live <= FIRST_LOAD_BUDGET, sorted(sizes.items(), key=lambda kv: -kv[1])
    assert total <= WITH_LIVE_BUDGET


async def test_assets_come_compressed_with_long_caching_and_the_page_revalidated(
    page: Page, server: Server, organizer: Actor, session: AsyncSession, client
) -> None:
    site = await create_site(session, "CS1", "Xã Tân Lập")
    await session.rollback()
    seminar = await make_live_seminar(client, organizer, [site])
    responses = []
    page.on("response", lambda response: responses.append(response))
    await open_checked_in_site(page, server, seminar.tokens[site.id])

    document = next(r for r in responses if r.url.endswith("/site"))
    assert document.headers["cache-control"] == "no-cache"
    scripts = [r for r in responses if "/assets/" in r.url and r.url.endswith(".js")]
    assert scripts
    for response in scripts:
        headers = await response.all_headers()
        assert headers["cache-control"] == "public, max-age=31536000, immutable", response.url
        assert headers["content-encoding"] == "br", response.url  # Chromium accepts brotli
        assert "accept-encoding" in headers["vary"].lower()
    worker = await page.request.get(f"{server.base_url}/sw.js")
    assert worker.headers["cache-control"] == "no-cache"


async def test_the_site_page_opens_offline_and_sends_its_queue_when_the_line_returns(
    page: Page, server: Server, organizer: Actor, session: AsyncSession, client
) -> None:
    site = await create_site(session, "CS1", "Xã Tân Lập")
    await session.rollback()
    seminar = await make_live_seminar(client, organizer, [site])
    token = seminar.tokens[site.id]
    await open_checked_in_site(page, server, token)
    # Visited once: the service worker is installed and controls the page.
    await page.evaluate(CONTROLLED)

    await page.context.set_offline(True)
    await page.reload()
    await expect(page.get_by_test_id("site-name")).to_contain_text("Xã Tân Lập")
    await expect(page.get_by_test_id("site-offline")).to_be_visible()
    await page.get_by_label("Số người đang có mặt").fill("33")
    await page.get_by_role("button", name="Gửi", exact=True).click()
    await expect(page.get_by_text("Chờ gửi: 1")).to_be_visible()
    await page.screenshot(path=screenshot_path("13-site-page-opened-offline"), full_page=True)

    await page.context.set_offline(False)
    await expect(page.get_by_text("Đã ghi nhận 33 người")).to_be_visible()
    await expect(page.get_by_text("Chờ gửi")).to_have_count(0)
    stored = await client.get(
        f"/api/v1/seminars/{seminar.id}/attendance", headers=organizer.headers
    )
    assert stored.json()["totals"]["headcount"] == 33
