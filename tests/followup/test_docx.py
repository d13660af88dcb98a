"""conclusion.docx opens (python-docx) with the Vietnamese heading, the number, the body,
the tasks with their due dates (dd/MM/yyyy), "Nơi nhận" and the signer."""

import io
import re
from datetime import date
from pathlib import Path

import httpx
from docx import Document

from tests.followup.conftest import Scene, create_task
from tests.reports.test_printing import office, pages, print_to_pdf

__all__ = ["office"]  # the print test's fixture (LibreOffice, skipped when missing)

BODY = {
    "text": "Tọa đàm đã thành công tốt đẹp.\nĐề nghị các đơn vị quán triệt kết luận.",
    "signed_by": "Nguyễn Văn An",
    "signer_title": "Phó Bí thư Thường trực",
    "issued_on": "2026-07-22",
    "number": "25-TB/ĐU",
}


def text_of(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for cell in table._cells:
            lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


async def test_the_notice_lists_the_tasks_with_their_due_dates(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    await create_task(client, scene, "Quán triệt kết luận", date(2026, 8, 9))
    await create_task(client, scene, "Báo cáo kết quả", date(2026, 9, 30), detail="Gửi Văn phòng")
    await client.put(f"{scene.url}/conclusion", json=BODY, headers=scene.organizer.headers)

    answer = await client.get(f"{scene.url}/conclusion.docx", headers=scene.organizer.headers)

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    text = text_of(answer.content)
    assert "THÔNG BÁO KẾT LUẬN" in text
    assert "Số: 25-TB/ĐU" in text
    assert "ngày 22 tháng 7 năm 2026" in text
    assert "Đề nghị các đơn vị quán triệt kết luận." in text
    assert "1. Quán triệt kết luận (thời hạn: 09/08/2026)." in text
    assert "2. Báo cáo kết quả (thời hạn: 30/09/2026)." in text
    assert "Nơi nhận:" in text and "Nguyễn Văn An" in text
    assert "PHÓ BÍ THƯ THƯỜNG TRỰC" in text
    assert text.count("Hội thảo") == 1  # the subject line names the event once


async def test_without_a_conclusion_the_download_is_404(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    answer = await client.get(f"{scene.url}/conclusion.docx", headers=scene.organizer.headers)
    assert answer.status_code == 404
    assert answer.json()["code"] == "followup.conclusion_missing"


async def test_the_notice_prints_on_one_page_with_its_layout(
    client: httpx.AsyncClient, scene: Scene, office: str, tmp_path: Path
) -> None:
    """Printed by LibreOffice (not only parsed): one A4 page, the header block's two
    columns side by side, the tasks with their due dates, the signature."""
    await create_task(client, scene, "Quán triệt kết luận", date(2026, 8, 9))
    await client.put(f"{scene.url}/conclusion", json=BODY, headers=scene.organizer.headers)
    answer = await client.get(f"{scene.url}/conclusion.docx", headers=scene.organizer.headers)
    file = tmp_path / "conclusion.docx"
    file.write_bytes(answer.content)

    (page,) = pages(print_to_pdf(office, [file], tmp_path)["conclusion.docx"])

    # Side by side on one printed line (the national heading's width is docx_layout's).
    assert re.search(r"BAN TỔ CHỨC +CỘNG HÒA XÃ HỘI CHỦ NGHĨA", page), page
    assert "THÔNG BÁO KẾT LUẬN" in page
    assert "Quán triệt kết luận (thời hạn: 09/08/2026)." in page
    assert re.search(r"Nơi nhận:\s+T/M BAN TỔ CHỨC", page), page
    assert "Nguyễn Văn An" in page
