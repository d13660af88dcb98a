"""``polls.xlsx``: each poll's results (polls × options) and, for polls answered per
site, the results per level of the site tree; laid out by app/reports/workbook.py."""

from typing import Any

from app.reports.labels import POLL_KIND, POLL_MODE, POLL_STATUS, SITE_LEVEL
from app.reports.polls import SurveyFigures, level_counts, percent
from app.reports.workbook import PERCENT_FORMAT, Column, add_sheet, new_workbook, to_bytes

SHEETS = ("Kết quả", "Theo cấp")
RESULT_COLUMNS = (
    Column("STT", 6),
    Column("Câu hỏi", 40, wrap=True),
    Column("Loại", 14),
    Column("Hình thức", 28, wrap=True),
    Column("Trạng thái", 12),
    Column("Số trả lời", 11),
    Column("Lựa chọn", 30, wrap=True),
    Column("Số lượt chọn", 11),
    Column("Tỷ lệ", 9, PERCENT_FORMAT),
)
LEVEL_COLUMNS = (
    Column("STT", 6),
    Column("Câu hỏi", 36, wrap=True),
    Column("Mã", 10),
    Column("Điểm cầu (gồm cấp dưới)", 36, wrap=True),
    Column("Cấp", 14),
    Column("Số người", 10),
    Column("Lựa chọn", 26, wrap=True),
    Column("Số lượt chọn", 11),
    Column("Tỷ lệ", 9, PERCENT_FORMAT),
)


def _code(value: Any) -> str:
    return getattr(value, "value", value)


def _ratio(count: int, total: int) -> float | None:
    """The cell's value: a ratio that the percent format prints as ``12,2%``."""
    share = percent(count, total)
    return None if share is None else round(share / 100, 4)


def polls_xlsx(title: str, polls: list[Any], survey: SurveyFigures | None) -> bytes:
    """Typed cells: counts are integers, shares are ratios formatted as percents."""
    book = new_workbook()
    heading = f"Kết quả lấy ý kiến – {title}"
    if survey is not None:
        heading += f". Khảo sát mức độ hài lòng: {survey.sentence_vi}."
    sheet = add_sheet(book, SHEETS[0], RESULT_COLUMNS, heading=heading)
    for number, poll in enumerate(polls, start=1):
        for option in poll.options:
            sheet.append(
                [
                    number,
                    poll.question,
                    POLL_KIND[_code(poll.kind)],
                    POLL_MODE[_code(poll.mode)],
                    POLL_STATUS[_code(poll.status)],
                    poll.responses,
                    option.label,
                    option.count,
                    _ratio(option.count, poll.responses),
                ]
            )
    sheet = add_sheet(book, SHEETS[1], LEVEL_COLUMNS, heading=f"Kết quả theo cấp – {title}")
    for number, poll in enumerate(polls, start=1):
        for row in poll.per_level or []:
            counts = level_counts(poll, row)
            for option, count in zip(poll.options, counts, strict=True):
                sheet.append(
                    [
                        number,
                        poll.question,
                        row.code,
                        row.name,
                        SITE_LEVEL[_code(row.level)],
                        row.responses,
                        option.label,
                        count,
                        _ratio(count, row.responses),
                    ]
                )
    return to_bytes(book)
