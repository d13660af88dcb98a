"""Files made from a report: attendance CSV and XLSX, the minutes draft (DOCX), the calendar.

Every function takes the report (and what else it needs) and returns bytes; nothing
here reads the database. Times are shown in the seminar's time zone; spreadsheet cells
hold typed values (integers, local date-times without a zone, which Excel requires).
"""

import csv
import io
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import quote

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from app.core.text import fold, xml_safe
from app.core.vi_format import (
    format_clock_long,
    format_date_long,
    format_datetime,
    format_int,
    format_time,
    local,
)
from app.reports.incidents import minutes_incidents
from app.reports.labels import AGENDA_KIND, PAPER_STATUS, SITE_LEVEL, SITE_STATUS
from app.reports.schemas import SeminarReport
from app.reports.speeches import speech_text
from app.reports.summary import event_kind, is_party_body
from app.seminars.models import SeminarMode

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ICS_MEDIA_TYPE = "text/calendar; charset=utf-8"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """RFC 6266: an ASCII ``filename`` fallback and the exact UTF-8 ``filename*``."""
    stem, dot, ext = filename.rpartition(".")
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(stem or filename)).strip("-") or "tep"
    fallback = f"{ascii_stem}{dot}{ext}" if dot else ascii_stem
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _text(value: str | None) -> str:
    """A text cell that a spreadsheet will not run as a formula (CSV injection)."""
    if not value:
        return ""
    return "'" + value if value[0] in "=+-@\t\r" else value


def _naive_local(moment: datetime | None, timezone: str) -> datetime | None:
    return local(moment, timezone).replace(tzinfo=None) if moment else None


# --- attendance.csv --------------------------------------------------------------------------

SITE_COLUMNS = (
    "STT",
    "Mã",
    "Điểm cầu",
    "Cấp",
    "Địa bàn",
    "Hội trường chính",
    "Trạng thái",
    "Giờ kết nối",
    "Dự kiến (người)",
    "Cao nhất (người)",
    "Báo cáo cuối (người)",
    "Giờ báo cáo cuối",
    "Đang tính vào tổng",
)


