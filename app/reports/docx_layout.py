"""The layout of an administrative document (Nghị định 30/2020/NĐ-CP), for every .docx.

A4 with margins 2 cm top and bottom, 3 cm left, 1.5 cm right; Times New Roman 14; the
header block (the organizing body left, the national or Party heading right, the place
and date under it); the document's name and its subject line; the signature block.
Minutes (app/reports/documents.py) and the conclusion notice use it.
"""

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from app.core.text import fold, xml_safe
from app.core.vi_format import format_date_long
from app.reports.summary import event_kind, is_party_body

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
_QUOTES = "“”\"'«»„‟"
_SPACES = re.compile(r"\s+")
_PLACE = re.compile(
    r"(?:tỉnh ủy|thành ủy|huyện ủy|thị ủy|quận ủy|tỉnh|thành phố|huyện|thị xã|quận)\s+"
    r"((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\wÀ-ỹ]*\s?)+)",
    re.IGNORECASE,
)


def new_document() -> Any:
    """An empty A4 document with the decree's margins and font."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    # Without the East-Asian font Word picks its own for Vietnamese letters in some setups.
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return doc


def run(paragraph: Any, text: str, *, bold: bool = False, italic: bool = False, size: int = 14):
    """A run of ``text`` in the document font."""
    piece = paragraph.add_run(xml_safe(text))
    piece.bold, piece.italic = bold, italic
    piece.font.size = Pt(size)
    piece.font.name = FONT
    piece._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return piece


def para(container: Any, text: str = "", *, align: Any = None, **style: Any) -> Any:
    """A paragraph (in the document or a table cell) holding one run."""
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(3)
    if text:
        run(paragraph, text, **style)
    return paragraph


def place_of(main_locality: str | None, *names: str | None) -> str | None:
    """The locality of the date line: the main hall's, else the one a name carries
    (the organizer's, the venue's: ``Tỉnh ủy Bắc Giang`` → ``Bắc Giang``)."""
    if main_locality:
        return main_locality
    for text in names:
        match = _PLACE.search(text or "")
        if match and match.group(1).strip()[:1].isupper():
            return match.group(1).strip()
    return None


def fixed_table(doc: Any, widths_cm: Sequence[float]) -> Any:
    """A borderless one-row table with these column widths, kept as set: office suites
    otherwise share the width out by content and wrap the headings."""
    table = doc.add_table(rows=1, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths_cm, strict=True):
        column.width = cell.width = Cm(width)
    return table


def header_block(
    doc: Any,
    organizer_unit: str | None,
    place: str | None,
    day: date,
    *,
    number: str | None = None,
) -> None:
    """The organizing body (and the document's number) left; the national heading, or the
    Party's for a Party body, right, with "Place, ngày … tháng … năm …" under it."""
    party = is_party_body(organizer_unit)
    table = fixed_table(doc, (6.5, 10))
    left, right = table.rows[0].cells
    left.paragraphs[0].alignment = CENTER
    run(left.paragraphs[0], (organizer_unit or "BAN TỔ CHỨC").upper(), bold=True, size=13)
    para(left, "*" if party else "¯¯¯¯¯¯¯", align=CENTER, size=13)
    if number:
        para(left, f"Số: {number}", align=CENTER, size=13)
    right.paragraphs[0].alignment = CENTER
    if party:
        run(right.paragraphs[0], "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, size=15).underline = True
    else:
        run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
        motto = para(right, align=CENTER)
        run(motto, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14).underline = True
    para(right)
    dated = f"{place or '……………'}, {format_date_long(day)}"
    para(right, dated, align=CENTER, italic=True, size=13)


def _unquoted(title: str) -> str:
    text = _SPACES.sub(" ", title).strip()
    while len(text) > 1 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return text


def event_title_line(title: str) -> str:
    """The subject line naming the event once: ``Tọa đàm khoa học “…”`` when the title
    starts with its kind, else the kind and the title in quotes (``Hội thảo “…”``)."""
    text = _unquoted(title)
    if not text:
        return ""
    kind, _session = event_kind(text)
    if fold(text).startswith(fold(kind)):
        return text[0].upper() + text[1:]
    return f"{kind.capitalize()} “{text}”"


def title_lines(doc: Any, document_name: str, event_title: str) -> None:
    """The document's name in capitals and the event it is about, centred, bold."""
    para(doc)
    para(doc, document_name.upper(), align=CENTER, bold=True)
    para(doc, event_title_line(event_title), align=CENTER, bold=True)
    para(doc, "-----", align=CENTER)


@dataclass(frozen=True)
class Signer:
    """One signature: the role line(s) in capitals, then a note, space, the name."""

    role: str
    title: str | None = None
    name: str | None = None
    note: str | None = "(Ký, ghi rõ họ tên)"


def signature_block(
    doc: Any, signers: Sequence[Signer], *, recipients: Sequence[str] | None = None
) -> None:
    """Signers side by side; with ``recipients`` ("Nơi nhận") on the left and one signer,
    the signer stands on the right, as the decree places them."""
    cells_for: list[Signer | None] = list(signers)
    if recipients is not None or len(cells_for) == 1:
        cells_for = [None, *cells_for]
    widths = (6.5, 10) if len(cells_for) == 2 else (16.5 / len(cells_for),) * len(cells_for)
    table = fixed_table(doc, widths)
    for cell, signer in zip(table.rows[0].cells, cells_for, strict=True):
        if signer is None:
            if recipients:
                run(cell.paragraphs[0], "Nơi nhận:", bold=True, italic=True, size=12)
                for line in recipients:
                    para(cell, line, size=11)
            continue
        cell.paragraphs[0].alignment = CENTER
        run(cell.paragraphs[0], signer.role.upper(), bold=True)
        if signer.title:
            para(cell, signer.title.upper(), align=CENTER, bold=True)
        if signer.note:
            para(cell, signer.note, align=CENTER, italic=True)
        for _ in range(3):
            para(cell)
        if signer.name:
            para(cell, signer.name, align=CENTER, bold=True)


def to_bytes(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
