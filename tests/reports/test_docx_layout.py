"""The subject line of a document names the event's kind once, whatever the title holds."""

import io
from datetime import date

import pytest
from docx import Document

from app.reports.docx_layout import (
    Signer,
    event_title_line,
    header_block,
    new_document,
    place_of,
    signature_block,
    title_lines,
    to_bytes,
)


@pytest.mark.parametrize(
    ("title", "line"),
    [
        # The title starts with its kind: written once, as given.
        (
            "Tọa đàm khoa học “Xây dựng Đảng về đạo đức”",
            "Tọa đàm khoa học “Xây dựng Đảng về đạo đức”",
        ),
        ("Tọa đàm “Xây dựng Đảng”", "Tọa đàm “Xây dựng Đảng”"),
        ("tọa đàm về chuyển đổi số", "Tọa đàm về chuyển đổi số"),
        ("Toạ đàm chuyển đổi số", "Toạ đàm chuyển đổi số"),
        ("HỘI NGHỊ tổng kết năm 2025", "HỘI NGHỊ tổng kết năm 2025"),
        # Quoted as a whole: the outer quotes go, the kind is not repeated.
        ("“Tọa đàm về chuyển đổi số”", "Tọa đàm về chuyển đổi số"),
        ('"Hội thảo khoa học quốc gia"', "Hội thảo khoa học quốc gia"),
        # Without its kind: the kind, then the title in one pair of quotes.
        ("Xây dựng Đảng về đạo đức", "Hội thảo “Xây dựng Đảng về đạo đức”"),
        ("“Xây dựng Đảng về đạo đức”", "Hội thảo “Xây dựng Đảng về đạo đức”"),
        ("  Xây dựng   Đảng  ", "Hội thảo “Xây dựng Đảng”"),
    ],
)
def test_the_title_line_names_the_kind_once(title: str, line: str) -> None:
    assert event_title_line(title) == line
    assert "““" not in line and "””" not in line


def test_the_place_is_the_main_halls_else_the_one_a_name_carries() -> None:
    assert place_of("Lục Nam", "Tỉnh ủy Bắc Giang") == "Lục Nam"
    assert place_of(None, "Ban Tuyên giáo Tỉnh ủy Bắc Giang", None) == "Bắc Giang"
    assert place_of(None, "Ban Tổ chức", "Hội trường Thành ủy Hà Nội") == "Hà Nội"
    assert place_of(None, "Ban Tổ chức", None) is None


def _texts(doc) -> list[str]:
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for cell in table._cells:
            lines += [p.text for p in cell.paragraphs]
    return lines


def test_a_party_body_gets_the_party_heading_and_a_state_body_the_national_one() -> None:
    doc = new_document()
    header_block(doc, "Ban Tuyên giáo Tỉnh ủy Bắc Giang", "Bắc Giang", date(2026, 7, 19),
                 number="12-TB/BTG")  # fmt: skip
    title_lines(doc, "Thông báo kết luận", "Tọa đàm “Tọa đàm cũ”")
    signature_block(doc, [Signer("T/M Ban Tổ chức", "Trưởng ban", "Nguyễn Văn A")],
                    recipients=["- Các điểm cầu;", "- Lưu VT."])  # fmt: skip
    text = _texts(Document(io.BytesIO(to_bytes(doc))))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "BAN TUYÊN GIÁO TỈNH ỦY BẮC GIANG" in text
    assert "Số: 12-TB/BTG" in text
    assert "Bắc Giang, ngày 19 tháng 7 năm 2026" in text
    assert "THÔNG BÁO KẾT LUẬN" in text and "Tọa đàm “Tọa đàm cũ”" in text
    assert "Nơi nhận:" in text and "Nguyễn Văn A" in text and "TRƯỞNG BAN" in text

    doc = new_document()
    header_block(doc, "Sở Thông tin và Truyền thông", None, date(2026, 7, 19))
    text = _texts(doc)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "……………, ngày 19 tháng 7 năm 2026" in text
