"""Every sheet is laid out for print: header repeated, one page wide, A4, typed cells."""

import io
import re
from datetime import datetime
from pathlib import Path

import openpyxl

from app.reports.workbook import (
    INT_FORMAT,
    PERCENT_FORMAT,
    Column,
    add_sheet,
    new_workbook,
    to_bytes,
    wrapped_lines,
)


def _reopened(book):
    return openpyxl.load_workbook(io.BytesIO(to_bytes(book)))


def test_a_sheet_prints_one_page_wide_on_a4_with_its_header_on_every_page() -> None:
    book = new_workbook()
    narrow = add_sheet(book, "Hẹp", [Column("Chỉ tiêu", 30), Column("Giá trị", 40)])
    wide = add_sheet(book, "Rộng", [Column(f"Cột {i}", 15) for i in range(10)], autofilter=True)
    for number in range(1, 101):
        narrow.append([f"Dòng {number}", number])
        wide.append([number] * 10)
    reopened = _reopened(book)
    assert reopened.sheetnames == ["Hẹp", "Rộng"]
    for ws in reopened.worksheets:
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.print_title_rows == "$1:$1"
        assert ws.freeze_panes == "A2"
        assert ws["A1"].font.b is True
    assert reopened["Hẹp"].page_setup.orientation == "portrait"
    assert reopened["Rộng"].page_setup.orientation == "landscape"
    assert reopened["Rộng"].auto_filter.ref == "A1:J101"
    assert reopened["Hẹp"].column_dimensions["B"].width == 40


def test_a_heading_line_goes_above_the_header_and_repeats_with_it() -> None:
    book = new_workbook()
    sheet = add_sheet(book, "Kết quả", [Column("Phương án", 40), Column("Số phiếu", 12)],
                      heading="Biểu quyết: Đồng ý thông qua?")  # fmt: skip
    sheet.append(["Đồng ý", 1164])
    ws = _reopened(book)["Kết quả"]
    assert ws["A1"].value == "Biểu quyết: Đồng ý thông qua?" and ws["A2"].value == "Phương án"
    assert ws.print_title_rows == "$1:$2" and ws.freeze_panes == "A3"
    assert ws["B3"].value == 1164


def test_cells_stay_typed_with_vietnamese_formats_and_text_is_never_a_formula() -> None:
    book = new_workbook()
    sheet = add_sheet(
        book,
        "Số liệu",
        [Column("Tên", 30, wrap=True), Column("Số", 12), Column("Tỷ lệ", 12, PERCENT_FORMAT),
         Column("Lúc", 17), Column("Âm", 12)],
    )  # fmt: skip
    long_name = "Chi bộ " + "rất dài " * 20
    sheet.append(['=HYPERLINK("http://x")', 1164, 0.122, datetime(2026, 7, 19, 8, 30), -1164])
    sheet.append([long_name, 5, None, None, -5])
    ws = _reopened(book)["Số liệu"]
    assert ws["A2"].data_type == "s" and ws["A2"].value.startswith("=")
    assert ws["B2"].value == 1164 and ws["B2"].number_format == INT_FORMAT
    assert ws["C2"].value == 0.122 and ws["C2"].number_format == PERCENT_FORMAT
    assert ws["D2"].value == datetime(2026, 7, 19, 8, 30)
    assert ws["D2"].number_format == "dd/mm/yyyy hh:mm"
    # Negative numbers keep their sign: a one-section format (conditional ones drop it).
    assert ws["E2"].number_format == r"#\.##0" and ws["E3"].number_format == "0"
    # A wrapped cell's row is tall enough for all its lines.
    assert ws["A3"].alignment.wrap_text is True
    assert ws.row_dimensions[3].height >= 15 * wrapped_lines(long_name, 30) >= 15 * 5


def test_the_line_estimate_never_undercounts() -> None:
    assert wrapped_lines("", 20) == 1
    assert wrapped_lines("ngắn", 20) == 1
    assert wrapped_lines("một\nhai\nba", 20) == 3
    text = "Tọa đàm khoa học về công tác xây dựng Đảng trong tình hình mới " * 3
    width = 30
    lines = wrapped_lines(text, width)
    assert lines >= len(text) // width + 1
    assert wrapped_lines("x" * 100, 10) >= 10


def test_every_workbook_and_document_is_made_through_the_layout_helpers() -> None:
    """polls.xlsx, conclusion.docx and any later file print like the others."""
    app = Path(__file__).resolve().parents[2] / "app"
    helpers = {app / "reports" / "workbook.py", app / "reports" / "docx_layout.py"}
    direct = re.compile(r"\bWorkbook\(|\bDocument\(|^from docx import|^from openpyxl import", re.M)
    offenders = [
        str(path.relative_to(app.parent))
        for path in app.rglob("*.py")
        if path not in helpers and direct.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "use app/reports/workbook.py and app/reports/docx_layout.py"
