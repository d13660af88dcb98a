"""Issue 11 in the browser: the console and the screens with a 40,000-site directory.

The generated national tree (app/sites/national.py: central → 34 provinces → 3,321
communes → 36,644 units) is written straight into the served database; everything
after that goes through the UI.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

import httpx
from playwright.async_api import Page, Request, expect
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.sites.models import Site
from app.sites.national import commune_code, province_code
from app.users.models import Role
from tests.conftest import Actor, MakeActor
from tests.e2e.conftest import Server, screenshot_path
from tests.e2e.test_console import log_in
from tests.factories import API, create_seminar, national_directory

PROVINCE = 5  # QG-05: any province; the tree is the same for every run (seeded)


def without_diacritics(text: str) -> str:
    """What someone types on a keyboard without Vietnamese input: "Đảng ủy" → "dang uy"."""
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
    )
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


@dataclass(frozen=True)
class Found:
    """A site's fields, read before the session's transaction ends (rows expire then)."""

    id: int
    code: str
    name: str
    locality: str


async def site_by_code(session: AsyncSession, code: str) -> Found:
    site = await session.scalar(select(Site).where(Site.code == code))
    assert site is not None, code
    return Found(site.id, site.code, site.name, site.locality or "")


async def subtree_size(session: AsyncSession, code: str) -> int:
    """The site and everything below it: codes share the prefix (QG-05, QG-05-001, …)."""
    return (
        await session.scalar(
            select(func.count())
            .select_from(Site)
            .where((Site.code == code) | Site.code.like(f"{code}-%"))
        )
        or 0
    )


async def download_links_csv(page: Page) -> list[list[str]]:
    """Clicks "Tải CSV" of the check-in links; the file's rows (it must start with a BOM)."""
    async with page.expect_download() as download_info:
        await page.get_by_test_id("checkin-links").get_by_role("button", name="Tải CSV").click()
    download = await download_info.value
    data = (await download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "the CSV starts with a UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def api_requests(page: Page) -> list[str]:
    """URLs of the API requests the page makes from now on (to check what it asks for)."""
    seen: list[str] = []

    def record(request: Request) -> None:
        if "/api/v1/" in request.url:
            seen.append(request.url)

    page.on("request", record)
    return seen


async def test_organizer_finds_a_commune_without_diacritics_and_invites_a_province_at_once(
    page: Page,
    server: Server,
    organizer: Actor,
    session: AsyncSession,
    client: httpx.AsyncClient,
) -> None:
    tree = await national_directory(session)
    assert tree.total == 40_000
    province = await site_by_code(session, province_code(PROVINCE))
    commune = await site_by_code(session, commune_code(PROVINCE, 1))
    invited_count = await subtree_size(session, province.code)
    await session.rollback()  # end the transaction: it holds SQLite's write lock
    seminar = await create_seminar(client, organizer, "published", title="Hội nghị toàn quốc")

    await log_in(page, server, organizer)
    requested = api_requests(page)
    await page.get_by_role("link", name="Danh bạ điểm cầu").click()

    # The directory opens on its top level only: no request lists the whole tree.
    tree_view = page.get_by_test_id("site-tree")
    await expect(tree_view.get_by_test_id("site-node")).to_have_count(1)
    await expect(tree_view).to_contain_text("Trung ương")
    await expect(tree_view).to_contain_text("34 điểm cầu trực thuộc")
    assert all("limit=1000" not in url for url in requested), requested

    # Expanding a row fetches that row's children (the provinces), nothing deeper.
    await page.get_by_role("button", name="Mở nhánh Trung ương").click()
    await expect(tree_view.get_by_test_id("site-node")).to_have_count(1 + 34)
    await expect(tree_view.get_by_text(province.name, exact=True)).to_be_visible()
    assert any(f"parent_id={tree.root_id}" in url for url in requested), requested

    # Sorted on the server (by name unless asked): by code, then the other way round …
    nodes = tree_view.get_by_test_id("site-node")
    await tree_view.get_by_test_id("sort-code").first.click()
    await expect(nodes.nth(1)).to_have_attribute("data-site-code", province_code(1))
    await tree_view.get_by_test_id("sort-code").first.click()
    await expect(nodes.nth(1)).to_have_attribute("data-site-code", province_code(34))
    assert any("sort=-code" in url for url in requested), requested
    # … and on a phone, where the rows are cards, with a select.
    await page.set_viewport_size({"width": 360, "height": 740})
    await page.get_by_label("Sắp xếp theo").select_option(label="Mã (tăng dần)")
    await expect(nodes.nth(1)).to_have_attribute("data-site-code", province_code(1))
    await nodes.nth(1).scroll_into_view_if_needed()
    await page.screenshot(path=screenshot_path("national-00-directory-phone"))
    await page.set_viewport_size({"width": 1366, "height": 900})

    # Typing without diacritics finds the commune, shown flat with where it is.
    await page.get_by_label("Tìm điểm cầu").fill(without_diacritics(commune.name))
    # Other provinces may have a commune of the same name: the locality tells them apart.
    found = page.get_by_test_id("site-row").filter(has_text=commune.name)
    await expect(found.filter(has_text=commune.locality)).to_have_count(1)
    await page.screenshot(path=screenshot_path("national-01-directory-search"), full_page=True)

    # In the seminar: invite the province's whole subtree picked in the directory tree.
    await page.goto(f"{server.base_url}/seminars/{seminar['id']}?tab=sites")
    await page.get_by_role("button", name="Mời điểm cầu").click()
    panel = page.get_by_test_id("invite-panel")
    await panel.get_by_role("button", name="Mở nhánh Trung ương").click()
    await panel.get_by_role("button", name=f"Mời cả nhánh {province.name}").click()
    dialog = page.get_by_role("dialog")
    await expect(dialog).to_contain_text(f"{invited_count - 1:,}".replace(",", "."))
    await dialog.get_by_role("button", name="Mời cả nhánh").click()

    # Thousands of new links: counted and offered as a file, not rendered one by one.
    links = page.get_by_test_id("checkin-links")
    count_vi = f"{invited_count:,}".replace(",", ".")
    await expect(links.get_by_role("heading")).to_have_text(f"Liên kết điểm danh ({count_vi})")
    await expect(links.get_by_test_id("checkin-link")).to_have_count(0)
    # The file is written from the invite's answer: nothing is read back from the server.
    requested.clear()
    rows = await download_links_csv(page)
    assert requested == [], requested
    assert rows[0] == ["Mã", "Điểm cầu", "Địa bàn", "Liên kết điểm danh"]
    assert len(rows) == 1 + invited_count
    assert [province.code, province.name] in [r[:2] for r in rows]
    assert [commune.code, commune.name, commune.locality] in [r[:3] for r in rows]
    assert all(re.search(r"/site#\S+$", r[3]) for r in rows[1:])
    await page.screenshot(path=screenshot_path("national-02-invited-subtree"), full_page=True)

    # One action, all of it stored.
    stored = await session.scalar(
        select(func.count()).select_from(SeminarSite).where(SeminarSite.seminar_id == seminar["id"])
    )
    await session.rollback()
    assert stored == invited_count

    # The sites tab shows the province alone at the top with its subtree count …
    rows_view = page.get_by_test_id("seminar-site-row")
    await expect(rows_view).to_have_count(1)
    await expect(rows_view.first).to_contain_text(province.name)
    await expect(rows_view.first).to_contain_text(f"{count_vi} điểm cầu")
    # … and expands lazily: its communes arrive when it is opened.
    children = await client.get(
        f"{API}/sites", params={"parent_id": province.id, "limit": 1}, headers=organizer.headers
    )
    province_children = children.json()["total"]
    first_commune = children.json()["items"][0]["name"]  # in Vietnamese order, as listed
    await rows_view.get_by_role("button", name=f"Mở nhánh {province.name}").click()
    await expect(rows_view).to_have_count(1 + min(province_children, 50))
    await expect(rows_view.nth(1)).to_contain_text(first_commune)
    await page.screenshot(path=screenshot_path("national-03-sites-tab"), full_page=True)


async def test_ticked_sites_with_their_branches_are_invited_in_one_request(
    page: Page,
    server: Server,
    organizer: Actor,
    session: AsyncSession,
    client: httpx.AsyncClient,
) -> None:
    await national_directory(session)
    codes = (province_code(PROVINCE + 2), province_code(PROVINCE + 3))
    provinces = [await site_by_code(session, code) for code in codes]
    sizes = [await subtree_size(session, p.code) for p in provinces]
    await session.rollback()
    seminar = await create_seminar(client, organizer, "published", title="Hội nghị toàn quốc")
    invites: list[object] = []
    page.on(
        "request",
        lambda r: (
            invites.append(r.post_data_json)
            if r.method == "POST" and r.url.endswith(f"/seminars/{seminar['id']}/sites")
            else None
        ),
    )

    await log_in(page, server, organizer)
    await page.goto(f"{server.base_url}/seminars/{seminar['id']}?tab=sites")
    await page.get_by_role("button", name="Mời điểm cầu").click()
    panel = page.get_by_test_id("invite-panel")
    for province in provinces:
        await panel.get_by_label("Tìm điểm cầu").fill(without_diacritics(province.name))
        results = panel.get_by_test_id("invite-results").locator("li")
        row = results.filter(has_text=f"({province.code})")
        await row.get_by_role("checkbox").check()
    await panel.get_by_label("Mời cả các điểm cầu cấp dưới").check()
    await panel.get_by_role("button", name="Mời 2 điểm cầu đã chọn và cấp dưới").click()

    total = sum(sizes)
    heading = f"Liên kết điểm danh ({total:,})".replace(",", ".")
    await expect(page.get_by_test_id("checkin-links").get_by_role("heading")).to_have_text(heading)
    # One request for both branches (the server invites them all or none), not one per site.
    assert invites == [{"subtrees_of": [p.id for p in provinces]}], invites
    rows = await download_links_csv(page)
    assert len(rows) == 1 + total
    assert {p.code for p in provinces} <= {r[0] for r in rows}
    stored = await session.scalar(
        select(func.count()).select_from(SeminarSite).where(SeminarSite.seminar_id == seminar["id"])
    )
    await session.rollback()
    assert stored == total


async def test_member_limited_to_a_province_lands_on_it_and_sees_nothing_else(
    page: Page,
    server: Server,
    organizer: Actor,
    make_actor: MakeActor,
    session: AsyncSession,
    client: httpx.AsyncClient,
) -> None:
    await national_directory(session)
    mine = await site_by_code(session, province_code(PROVINCE))
    other = await site_by_code(session, province_code(PROVINCE + 1))
    other_commune = await site_by_code(session, commune_code(PROVINCE + 1, 1))
    mine_size = await subtree_size(session, mine.code)
    mine_communes = (
        await session.scalar(
            select(func.count()).select_from(Site).where(Site.parent_id == mine.id)
        )
        or 0
    )
    await session.rollback()
    colleague = await make_actor(Role.organizer, full_name="Nguyễn Thị Lan")
    seminar = await create_seminar(client, organizer, "published", title="Hội nghị toàn quốc")
    for site in (mine, other):
        invited = await client.post(
            f"{API}/seminars/{seminar['id']}/sites",
            json={"subtree_of": site.id},
            headers=organizer.headers,
        )
        assert invited.status_code == 201, invited.text
    added = await client.post(
        f"{API}/seminars/{seminar['id']}/members",
        json={"user_id": colleague.user.id, "subtree_site_id": mine.id},
        headers=organizer.headers,
    )
    assert added.status_code == 201, added.text

    await log_in(page, server, colleague)
    await page.goto(f"{server.base_url}/seminars/{seminar['id']}?tab=sites")
    await expect(page.get_by_test_id("my-subtree")).to_contain_text(mine.name)
    rows = page.get_by_test_id("seminar-site-row")
    await expect(rows.filter(has_text=mine.name)).to_have_count(1)
    # Their province is opened for them: its communes (first page) are listed below it.
    await expect(rows).to_have_count(1 + min(mine_communes, 50))
    await expect(rows.filter(has_text=other.name)).to_have_count(0)

    # They invite from their own branch of the directory, opened for them.
    await page.get_by_role("button", name="Mời điểm cầu").click()
    nodes = page.get_by_test_id("invite-panel").get_by_test_id("site-node")
    await expect(nodes.first).to_contain_text(mine.name)
    await expect(nodes).to_have_count(1 + min(mine_communes, 50))
    await expect(nodes.filter(has_text=other.name)).to_have_count(0)
    await page.get_by_role("button", name="Đóng phần mời").click()

    # A filter lists matching rows flat, counted on the server: none of theirs has connected.
    never = page.get_by_label("Chưa từng kết nối")
    await never.check()
    await expect(page.get_by_role("status").filter(has_text="điểm cầu phù hợp")).to_have_text(
        f"{mine_size:,} điểm cầu phù hợp".replace(",", ".")
    )
    await never.uncheck()

    # On a phone the rows are cards, still sortable (a select instead of column headers).
    await page.set_viewport_size({"width": 360, "height": 740})
    await page.get_by_test_id("sites-level").select_option(label="Xã")
    await page.get_by_label("Sắp xếp theo").select_option(label="Mã (giảm dần)")
    await expect(rows.first).to_contain_text(commune_code(PROVINCE, mine_communes))
    await expect(rows.first).to_contain_text(mine.locality)  # where it is: "Xã …, Tỉnh …"
    await rows.first.scroll_into_view_if_needed()
    await page.screenshot(path=screenshot_path("national-05-member-phone"))
    await page.get_by_test_id("sites-level").select_option(label="Tất cả các cấp")

    # Searching another province's commune (by its code) finds nothing for them.
    await page.get_by_label("Tìm trong danh sách").fill(other_commune.code)
    await expect(page.get_by_text("Không có điểm cầu phù hợp.")).to_be_visible()
    await expect(rows).to_have_count(0)
    await page.screenshot(path=screenshot_path("national-04-member-subtree"), full_page=True)
