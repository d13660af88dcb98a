"""Files made from a report: attendance CSV and XLSX, the minutes draft (DOCX), the calendar.

Every function takes the report (and what else it needs) and returns bytes; nothing
here reads the database. Times are shown in the seminar's time zone; spreadsheet cells
hold typed values (integers, local date-times without a zone, which Excel requires).
"""

import csv
import io
import re
from datetime import datetime
from typing import Any
from urllib.parse import quote

from openpyxl.styles import Alignment

from app.core.text import fold
from app.core.vi_format import (
    format_clock_long,
    format_date_long,
    format_datetime,
    format_int,
    format_time,
    local,
)
from app.reports.docx_layout import (
    DOCX_MEDIA_TYPE,
    Signer,
    header_block,
    new_document,
    para,
    place_of,
    signature_block,
    title_lines,
)
from app.reports.docx_layout import to_bytes as docx_bytes
from app.reports.incidents import minutes_incidents
from app.reports.labels import AGENDA_KIND, PAPER_STATUS, SITE_LEVEL, SITE_STATUS
from app.reports.polls import minutes_polls
from app.reports.schemas import SeminarReport
from app.reports.speeches import speech_text
from app.reports.workbook import XLSX_MEDIA_TYPE, Column, add_sheet, new_workbook
from app.reports.workbook import to_bytes as workbook_bytes
from app.seminars.models import SeminarMode

__all__ = ["DOCX_MEDIA_TYPE", "XLSX_MEDIA_TYPE"]

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
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

SHEETS = ("Tổng hợp", "Điểm cầu", "Theo thời gian", "Tham luận")
_SITE_WIDTHS = (6, 12, 40, 16, 18, 10, 14, 17, 10, 10, 12, 17, 10)


def attendance_xlsx(report: SeminarReport, timeline: list[dict[str, Any]]) -> bytes:
    """Sheets: summary, sites, the timeline per 5 minutes, papers; typed cells, each
    sheet laid out for print by app/reports/workbook.py."""
    tz = report.seminar.timezone
    s, a, p = report.sites, report.attendance, report.papers
    book = new_workbook()
    # Portrait: the labels and their values on one page (the values wrap, not spill).
    sheet = add_sheet(
        book, SHEETS[0], (Column("Chỉ tiêu", 34), Column("Giá trị", 56, wrap=True)),
        landscape=False,
    )  # fmt: skip
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
    sheet.extend(rows)
    # Labels at the top of their (maybe tall) row; values to the left, as a list reads.
    for label, value in sheet.ws.iter_rows(min_row=2, max_col=2):
        label.alignment = Alignment(vertical="top")
        value.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)

    columns = [Column(t, w) for t, w in zip(SITE_COLUMNS, _SITE_WIDTHS, strict=True)]
    columns[2] = Column(SITE_COLUMNS[2], 40, wrap=True)
    sheet = add_sheet(book, SHEETS[1], columns, autofilter=True)
    for number, site in enumerate(report.per_site, start=1):
        sheet.append(
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
            ]
        )

    sheet = add_sheet(
        book,
        SHEETS[2],
        (Column("Thời điểm", 18), Column("Số người (cuối khoảng)", 22),
         Column("Cao nhất trong khoảng", 22)),
    )  # fmt: skip
    for point in timeline:
        at = datetime.fromisoformat(point["at"])
        sheet.append([_naive_local(at, tz), point["headcount"], point["peak_headcount"]])

    sheet = add_sheet(
        book,
        SHEETS[3],
        (Column("STT", 6), Column("Tiêu đề", 60, wrap=True), Column("Tác giả", 30, wrap=True),
         Column("Đơn vị", 30, wrap=True), Column("Trạng thái", 16), Column("Gửi lúc", 17),
         Column("Trình bày lúc", 17)),
    )  # fmt: skip
    for number, paper in enumerate(report.paper_list, start=1):
        sheet.append(
            [
                number,
                paper.title,
                ", ".join(paper.authors),
                paper.unit or "",
                PAPER_STATUS.get(paper.status, paper.status),
                _naive_local(paper.submitted_at, tz),
                _naive_local(paper.presented_at, tz),
            ]
        )
    return workbook_bytes(book)


