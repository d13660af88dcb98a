"""The site directory (tree, search, CSV import with per-line errors) and user admin."""

from pathlib import Path

from playwright.async_api import Page, expect
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.models import Site
from tests.conftest import Actor
from tests.e2e.conftest import Server, screenshot_path
from tests.e2e.test_console import log_in

GOOD_CSV = (
    "\ufeffcode,name,parent_code,level\n"
    "BG,Đảng ủy Các cơ quan tỉnh Bắc Giang,,province\n"
    "SNV,Sở Nội vụ,BG,unit\n"
    "STC,Sở Tài chính,BG,unit\n"
)
BAD_CSV = "code,name,parent_code,level\nX1,Chi bộ X1,,unit\nX2,Chi bộ X2,KHONG-CO,unit\n"


async def test_directory_import_tree_and_search(
    page: Page, server: Server, organizer: Actor, session: AsyncSession, tmp_path: Path
) -> None:
    await log_in(page, server, organizer)
    await page.get_by_role("link", name="Danh bạ điểm cầu").click()

    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    await page.get_by_role("button", name="Nhập từ CSV").click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_label("Tệp CSV").set_input_files(str(bad))
    await dialog.get_by_role("button", name="Nhập").click()
    await expect(dialog.get_by_text("Dòng 3")).to_be_visible()
    await expect(dialog.get_by_text("KHONG-CO")).to_be_visible()
    await page.screenshot(path=screenshot_path("07-directory-import-errors"), full_page=True)
    assert await session.scalar(select(func.count()).select_from(Site)) == 0
    await session.rollback()  # end the transaction: it holds SQLite's write lock

    good = tmp_path / "good.csv"
    good.write_text(GOOD_CSV, encoding="utf-8")
    await dialog.get_by_label("Tệp CSV").set_input_files(str(good))
    await dialog.get_by_role("button", name="Nhập").click()
    await expect(page.get_by_text("Thêm mới: 3.")).to_be_visible()
    # The tree opens on its top level; opening a row fetches its children.
    tree = page.get_by_test_id("site-tree")
    await expect(tree).to_contain_text("2 điểm cầu trực thuộc")
    await expect(tree).not_to_contain_text("Sở Nội vụ")
    await tree.get_by_role("button", name="Mở nhánh Đảng ủy Các cơ quan tỉnh Bắc Giang").click()
    await expect(tree).to_contain_text("Sở Nội vụ")

    await page.get_by_label("Tìm điểm cầu").fill("SO NOI VU")
    await expect(page.get_by_role("cell", name="Sở Nội vụ", exact=True)).to_be_visible()
    await expect(page.get_by_role("cell", name="Sở Tài chính", exact=True)).to_have_count(0)
    await page.screenshot(path=screenshot_path("08-directory"), full_page=True)


async def test_admin_manages_users(page: Page, server: Server, admin: Actor) -> None:
    await log_in(page, server, admin)
    await page.get_by_role("link", name="Người dùng").click()
    await page.get_by_role("button", name="Thêm người dùng").click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_label("Email").fill("to.chuc@example.vn")
    await dialog.get_by_label("Họ và tên").fill("Trần Thị Tổ Chức")
    await dialog.get_by_label("Mật khẩu").fill("mat-khau-to-chuc")
    await dialog.get_by_role("button", name="Lưu").click()
    await expect(page.get_by_role("cell", name="to.chuc@example.vn", exact=True)).to_be_visible()
    await page.screenshot(path=screenshot_path("09-users"), full_page=True)
