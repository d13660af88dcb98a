"""A speaker signs up and sends a paper; the organizer selects it for the live programme."""

import re
from pathlib import Path

from playwright.async_api import Page, expect

from tests.conftest import Actor
from tests.e2e.conftest import Server, screenshot_path
from tests.e2e.test_console import log_in
from tests.factories import create_seminar
from tests.submissions.conftest import PDF


async def test_speaker_submits_and_organizer_selects_for_the_agenda(
    page: Page, server: Server, organizer: Actor, client, tmp_path: Path
) -> None:
    seminar = await create_seminar(client, organizer, "published", submissions_open=True)
    paper_file = tmp_path / "Tham luận Sở Tư pháp.pdf"
    paper_file.write_bytes(PDF)

    await page.goto(f"{server.base_url}/speaker")
    await page.get_by_role("button", name="Đăng ký tài khoản").click()
    await page.get_by_label("Email").fill("dien.gia@example.vn")
    await page.get_by_label("Họ và tên").fill("Trần Văn Diễn")
    await page.get_by_label("Mật khẩu").fill("mat-khau-dien-gia")
    await page.get_by_role("button", name="Đăng ký tài khoản").click()
    await page.get_by_role("link", name="Viết tham luận").first.click()
    await page.get_by_label("Tiêu đề tham luận").fill("Đổi mới sinh hoạt chi bộ ở cơ quan tư pháp")
    await page.get_by_label("Tệp tham luận").set_input_files(str(paper_file))
    await page.get_by_role("button", name="Gửi tham luận").click()
    await expect(page.get_by_text("Đã gửi tham luận đến ban tổ chức.")).to_be_visible()
    await page.screenshot(path=screenshot_path("13-speaker-paper"), full_page=True)

    organizer_page = await page.context.browser.new_page(locale="vi-VN")
    await log_in(organizer_page, server, organizer)
    await organizer_page.goto(f"{server.base_url}/seminars/{seminar['id']}?tab=papers")
    await expect(organizer_page.get_by_text("1 nhận được")).to_be_visible()
    await organizer_page.get_by_text("Đổi mới sinh hoạt chi bộ ở cơ quan tư pháp").first.click()
    await organizer_page.get_by_label("Quyết định").select_option(label="Chọn trình bày trực tiếp")
    await organizer_page.get_by_label("Thêm vào chương trình").check()
    await organizer_page.get_by_role("button", name="Lưu quyết định").click()
    await expect(organizer_page.get_by_text("1 trình bày trực tiếp")).to_be_visible()
    await organizer_page.screenshot(path=screenshot_path("14-review"), full_page=True)

    agenda = await client.get(f"/api/v1/seminars/{seminar['id']}/agenda", headers=organizer.headers)
    items = agenda.json()["items"]
    assert [i["title"] for i in items if i["kind"] == "paper"] == [
        "Đổi mới sinh hoạt chi bộ ở cơ quan tư pháp"
    ]
    assert re.fullmatch(r"\d+", str(items[0]["submission_id"]))
    await organizer_page.close()