# --- minutes.docx ------------------------------------------------------------------------------


def place_name(report: SeminarReport, main_locality: str | None) -> str | None:
    """The locality of the date line: the main hall's, else the one the organizer's or
    venue's name carries (``Tỉnh ủy Bắc Giang`` → ``Bắc Giang``)."""
    return place_of(main_locality, report.seminar.organizer_unit, report.seminar.venue)


def minutes_docx(report: SeminarReport, main_locality: str | None) -> bytes:
    """A minutes draft ("biên bản") laid out after Nghị định 30/2020."""
    seminar = report.seminar
    tz = seminar.timezone
    doc = new_document()
    held = seminar.started_at or seminar.starts_at
    header_block(
        doc, seminar.organizer_unit, place_name(report, main_locality), local(held, tz).date()
    )
    title_lines(doc, "Biên bản", seminar.title)

    s, a = report.sites, report.attendance
    para(doc, "I. THỜI GIAN, ĐỊA ĐIỂM", bold=True)
    begin = seminar.started_at or seminar.starts_at
    begin_day = format_date_long(local(begin, tz).date())
    line = f"Thời gian: bắt đầu lúc {format_clock_long(begin, tz)}, {begin_day}"
    if seminar.ended_at is not None:
        line += f"; kết thúc lúc {format_clock_long(seminar.ended_at, tz)}"
    para(doc, line + ".")
    where = seminar.venue or seminar.main_site_name or "……………"
    if seminar.mode == SeminarMode.in_person:
        para(doc, f"Địa điểm: {where}.")
    else:
        para(
            doc,
            f"Địa điểm: {where} (điểm cầu chính), kết hợp trực tuyến với "
            f"{format_int(s.connected)} điểm cầu.",
        )

    para(doc, "II. THÀNH PHẦN THAM DỰ", bold=True)
    para(doc, "Chủ trì: ………………………………………………………………")
    para(doc, "Thư ký: ………………………………………………………………")
    participants = (
        f"Tham dự: hội trường chính và {format_int(s.connected)} điểm cầu "
        f"(trong số {format_int(s.invited)} điểm cầu được mời), "
        f"tổng số {format_int(a.peak_headcount)} người"
    )
    if a.peak_at is not None:
        participants += f" (số cao nhất, ghi nhận lúc {format_time(a.peak_at, tz)})"
    para(doc, participants + ".")

    para(doc, "III. NỘI DUNG", bold=True)
    para(doc, "1. Trình tự tiến hành", bold=True, italic=True)
    for item in report.agenda:
        when = (
            f"{format_time(item.started_at, tz)}–{format_time(item.ended_at, tz)}"
            if item.started_at
            else "(không diễn ra)"
        )
        text = f"- {when}: {AGENDA_KIND[item.kind.value]}: {item.title}"
        if item.speaker_name:
            text += f" ({item.speaker_name}{', ' + item.speaker_unit if item.speaker_unit else ''})"
        para(doc, text + ".")
    presented = [paper for paper in report.paper_list if paper.presented_at is not None]
    para(
        doc,
        f"2. Các tham luận được trình bày ({len(presented)}/{report.papers.received} tham luận)",
        bold=True,
        italic=True,
    )
    for number, paper in enumerate(presented, start=1):
        by = f" – {', '.join(paper.authors)}" if paper.authors else ""
        unit = f", {paper.unit}" if paper.unit else ""
        para(doc, f"{number}. {paper.title}{by}{unit} ({format_time(paper.presented_at, tz)}).")
    para(doc, "3. Thảo luận", bold=True, italic=True)
    for number, speech in enumerate(report.speeches.items, start=1):
        para(doc, f"{number}. {speech_text(speech, tz)}")
    para(doc, "…" * 60)
    minutes_incidents(doc, report, para)
    minutes_polls(doc, report, para)

    para(doc, "IV. KẾT LUẬN", bold=True)
    for _ in range(4):
        para(doc, "…" * 60)
    para(
        doc,
        "Biên bản kết thúc lúc …… giờ …… phút cùng ngày, đã được đọc lại cho những người "
        "tham dự cùng nghe và nhất trí.",
    )
    signature_block(doc, [Signer("Thư ký"), Signer("Chủ trì")])
    return docx_bytes(doc)
