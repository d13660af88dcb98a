"""The one way a workbook is laid out, on screen and on paper.

Every sheet gets: a styled header row repeated at the top of each printed page, A4,
fit to one page wide (as many pages tall as needed), landscape when its columns are too
wide for portrait, margins and page numbers, a frozen header, column widths, and cells
that stay typed (numbers, dates) with formats that print the Vietnamese way.

Number formats print Vietnamese separators whatever the office suite's locale: a
thousands separator in a format code (``#,##0``) is replaced by the reader's own
(``1,164`` on an English system), so integers use literal dots chosen by magnitude
(``1.164``); percents carry the Vietnamese locale tag, which LibreOffice honours
(``12,2%``). tests/reports/test_printing.py checks both by printing through LibreOffice.
"""

import io
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from app.core.text import xml_safe

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Literal dots by magnitude: the separator never comes from the reader's locale, and the
# cell stays a number (and prints right after an edit). Conditional sections drop the
# sign of a negative number, so negatives get a one-section format for their magnitude.
INT_FORMAT = r"[>=1000000]#\.###\.##0;[>=1000]#\.##0;0"
_NEGATIVE_FORMATS = ((-1_000_000, r"#\.###\.##0"), (-1000, r"#\.##0"))
# 0.122 → "12,2%" (Vietnamese locale tag: decimal comma).
PERCENT_FORMAT = "[$-42A]0.0%"
DECIMAL_FORMAT = "[$-42A]#,##0.0"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"
TEXT_FORMAT = "@"

# Beyond this many character widths the columns do not fit a portrait A4 page at a
# readable scale: print landscape (fit to width shrinks what is still too wide).
PORTRAIT_MAX_WIDTH = 100

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_THIN = Side(style="thin", color="808080")
_HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADING_FONT = Font(bold=True, size=13)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
LINE_HEIGHT = 15  # points: one line of the default 11-point font


@dataclass(frozen=True)
class Column:
    """A column: its header, its width (in characters) and, when the value's type does
    not say it (a percent is a float), its number format; ``wrap`` wraps long text."""

    title: str
    width: float
    number_format: str | None = None
    wrap: bool = False


