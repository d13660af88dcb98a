"""The Members tab: an organizer adds a colleague limited to a province, then removes them."""

import httpx
from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.models import SiteLevel
from app.users.models import Role
from tests.conftest import Actor, MakeActor
from tests.e2e.conftest import Server, screenshot_path
from tests.e2e.test_console import log_in
from tests.factories import API, create_seminar, create_site


async def test_organizer_adds_a_colleague_limited_to_a_province_and_removes_them(
    page: Page,
    server: Server,
    organizer: Actor,
    make_actor: MakeActor,
    session: AsyncSession,
    client: httpx.AsyncClient,
) -> None:
    province = await create_site(session, "BG", "Tỉnh ủy Bắc Giang", level=SiteLevel.province)
    colleague = await make_actor(Role.organizer, full_name="Nguyễn Thị Lan")
    await make_actor(Role.organizer, full_name="Trần Văn Minh")
    seminar = await create_seminar(client, organizer, "published")
    await session.rollback()  # end the transaction: it holds SQLite's write lock

    await log_in(page, server, organizer)
    await page.goto(f"{server.base_url}/seminars/{seminar['id']}?tab=members")
    rows = page.get_by_test_id("member-row")
    await expect(rows).to_have_count(1)
    await expect(rows.first.get_by_test_id("member-scope")).to_have_text("Toàn bộ hội nghị")
    # The only member running the whole seminar can be neither removed nor limited.
    await expect(rows.first.get_by_role("button", name="Bớt")).to_be_disabled()

    await page.get_by_test_id("member-add").click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_test_id("member-search").fill("nguyen lan")
    choice = dialog.locator(f'[data-testid="member-user"] option[value="{colleague.user.id}"]')
    await expect(choice).to_have_count(1)
    await expect(dialog.locator('[data-testid="member-user"] option')).to_have_count(2)
    await dialog.get_by_test_id("member-user").select_option(str(colleague.user.id))
    site_select = dialog.get_by_label("Giới hạn vào điểm cầu", exact=True)
    await expect(site_select.locator(f'option[value="{province.id}"]')).to_have_count(1)
    await site_select.select_option(str(province.id))
    await page.screenshot(path=screenshot_path("20-members-add"), full_page=True)
    await dialog.get_by_test_id("member-save").click()

    added = rows.filter(has_text="Nguyễn Thị Lan")
    await expect(added.get_by_test_id("member-scope")).to_have_text(
        "Chỉ Tỉnh ủy Bắc Giang (BG) và các điểm cầu trực thuộc"
    )
    await page.screenshot(path=screenshot_path("21-members"), full_page=True)
    stored = await client.get(f"{API}/seminars/{seminar['id']}/members", headers=organizer.headers)
    limited = [m for m in stored.json()["items"] if m["user_id"] == colleague.user.id]
    assert limited[0]["subtree_site"]["id"] == province.id

    await added.get_by_role("button", name="Bớt").click()
    await page.get_by_role("dialog").get_by_role("button", name="Bớt").click()
    await expect(rows).to_have_count(1)
    gone = await client.get(f"{API}/seminars/{seminar['id']}", headers=colleague.headers)
    assert gone.status_code == 404