def attendance_csv(report: SeminarReport) -> bytes:
    """One row per site (the main hall first, then Vietnamese order), UTF-8 with BOM."""
    tz = report.seminar.timezone
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SITE_COLUMNS)
    for number, site in enumerate(report.per_site, start=1):
        writer.writerow(
            [
                number,
                _text(site.code),
                _text(site.name),
                SITE_LEVEL[site.level.value],
                _text(site.locality),
                "có" if site.is_main else "",
                SITE_STATUS[site.status.value],
                format_datetime(site.checked_in_at, tz),
                "" if site.expected is None else site.expected,
                site.peak_headcount,
                site.last_headcount,
                format_datetime(site.last_report_at, tz),
                "có" if site.counted else "không",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- attendance.xlsx ----------------------------------------------------------------------------

DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
SHEETS = ("Tổng hợp", "Điểm cầu", "Theo thời gian", "Tham luận")


def _sheet(
    wb: Workbook, title: str, header: Iterable[str], widths: Iterable[int], first: bool = False
) -> Any:
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    return ws


def _append(ws: Any, values: list[Any]) -> None:
    # Cells formatted before they are appended: ``ws[ws.max_row]`` scans every cell of
    # the sheet, which made a 40,000-site sheet quadratic (minutes instead of seconds).
    cells = []
    for value in values:
        cell = Cell(ws, value=xml_safe(value) if isinstance(value, str) else value)
        if isinstance(value, datetime):
            cell.number_format = DATETIME_FORMAT
        elif isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # a name, never a formula
        cells.append(cell)
    ws.append(cells)


def attendance_xlsx(report: SeminarReport, timeline: list[dict[str, Any]]) -> bytes:
    """Sheets: summary, sites, the timeline per 5 minutes, papers; typed cells."""
    tz = report.seminar.timezone
    s, a, p = report.sites, report.attendance, report.papers
    wb = Workbook()
    ws = _sheet(wb, SHEETS[0], ("Chỉ tiêu", "Giá trị"), (42, 60), first=True)
    rows: list[tuple[str, Any]] = [
        ("Tên", report.seminar.title),
        ("Đơn vị tổ chức", report.seminar.organizer_unit or ""),
        ("Địa điểm", report.seminar.venue or ""),
        ("Bắt đầu (kế hoạch)", _naive_local(report.seminar.starts_at, tz)),
        ("Bắt đầu (thực tế)", _naive_local(report.seminar.started_at, tz)),
        ("Kết thúc (thực tế)", _naive_local(report.seminar.ended_at, tz)),
        ("Điểm cầu được mời", s.invited),
        ("Điểm cầu đăng ký", s.registered),
        ("Điểm cầu từ chối", s.declined),
        ("Điểm cầu đã kết nối", s.connected),
        ("Điểm cầu không kết nối", s.never_connected),
        ("Số người cao nhất", a.peak_headcount),
        ("Thời điểm cao nhất", _naive_local(a.peak_at, tz)),
        ("Số người khi bắt đầu", a.start_headcount),
        ("Số người khi kết thúc", a.end_headcount),
        ("Số người dự kiến", a.expected),
        ("Tham luận nhận được", p.received),
        ("Tham luận chọn trình bày", p.selected_live),
        ("Tham luận đưa vào kỷ yếu", p.accepted_written),
        ("Tham luận không chọn", p.rejected),
        ("Tham luận rút lại", p.withdrawn),
        ("Tham luận đã trình bày", p.presented),
        ("Múi giờ", tz),
        ("Tóm tắt", report.summary_vi),
    ]
    for label, value in rows:
        _append(ws, [label, value])
    ws.cell(row=ws.max_row, column=2).alignment = Alignment(wrap_text=True, vertical="top")

    ws = _sheet(wb, SHEETS[1], SITE_COLUMNS, (6, 12, 40, 16, 18, 10, 14, 17, 10, 10, 12, 17, 10))
    for number, site in enumerate(report.per_site, start=1):
        _append(
            ws,
            [
                number,
                site.code,
                site.name,
                SITE_LEVEL[site.level.value],
                site.locality or "",
                "có" if site.is_main else "",
                SITE_STATUS[site.status.value],
                _naive_local(site.checked_in_at, tz),
                site.expected,
                site.peak_headcount,
                site.last_headcount,
                _naive_local(site.last_report_at, tz),
                "có" if site.counted else "không",
            ],
        )

    ws = _sheet(
        wb,
        SHEETS[2],
        ("Thời điểm", "Số người (cuối khoảng)", "Cao nhất trong khoảng"),
        (18, 22, 22),
    )
    for point in timeline:
        at = datetime.fromisoformat(point["at"])
        _append(ws, [_naive_local(at, tz), point["headcount"], point["peak_headcount"]])

    ws = _sheet(
        wb,
        SHEETS[3],
        ("STT", "Tiêu đề", "Tác giả", "Đơn vị", "Trạng thái", "Gửi lúc", "Trình bày lúc"),
        (6, 60, 30, 30, 16, 17, 17),
    )
    for number, paper in enumerate(report.paper_list, start=1):
        _append(
            ws,
            [
                number,
                paper.title,
                ", ".join(paper.authors),
                paper.unit or "",
                PAPER_STATUS.get(paper.status, paper.status),
                _naive_local(paper.submitted_at, tz),
                _naive_local(paper.presented_at, tz),
            ],
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- minutes.docx ------------------------------------------------------------------------------

FONT = "Times New Roman"
_PLACE = re.compile(
    r"(?:tỉnh ủy|thành ủy|huyện ủy|thị ủy|quận ủy|tỉnh|thành phố|huyện|thị xã|quận)\s+"
    r"((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\wÀ-ỹ]*\s?)+)",
    re.IGNORECASE,
)


def place_name(report: SeminarReport, main_locality: str | None) -> str | None:
    """The locality of the date line: the main hall's, else the one the organizer's or
    venue's name carries (``Tỉnh ủy Bắc Giang`` → ``Bắc Giang``)."""
    if main_locality:
        return main_locality
    for text in (report.seminar.organizer_unit, report.seminar.venue):
        match = _PLACE.search(text or "")
        if match and match.group(1).strip()[:1].isupper():
            return match.group(1).strip()
    return None


def _run(paragraph: Any, text: str, *, bold: bool = False, italic: bool = False, size: int = 14):
    run = paragraph.add_run(xml_safe(text))
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def _para(container: Any, text: str = "", *, align: Any = None, **style: Any) -> Any:
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(3)
    if text:
        _run(paragraph, text, **style)
    return paragraph


def minutes_docx(report: SeminarReport, main_locality: str | None) -> bytes:
    """A minutes draft ("biên bản") laid out after Nghị định 30/2020."""
    seminar = report.seminar
    tz = seminar.timezone
    party = is_party_body(seminar.organizer_unit)
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    # Header block: the organizing body on the left, the national or Party heading right.
    header = doc.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Cm(7), Cm(9.5)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(left.paragraphs[0], (seminar.organizer_unit or "BAN TỔ CHỨC").upper(), bold=True, size=13)
    _para(left, "*" if party else "¯¯¯¯¯¯¯", align=WD_ALIGN_PARAGRAPH.CENTER, size=13)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if party:
        heading = _run(right.paragraphs[0], "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, size=15)
        heading.underline = True
    else:
        _run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
        motto = _para(right, align=WD_ALIGN_PARAGRAPH.CENTER)
        _run(motto, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14).underline = True
    held = seminar.started_at or seminar.starts_at
    place = place_name(report, main_locality) or "……………"
    _para(
        right,
        f"{place}, {format_date_long(local(held, tz).date())}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        italic=True,
    )

    kind, _session = event_kind(seminar.title)
    _para(doc)
    _para(doc, "BIÊN BẢN", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _para(doc, f"{kind.capitalize()} “{seminar.title}”", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _para(doc, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)

    s, a = report.sites, report.attendance
    _para(doc, "I. THỜI GIAN, ĐỊA ĐIỂM", bold=True)
    begin = seminar.started_at or seminar.starts_at
    begin_day = format_date_long(local(begin, tz).date())
    line = f"Thời gian: bắt đầu lúc {format_clock_long(begin, tz)}, {begin_day}"
    if seminar.ended_at is not None:
        line += f"; kết thúc lúc {format_clock_long(seminar.ended_at, tz)}"
    _para(doc, line + ".")
    where = seminar.venue or seminar.main_site_name or "……………"
    if seminar.mode == SeminarMode.in_person:
        _para(doc, f"Địa điểm: {where}.")
    else:
        _para(
            doc,
            f"Địa điểm: {where} (điểm cầu chính), kết hợp trực tuyến với "
            f"{format_int(s.connected)} điểm cầu.",
        )

    _para(doc, "II. THÀNH PHẦN THAM DỰ", bold=True)
    _para(doc, "Chủ trì: ………………………………………………………………")
    _para(doc, "Thư ký: ………………………………………………………………")
    participants = (
        f"Tham dự: hội trường chính và {format_int(s.connected)} điểm cầu "
        f"(trong số {format_int(s.invited)} điểm cầu được mời), "
        f"tổng số {format_int(a.peak_headcount)} người"
    )
    if a.peak_at is not None:
        participants += f" (số cao nhất, ghi nhận lúc {format_time(a.peak_at, tz)})"
    _para(doc, participants + ".")

    _para(doc, "III. NỘI DUNG", bold=True)
    _para(doc, "1. Trình tự tiến hành", bold=True, italic=True)
    for item in report.agenda:
        when = (
            f"{format_time(item.started_at, tz)}–{format_time(item.ended_at, tz)}"
            if item.started_at
            else "(không diễn ra)"
        )
        text = f"- {when}: {AGENDA_KIND[item.kind.value]}: {item.title}"
        if item.speaker_name:
            text += f" ({item.speaker_name}{', ' + item.speaker_unit if item.speaker_unit else ''})"
        _para(doc, text + ".")
    presented = [paper for paper in report.paper_list if paper.presented_at is not None]
    _para(
        doc,
        f"2. Các tham luận được trình bày ({len(presented)}/{report.papers.received} tham luận)",
        bold=True,
        italic=True,
    )
    for number, paper in enumerate(presented, start=1):
        by = f" – {', '.join(paper.authors)}" if paper.authors else ""
        unit = f", {paper.unit}" if paper.unit else ""
        _para(doc, f"{number}. {paper.title}{by}{unit} ({format_time(paper.presented_at, tz)}).")
    _para(doc, "3. Thảo luận", bold=True, italic=True)
    for number, speech in enumerate(report.speeches.items, start=1):
        _para(doc, f"{number}. {speech_text(speech, tz)}")
    _para(doc, "…" * 60)
    minutes_incidents(doc, report, _para)

    _para(doc, "IV. KẾT LUẬN", bold=True)
    for _ in range(4):
        _para(doc, "…" * 60)
    _para(
        doc,
        "Biên bản kết thúc lúc …… giờ …… phút cùng ngày, đã được đọc lại cho những người "
        "tham dự cùng nghe và nhất trí.",
    )
    signatures = doc.add_table(rows=1, cols=2)
    for cell, role in zip(signatures.rows[0].cells, ("THƯ KÝ", "CHỦ TRÌ"), strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], role, bold=True)
        _para(cell, "(Ký, ghi rõ họ tên)", align=WD_ALIGN_PARAGRAPH.CENTER, italic=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