@dataclass
class Sheet:
    """A laid-out worksheet and its columns; rows go in through :meth:`append`."""

    ws: Worksheet
    columns: tuple[Column, ...]
    rows: int  # the rows written so far (heading and header included)
    styles: dict[tuple[str | None, bool], Any] = field(default_factory=dict)

    def append(self, values: Sequence[Any]) -> None:
        """One row of typed cells: numbers and dates formatted, text never a formula;
        tall enough for its wrapped text."""
        # Cells are styled before they are appended: ``ws[ws.max_row]`` scans every cell
        # of the sheet, which made a 40,000-site sheet quadratic.
        cells, lines = [], 1
        for index, value in enumerate(values):
            column = self.columns[index] if index < len(self.columns) else None
            cells.append(typed_cell(self.ws, value, column, self.styles))
            if column is not None and column.wrap and isinstance(value, str):
                lines = max(lines, wrapped_lines(value, column.width))
        self.ws.append(cells)
        self.rows += 1
        if lines > 1:
            # Office suites do not grow a row for wrapped text when they open a file, nor
            # when they print it: without a height the text is cut at the first line(s).
            self.ws.row_dimensions[self.rows].height = LINE_HEIGHT * lines

    def extend(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.append(row)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide (an upper
    estimate: breaks fall between words, capitals are wider than the average)."""
    per_line = max(1, int(width * 0.95) - 1)
    total = 0
    for part in text.splitlines() or [""]:
        length, count = 0, 1
        for word in part.split():
            if length and length + 1 + len(word) > per_line:
                count, length = count + 1, 0
            length += (1 if length else 0) + len(word)
            count += max(0, (length - 1) // per_line) if length > per_line else 0
            length = length % per_line if length > per_line else length
        total += count
    return total


def number_format(value: Any, column: Column | None = None) -> str | None:
    """The format ``value`` prints with: its column's, else its type's."""
    if value is None or isinstance(value, (str, bool)):
        return None
    if column is not None and column.number_format:
        return column.number_format
    if isinstance(value, int):
        return int_format(value)
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    if isinstance(value, float):
        return DECIMAL_FORMAT
    return None


def typed_cell(
    ws: Worksheet,
    value: Any,
    column: Column | None = None,
    styles: dict[tuple[str | None, bool], Any] | None = None,
) -> Cell:
    """A cell holding ``value`` with the format its type (or its column) calls for,
    aligned to the top of its row.

    ``styles`` caches the style of each (format, wrap) pair: setting a style through
    openpyxl hashes it for every cell, a third of the time of a 40,000-site sheet.
    """
    cell = Cell(ws, value=xml_safe(value) if isinstance(value, str) else value)
    text = isinstance(cell.value, str)
    if text and cell.value.startswith("="):
        cell.data_type = "s"  # text from users is a name, never a formula
    if value is None:
        return cell
    key = (number_format(value, column), text and column is not None and column.wrap)
    cached = styles.get(key) if styles is not None else None
    if cached is not None:
        cell._style = copy(cached)
        return cell
    if key[0]:
        cell.number_format = key[0]
    # Top-aligned: a row grown for wrapped text reads as one line across.
    cell.alignment = _WRAP if key[1] else _TOP
    if styles is not None:
        styles[key] = copy(cell._style)
    return cell


def int_format(value: int) -> str:
    """The format printing ``value`` with Vietnamese thousands dots (``-1.164``)."""
    if value >= 0:
        return INT_FORMAT
    return next((fmt for bound, fmt in _NEGATIVE_FORMATS if value <= bound), "0")


def new_workbook() -> Workbook:
    """An empty workbook (no default sheet): add sheets with :func:`add_sheet`."""
    book = Workbook()
    book.remove(book.active)
    return book


def add_sheet(
    book: Workbook,
    title: str,
    columns: Sequence[Column],
    *,
    heading: str | None = None,
    landscape: bool | None = None,
    autofilter: bool = False,
) -> Sheet:
    """A sheet laid out for screen and print; ``heading`` adds a bold line above the
    header (repeated on every page too); ``landscape`` defaults to "when wide"."""
    ws = book.create_sheet(title=title[:31])  # Excel's limit on sheet names
    columns = tuple(columns)
    if heading:
        ws.append([typed_cell(ws, heading)])
        ws.cell(row=1, column=1).font = _HEADING_FONT
        if len(columns) > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
        ws.cell(row=1, column=1).alignment = Alignment(wrap_text=True, vertical="center")
    ws.append([column.title for column in columns])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment, cell.border = _HEADER_ALIGN, _HEADER_BORDER
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    lines = max((wrapped_lines(column.title, column.width) for column in columns), default=1)
    if lines > 1:
        ws.row_dimensions[header_row].height = LINE_HEIGHT * lines
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"1:{header_row}"
    if autofilter:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{header_row}"
    wide = sum(column.width for column in columns) > PORTRAIT_MAX_WIDTH
    page_setup(ws, landscape=wide if landscape is None else landscape)
    return Sheet(ws, columns, header_row)


def page_setup(ws: Worksheet, *, landscape: bool) -> None:
    """A4, one page wide and as many tall as needed, margins, grid and page numbers."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    ws.page_margins = PageMargins(left=0.6, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.gridLines = True
    # The sheet's name on every page says which table a loose page belongs to.
    ws.oddHeader.center.text = "&A"
    ws.oddHeader.center.size = 9
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.size = 9


def to_bytes(book: Workbook) -> bytes:
    """The .xlsx file; header filters stretched over the rows appended since."""
    for ws in book.worksheets:
        if ws.auto_filter.ref:
            first, last = ws.auto_filter.ref.split(":")
            column = "".join(ch for ch in last if ch.isalpha())
            ws.auto_filter.ref = f"{first}:{column}{ws.max_row}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
