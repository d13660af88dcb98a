"""The strict Content-Security-Policy breaks nothing: the printable report, opened from the
app as a ``blob:`` page (which inherits the app's policy), keeps its styles."""

from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor
from tests.e2e.conftest import Server
from tests.e2e.test_console import log_in
from tests.factories import create_site
from tests.realtime.conftest import make_live_seminar


async def test_the_printable_report_opened_from_the_app_renders_with_its_styles(
    page: Page, server: Server, organizer: Actor, session: AsyncSession, client
) -> None:
    site = await create_site(session, "CS01", "Chi bộ số 01")
    await session.rollback()
    seminar = await make_live_seminar(client, organizer, [site])

    await log_in(page, server, organizer)
    await page.goto(f"{server.base_url}/seminars/{seminar.id}?tab=report")
    async with page.expect_popup() as opened:
        await page.get_by_role("button", name="In báo cáo").click()
    report = await opened.value
    errors: list[str] = []
    report.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    await expect(report.locator("h1")).to_be_visible()
    assert report.url.startswith("blob:")
    # The page's own <style> applied (body { max-width: 190mm }; the default is none).
    assert await report.evaluate("getComputedStyle(document.body).maxWidth") != "none"
    assert errors == []
