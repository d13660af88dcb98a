"""The printable report page: a Jinja2 template and an attendance chart drawn as SVG."""

import math
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from app.core import vi_format
from app.reports.incidents import INCIDENT_KIND, incident_period
from app.reports.labels import (
    AGENDA_KIND,
    PAPER_STATUS,
    POLL_KIND,
    POLL_MODE,
    POLL_STATUS,
    SEMINAR_STATUS,
    SITE_LEVEL,
    SITE_STATUS,
)
from app.reports.polls import bar_chart, level_counts
from app.reports.schemas import SeminarReport

TEMPLATES = Path(__file__).parent / "templates"
# Chart geometry (SVG user units ≈ CSS px; the page is 180 mm wide).
WIDTH, HEIGHT = 680, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 34


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["n"] = lambda v: "" if v is None else vi_format.format_int(v)
    env.filters["code"] = lambda v: getattr(v, "value", v)
    env.globals.update(
        site_status=SITE_STATUS,
        site_level=SITE_LEVEL,
        paper_status=PAPER_STATUS,
        agenda_kind=AGENDA_KIND,
        seminar_status=SEMINAR_STATUS,
        poll_kind=POLL_KIND,
        poll_mode=POLL_MODE,
        poll_status=POLL_STATUS,
        bars=lambda options, title: bar_chart(
            [(o.label, o.count, o.percent_vi) for o in options], title
        ),
        level_counts=level_counts,
    )
    return env


def _nice_step(top: int, ticks: int = 4) -> int:
    """A round step (1, 2, 5 × 10^k) giving about ``ticks`` gridlines up to ``top``."""
    raw = max(1.0, top / ticks)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)


def attendance_chart(points: list[dict[str, Any]], timezone: str, resolution_s: int) -> Markup:
    """The total over time (each bucket's highest value) as an inline SVG line chart."""
    if not points:
        return Markup(
            f'<svg class="chart" viewBox="0 0 {WIDTH} 60" role="img" '
            f'aria-label="Chưa có số liệu"><text x="{WIDTH / 2}" y="34" '
            'text-anchor="middle">Chưa có số liệu điểm danh</text></svg>'
        )
    times = [datetime.fromisoformat(p["at"]) for p in points]
    values = [int(p["peak_headcount"]) for p in points]
    start = times[0].timestamp() - resolution_s
    span = max(times[-1].timestamp() - start, 1)
    step = _nice_step(max(values))
    top = max(step, math.ceil(max(values) / step) * step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(ts: float) -> float:
        return round(LEFT + (ts - start) / span * plot_w, 1)

    def y(v: int) -> float:
        return round(TOP + plot_h - v / top * plot_h, 1)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="Số người tham dự theo thời gian" xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in range(0, top + 1, step):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick)}" y2="{y(tick)}" '
            'class="grid"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4}" text-anchor="end">'
            f"{vi_format.format_int(tick)}</text>"
        )
    label_every = max(1, len(times) // 6)
    for index in range(0, len(times), label_every):
        at = times[index]
        parts.append(
            f'<text x="{x(at.timestamp())}" y="{HEIGHT - 12}" text-anchor="middle">'
            f"{vi_format.format_time(at, timezone)}</text>"
        )
    line = [(x(start), y(0))]
    line += [(x(t.timestamp()), y(v)) for t, v in zip(times, values, strict=True)]
    path = " ".join(f"{px},{py}" for px, py in line)
    area = f"{path} {line[-1][0]},{y(0)}"
    parts.append(f'<polygon points="{area}" class="area"/>')
    parts.append(f'<polyline points="{path}" class="line"/>')
    peak = max(values)
    peak_x = x(times[values.index(peak)].timestamp())
    label_y = y(peak) + (14 if peak == top else -7)
    parts.append(
        f'<circle cx="{peak_x}" cy="{y(peak)}" r="3.5" class="peak"/>'
        f'<text x="{max(peak_x - 6, LEFT + 60)}" y="{label_y}" '
        f'text-anchor="end" class="peak-label">'
        f"{escape(vi_format.format_int(peak))} người</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def report_html(report: SeminarReport, points: list[dict[str, Any]], resolution_s: int) -> str:
    """The whole printable report (A4, print CSS)."""
    tz = report.seminar.timezone
    return (
        _environment()
        .get_template("report.html")
        .render(
            r=report,
            chart=attendance_chart(points, tz, resolution_s),
            dt=lambda v: vi_format.format_datetime(v, tz),
            hm=lambda v: vi_format.format_time(v, tz),
            pct=vi_format.format_percent,
            generated=vi_format.format_datetime(report.generated_at, tz),
            paragraphs=[p for p in report.summary_vi.split("\n\n") if p],
            incident_kind=INCIDENT_KIND,
            incident_period=lambda line: incident_period(line, tz),
        )
    )
