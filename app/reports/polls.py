"""The polls and the satisfaction survey in the report: what report.html, the minutes and
``polls.xlsx`` print.

The survey's figure is the share of answers on the two top options of the five-point
scale ("hài lòng", "rất hài lòng"), quoted the way a press report does: one decimal,
half up, Vietnamese comma ("87,5%"), with the number of answers ("1.100 phiếu").
"""

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from markupsafe import Markup, escape
from pydantic import BaseModel, Field

from app.core.vi_format import format_decimal, format_int

# Options 4 and 5 of a scale poll (positions 3 and 4 counting from 0).
SATISFIED_POSITIONS = (3, 4)


class SurveyOption(BaseModel):
    label: str
    count: int
    percent: float | None = Field(description="Share of the answers, 1 decimal, half up")
    percent_vi: str = Field(description="The same in Vietnamese form: ``12,2%``")


class SurveyFigures(BaseModel):
    poll_id: int
    question: str
    responses: int = Field(description="Answers received (one per device)")
    satisfied: int = Field(description="Answers on the two top options")
    satisfied_percent: float | None = Field(description="None without any answer")
    satisfied_percent_vi: str
    sentence_vi: str = Field(
        description="``87,5% hài lòng hoặc rất hài lòng (105 trên 120 phiếu trả lời)``"
    )
    distribution: list[SurveyOption] = Field(description="The five options, 1 to 5")


def percent(count: int, total: int) -> float | None:
    """``count / total`` in percent, 1 decimal, half up (exact: no float on the way)."""
    if total <= 0:
        return None
    tenths = Fraction(count * 1000, total)
    return int(tenths + Fraction(1, 2)) / 10


def percent_vi(value: float | None) -> str:
    """``87.5`` → ``87,5%``, ``50.0`` → ``50%`` (as the polls' results write it);
    ``None`` → ``–``."""
    if value is None:
        return "–"
    return format_decimal(value, 1).removesuffix(",0") + "%"


def survey_sentence(satisfied: int, responses: int) -> str:
    """The report's sentence about the survey (no final period: it is quoted in a line)."""
    if responses == 0:
        return "chưa có phiếu trả lời khảo sát nào"
    share = percent_vi(percent(satisfied, responses))
    return (
        f"{share} hài lòng hoặc rất hài lòng "
        f"({format_int(satisfied)} trên {format_int(responses)} phiếu trả lời)"
    )


def survey_figures(
    poll_id: int, question: str, labels: list[str], counts: list[int], responses: int
) -> SurveyFigures:
    """The survey's figures from each option's count (a scale: one option per answer)."""
    satisfied = sum(counts[i] for i in SATISFIED_POSITIONS if i < len(counts))
    share = percent(satisfied, responses)
    return SurveyFigures(
        poll_id=poll_id,
        question=question,
        responses=responses,
        satisfied=satisfied,
        satisfied_percent=share,
        satisfied_percent_vi=percent_vi(share),
        sentence_vi=survey_sentence(satisfied, responses),
        distribution=[
            SurveyOption(
                label=label,
                count=count,
                percent=percent(count, responses),
                percent_vi=percent_vi(percent(count, responses)),
            )
            for label, count in zip(labels, counts, strict=True)
        ],
    )


# --- the bars that print ------------------------------------------------------------------

BAR_WIDTH, ROW_HEIGHT, LABEL_W, VALUE_W = 680, 26, 250, 130


def bar_chart(rows: list[tuple[str, int, str]], title: str) -> Markup:
    """Horizontal bars (label, count, ``12,2%``) as inline SVG: fills print, where CSS
    backgrounds are dropped by browsers' default print settings."""
    top = max((count for _label, count, _pct in rows), default=0)
    plot = BAR_WIDTH - LABEL_W - VALUE_W
    height = ROW_HEIGHT * max(len(rows), 1) + 4
    parts = [
        f'<svg class="chart bars" viewBox="0 0 {BAR_WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, (label, count, share) in enumerate(rows):
        y = index * ROW_HEIGHT + 4
        width = round(count / top * plot, 1) if top else 0
        short = label if len(label) <= 38 else label[:37] + "…"
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end">{escape(short)}</text>'
            f'<rect x="{LABEL_W}" y="{y + 2}" width="{plot}" height="{ROW_HEIGHT - 8}" '
            'class="track"/>'
            f'<rect x="{LABEL_W}" y="{y + 2}" width="{width}" height="{ROW_HEIGHT - 8}" '
            'class="bar"/>'
            f'<text x="{LABEL_W + plot + 8}" y="{y + 15}">'
            f"{escape(format_int(count))} ({escape(share)})</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def level_counts(poll: Any, row: Any) -> list[int]:
    """One level row's counts in the order of the poll's options."""
    by_option = {c.option_id: c.count for c in row.counts}
    return [by_option.get(option.id, 0) for option in poll.options]


def poll_line(poll: Any) -> str:
    """One poll as the minutes write it: the question, each option's share and count.
    "Câu hỏi" rather than "Biểu quyết": questions often start with "Biểu quyết nhanh"."""
    per_site = getattr(poll.mode, "value", poll.mode) == "per_site"
    unit, total = ("người", "người biểu quyết") if per_site else ("phiếu", "phiếu trả lời")
    options = ", ".join(
        f"{o.label} {o.percent_vi} ({format_int(o.count)} {unit})" for o in poll.options
    )
    return f"Câu hỏi “{poll.question}”: {options}; tổng số {format_int(poll.responses)} {total}"


def minutes_polls(doc: Any, report: Any, para: Callable[..., Any]) -> None:
    """The minutes' paragraph on the polls and the survey (after incidents); nothing
    when there was neither."""
    quoted = report.survey.poll_id if report.survey is not None else None
    polls = [poll for poll in report.polls if poll.poll_id != quoted]
    if not polls and report.survey is None:
        return
    para(doc, "5. Lấy ý kiến", bold=True, italic=True)
    parts = [poll_line(poll) for poll in polls]
    if report.survey is not None:
        parts.append(f"Khảo sát mức độ hài lòng: {report.survey.sentence_vi}")
    para(doc, ". ".join(parts) + ".")
