"""The documents print the way agencies print them: checked by printing them to PDF with
LibreOffice (one `soffice` run for every file) and reading the pages back with poppler.

Skipped when LibreOffice or poppler is missing, unless DIEMCAU_REQUIRE_OFFICE=1 (CI).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.reports.workbook import PERCENT_FORMAT, Column, add_sheet, new_workbook
from app.reports.workbook import to_bytes as workbook_bytes
from tests.conftest import Actor
from tests.factories import API
from tests.reports.conftest import replay_event

TOOLS = ("soffice", "pdftotext", "pdfinfo")
INSTALL = "apt-get install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils"


@pytest.fixture(scope="module")
def office() -> str:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        reason = f"{', '.join(missing)} not installed ({INSTALL})"
        if os.environ.get("DIEMCAU_REQUIRE_OFFICE") == "1":
            pytest.fail(f"the print test is required but {reason}")
        pytest.skip(reason)
    return shutil.which("soffice") or "soffice"


def print_to_pdf(soffice: str, files: list[Path], work: Path) -> dict[str, Path]:
    """Every file printed to PDF by one LibreOffice run, in a throw-away profile."""
    out = work / "pdf"
    command = [
        soffice,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        *map(str, files),
    ]
    # An English locale: a thousands separator taken from the locale would print "1,164".
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False, env=env
    )
    pdfs = {f.name: out / f"{f.stem}.pdf" for f in files}
    assert all(pdf.exists() for pdf in pdfs.values()), done.stdout + done.stderr
    return pdfs


def pages(pdf: Path) -> list[str]:
    """The text of each printed page, laid out as printed (one line per printed line)."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = text.split("\f")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    count = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    assert len(found) >= count
    return found[:count]


def figures_workbook(path: Path) -> Path:
    """Percents and large and negative numbers, as poll results and national sizes have."""
    book = new_workbook()
    sheet = add_sheet(book, "Số liệu", [Column("Chỉ tiêu", 30), Column("Giá trị", 14),
                                        Column("Tỷ lệ", 12, PERCENT_FORMAT)])  # fmt: skip
    sheet.append(["Hài lòng", 142, 0.122])
    sheet.append(["Không hài lòng", 7, 0.0061])
    sheet.append(["Toàn quốc", 1234567, 1.0])
    sheet.append(["Chênh lệch", -1164, -0.05])
    path.write_bytes(workbook_bytes(book))
    return path


def sheet_pages(printed: list[str], sheet: str) -> list[str]:
    """The pages of one sheet: each carries the sheet's name in its page header."""
    return [page for page in printed if page.strip().splitlines()[0].strip() == sheet]


async def test_the_reference_event_prints_on_few_pages_with_vietnamese_numbers(
    client: httpx.AsyncClient,
    session: AsyncSession,
    organizer: Actor,
    speaker: Actor,
    office: str,
    tmp_path: Path,
) -> None:
    # The reference event: 58 sites connected, 1.164 people at the peak.
    exp = await replay_event(
        client,
        session,
        organizer,
        speaker,
        invited=73,
        declined=3,
        silent=4,
        connected=58,
        peak=1164,
        papers={"selected_live": 11, "accepted_written": 2, "rejected": 1, "withdrawn": 1},
        presented=11,
    )
    files = []
    for path, name in (
        ("exports/attendance.xlsx", "attendance.xlsx"),
        ("exports/papers.xlsx", "papers.xlsx"),
        ("minutes.docx", "minutes.docx"),
    ):
        response = await client.get(
            f"{API}/seminars/{exp.seminar_id}/{path}", headers=organizer.headers
        )
        assert response.status_code == 200, response.text
        (tmp_path / name).write_bytes(response.content)
        files.append(tmp_path / name)
    files.append(figures_workbook(tmp_path / "figures.xlsx"))
    pdfs = print_to_pdf(office, files, tmp_path)
    if keep := os.environ.get("DIEMCAU_KEEP_PRINTS"):  # to look at the pages by eye
        shutil.copytree(tmp_path / "pdf", keep, dirs_exist_ok=True)
        for file in files:
            shutil.copy(file, keep)

    attendance = pages(pdfs["attendance.xlsx"])
    text = "\n".join(attendance)
    # The summary: one page, each label with its value on the same printed line.
    summary = sheet_pages(attendance, "Tổng hợp")
    assert len(summary) == 1, summary
    assert re.search(r"Số người cao nhất\s+1\.164\b", summary[0]), summary[0]
    assert re.search(r"Điểm cầu đã kết nối\s+58\b", summary[0]), summary[0]
    assert re.search(r"Điểm cầu được mời\s+73\b", summary[0]), summary[0]
    assert re.search(r"Số người dự kiến\s+1\.200\b", summary[0]), summary[0]
    # The summary paragraph printed whole (a row too short cuts wrapped text off).
    assert re.search(r"Tóm tắt\s+(Sáng|Chiều|Tối) ", summary[0]), summary[0]
    assert "11 tham luận đã trình bày." in summary[0], summary[0]
    # Thousands print with a dot, whatever the office suite's locale.
    assert "1.164" in text
    assert not re.search(r"\b1[ ,]?164\b", text), "1164 printed without the Vietnamese dot"
    # The 74 site rows (58 connected) fit a few pages, the header repeated on each.
    sites = sheet_pages(attendance, "Điểm cầu")
    assert 1 <= len(sites) <= 3, len(sites)
    for page in sites:
        assert "STT" in page and "Trạng thái" in page and "Giờ kết nối" in page
    assert len(attendance) <= 8, len(attendance)
    # No number or date column too narrow for its values (they would print as ###).
    assert "###" not in text
    # Vietnamese intact: names in Vietnamese order, with every diacritic.
    for name in ("Tỉnh ủy Bắc Giang", "Huyện ủy Ấp Bắc", "Chi bộ Ứng Hòa 1", "Chi bộ Đông Phú 1"):
        assert name in text, name

    papers = pages(pdfs["papers.xlsx"])
    assert len(papers) <= 2, len(papers)
    assert "###" not in "\n".join(papers)
    assert all("Tiêu đề" in page and "Trạng thái" in page for page in papers)
    assert "Tham luận số 15" in "\n".join(papers) and "Đảng ủy Khối" in papers[0]

    minutes = "\n".join(pages(pdfs["minutes.docx"]))
    assert "BIÊN BẢN" in minutes
    heading = "Tọa đàm khoa học “Xây dựng Đảng về đạo đức”"
    assert heading in minutes
    assert "Tọa đàm “Tọa đàm" not in minutes and "““" not in minutes
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in minutes and "BAN TUYÊN GIÁO" in minutes
    assert "tổng số 1.164 người" in minutes

    # Percents with a decimal comma, large and negative numbers with dots, still numbers.
    figures = pages(pdfs["figures.xlsx"])
    assert len(figures) == 1
    assert re.search(r"Hài lòng\s+142\s+12,2%", figures[0]), figures[0]
    assert re.search(r"Không hài lòng\s+7\s+0,6%", figures[0]), figures[0]
    assert re.search(r"Toàn quốc\s+1\.234\.567\s+100,0%", figures[0]), figures[0]
    assert re.search(r"Chênh lệch\s+-1\.164\s+-5,0%", figures[0]), figures[0]
