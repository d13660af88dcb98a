"""Proceedings bundle (ZIP) and the list of papers (XLSX, CSV) from stored papers.

Pure rendering: the service loads and authorizes, these functions only format. They
block (file reads, zlib, openpyxl): call them in a worker thread.
"""

import csv
import io
import re
import tempfile
import unicodedata
import zipfile
from datetime import datetime
from typing import IO
from zoneinfo import ZoneInfo

from app.reports.workbook import Column, add_sheet, new_workbook
from app.reports.workbook import to_bytes as workbook_bytes
from app.seminars.models import Seminar
from app.submissions.models import Submission, SubmissionStatus
from app.submissions.storage import KINDS, FileStore

STATUS_VI = {
    SubmissionStatus.draft: "Bản nháp",
    SubmissionStatus.submitted: "Đã gửi",
    SubmissionStatus.under_review: "Đang xem xét",
    SubmissionStatus.selected_live: "Trình bày trực tiếp",
    SubmissionStatus.accepted_written: "In kỷ yếu",
    SubmissionStatus.rejected: "Không chọn",
    SubmissionStatus.withdrawn: "Đã rút",
}
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
_TITLE_IN_NAME = 120
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# --- names ------------------------------------------------------------------------------


def _name_part(text: str, limit: int) -> str:
    """Text safe inside a file name on every OS: no separators, controls or reserved chars."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = " ".join(_UNSAFE.sub(" ", text).split()).strip(" .")
    if len(text) > limit:
        text = text[: limit - 1].rstrip(" .") + "…"
    return text


def authors_label(submission: Submission) -> str:
    """``A``, ``A, B`` or ``A và cộng sự``: who wrote it, short enough for a file name."""
    names = [a.get("name") for a in submission.authors if a.get("name")]
    if not names:
        names = [submission.speaker.full_name]
    if len(names) > 2:
        return f"{names[0]} và cộng sự"
    return ", ".join(names)


def proceedings_entry_name(number: int, width: int, submission: Submission, ext: str) -> str:
    """``NN - Tác giả - Tiêu đề.ext``."""
    authors = _name_part(authors_label(submission), 80)
    title = _name_part(submission.title, _TITLE_IN_NAME)
    return f"{number:0{width}d} - {authors} - {title}.{ext}"


def _local(moment: datetime | None, tz: ZoneInfo) -> datetime | None:
    # Excel has no time zones: write the seminar's local wall-clock time, naive.
    return moment.astimezone(tz).replace(tzinfo=None) if moment else None


# --- ZIP --------------------------------------------------------------------------------


def build_proceedings_zip(papers: list[Submission], store: FileStore) -> IO[bytes]:
    """A temporary file holding the ZIP of every paper's latest file, numbered in order.

    Entries are stored, not deflated: PDF, DOCX and ODT are compressed already. Papers
    without a file are skipped. The caller closes the file (that deletes it).
    """
    with_files = [p for p in papers if p.files]
    width = max(2, len(str(len(with_files))))
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller, who closes it
    try:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
            for number, paper in enumerate(with_files, start=1):
                latest = paper.files[-1]
                ext = next(
                    (k.extension for k in KINDS.values() if k.media_type == latest.media_type),
                    "bin",
                )
                name = proceedings_entry_name(number, width, paper, ext)
                archive.write(store.path_for(latest.sha256), arcname=name)
        out.seek(0)
    except BaseException:
        out.close()
        raise
    return out


# --- lists ------------------------------------------------------------------------------

# Widths keep a landscape A4 page readable (fit to width shrinks what is wider); the long
# texts wrap in their columns instead.
HEADERS = [
    ("STT", 5),
    ("Tiêu đề", 42),
    ("Tác giả", 26),
    ("Đơn vị", 26),
    ("Người gửi", 18),
    ("Email", 24),
    ("Trạng thái", 14),
    ("Ghi chú quyết định", 26),
    ("Gửi lúc", 16),
    ("Quyết định lúc", 16),
    ("Trình bày lúc", 16),
]


def _row(number: int, paper: Submission, tz: ZoneInfo) -> list[object]:
    authors = "; ".join(
        ", ".join(x for x in (a.get("name"), a.get("position")) if x) for a in paper.authors
    )
    units = list(
        dict.fromkeys(u for u in [paper.unit, *(a.get("unit") for a in paper.authors)] if u)
    )
    return [
        number,
        paper.title,
        authors,
        "; ".join(units),
        paper.speaker.full_name,
        paper.speaker.email,
        STATUS_VI[paper.status],
        paper.decision_note or "",
        _local(paper.submitted_at, tz),
        _local(paper.decided_at, tz),
        _local(paper.presented_at, tz),
    ]


def build_papers_xlsx(seminar: Seminar, papers: list[Submission]) -> bytes:
    """One sheet: typed cells (numbers, dates), header repeated on every printed page,
    widths, filter; laid out for print by app/reports/workbook.py."""
    tz = ZoneInfo(seminar.timezone)
    book = new_workbook()
    columns = [Column(title, width, wrap=width >= 18) for title, width in HEADERS]
    sheet = add_sheet(book, "Tham luận", columns, autofilter=True)
    sheet.extend(_row(number, paper, tz) for number, paper in enumerate(papers, start=1))
    return workbook_bytes(book)


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value  # a spreadsheet must not run text from speakers as a formula
    return value


def build_papers_csv(seminar: Seminar, papers: list[Submission]) -> bytes:
    """UTF-8 with BOM (so Excel reads the Vietnamese right); dates dd/MM/yyyy HH:mm."""
    tz = ZoneInfo(seminar.timezone)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title for title, _ in HEADERS])
    for number, paper in enumerate(papers, start=1):
        writer.writerow(_csv_value(v) for v in _row(number, paper, tz))
    return out.getvalue().encode("utf-8-sig")
