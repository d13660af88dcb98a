"""The summary in Vietnamese, press style, generated from the report's figures.

Two parts: the press paragraph, where site and participant counts are rounded the way
the press writes them ("gần 60 điểm cầu", "hơn 1.100 cán bộ, đảng viên") and paper
counts stay exact; then one sentence with every exact figure.
"""

import re

from app.core.text import fold
from app.core.vi_format import (
    format_date_short,
    format_datetime,
    format_int,
    format_percent,
    local,
    part_of_day,
    press_number,
)
from app.reports.schemas import AttendanceFigures, PaperFigures, ReportSeminar, SiteFigures
from app.seminars.models import SeminarMode, SeminarStatus

# Party bodies by their (folded) names: committees, their boards, cells, Party schools.
_PARTY_BODY = re.compile(
    r"\b(dang (uy|bo|doan)|(tinh|thanh|huyen|quan|thi) uy|chi bo|ban chap hanh|"
    r"ban (tuyen giao|dan van|noi chinh|to chuc|kinh te) (tinh|thanh|huyen|quan|thi|trung)|"
    r"ban tuyen giao|ban dan van|uy ban kiem tra|dang cong san|truong chinh tri)\b"
)
# Kinds of event a title may start with, and how the summary names the session.
_KINDS = (
    ("toa dam", "tọa đàm", "buổi tọa đàm"),
    ("hoi nghi", "hội nghị", "hội nghị"),
    ("hoi thao", "hội thảo", "hội thảo"),
    ("dien dan", "diễn đàn", "diễn đàn"),
)


def is_party_body(unit: str | None) -> bool:
    """True for a Party organization (its documents carry "ĐẢNG CỘNG SẢN VIỆT NAM")."""
    return bool(unit) and bool(_PARTY_BODY.search(fold(unit or "")))


def participants_noun(unit: str | None) -> str:
    """Who took part, as the press says it: Party members for Party events."""
    return "cán bộ, đảng viên" if is_party_body(unit) else "đại biểu"


def event_kind(title: str) -> tuple[str, str]:
    """(``hội thảo``, ``hội thảo``) or (``tọa đàm``, ``buổi tọa đàm``) from the title."""
    folded = fold(title)
    for prefix, kind, session in _KINDS:
        if folded.startswith(prefix):
            return kind, session
    return "hội thảo", "hội thảo"


def event_name(title: str) -> str:
    """``tọa đàm khoa học “…”`` when the title names its kind, else ``hội thảo “title”``."""
    kind, _session = event_kind(title)
    if fold(title).startswith(fold(kind)):
        return title[0].lower() + title[1:]
    return f"{kind} “{title}”"


def _mode_phrase(seminar: ReportSeminar, site_count: int) -> str:
    where = f" tại {seminar.venue}" if seminar.venue else ""
    sites = f" ở {press_number(site_count)} điểm cầu" if site_count else ""
    if seminar.mode == SeminarMode.in_person:
        return f"theo hình thức trực tiếp{where}"
    if seminar.mode == SeminarMode.online:
        return f"theo hình thức trực tuyến{sites}"
    return f"theo hình thức trực tiếp{where} kết hợp trực tuyến{sites}"


def press_paragraph(
    seminar: ReportSeminar,
    sites: SiteFigures,
    attendance: AttendanceFigures,
    papers: PaperFigures,
) -> str:
    """The paragraph a press office would publish (rounded site and people counts)."""
    moment = seminar.started_at or seminar.starts_at
    day = format_date_short(local(moment, seminar.timezone).date())
    when = f"{part_of_day(moment, seminar.timezone)} {day}"
    who = seminar.organizer_unit or "Ban Tổ chức"
    name = event_name(seminar.title)
    _kind, session = event_kind(seminar.title)
    if seminar.status == SeminarStatus.cancelled:
        return f"{name[0].upper()}{name[1:]} dự kiến tổ chức {when.lower()} đã được hủy."
    held = seminar.status in (SeminarStatus.live, SeminarStatus.ended)
    if not held:
        text = f"{when}, {who} sẽ tổ chức {name} {_mode_phrase(seminar, 0)}"
        if sites.registered and seminar.mode != SeminarMode.in_person:
            text += f"; {press_number(sites.registered)} điểm cầu đã đăng ký tham gia"
        return text + "."
    text = f"{when}, {who} tổ chức {name} {_mode_phrase(seminar, sites.connected)}"
    if attendance.peak_headcount:
        noun = participants_noun(seminar.organizer_unit)
        text += f", với {press_number(attendance.peak_headcount)} {noun} tham gia"
    text += "."
    if papers.received:
        text += f" Ban Tổ chức nhận được {papers.received} tham luận"
        if papers.presented:
            text += f", trong đó {papers.presented} tham luận được trình bày tại {session}"
        text += "."
    return text


def exact_sentence(
    seminar: ReportSeminar,
    sites: SiteFigures,
    attendance: AttendanceFigures,
    papers: PaperFigures,
) -> str:
    """Every figure exactly, for the record."""
    n = format_int
    parts = [
        f"{n(sites.connected)}/{n(sites.invited)} điểm cầu được mời đã kết nối "
        f"({n(sites.registered)} đăng ký, {n(sites.declined)} từ chối, "
        f"{n(sites.never_connected)} không kết nối)"
    ]
    peak = f"số người tham dự cao nhất {n(attendance.peak_headcount)} người"
    if attendance.peak_at is not None:
        peak += f" lúc {format_datetime(attendance.peak_at, seminar.timezone)}"
    parts.append(peak + " (kể cả hội trường chính)")
    if attendance.start_headcount is not None:
        parts.append(f"khi bắt đầu {n(attendance.start_headcount)} người")
    if attendance.end_headcount is not None:
        parts.append(f"khi kết thúc {n(attendance.end_headcount)} người")
    if attendance.expected:
        ratio = attendance.peak_headcount / attendance.expected
        parts.append(
            f"dự kiến {n(attendance.expected)} người (đạt {format_percent(ratio)} so với dự kiến)"
        )
    parts.append(
        f"{n(papers.received)} tham luận nhận được ({n(papers.selected_live)} chọn trình bày, "
        f"{n(papers.accepted_written)} đưa vào kỷ yếu, {n(papers.rejected)} không chọn, "
        f"{n(papers.withdrawn)} rút lại, {n(papers.pending)} chưa xét), "
        f"{n(papers.presented)} tham luận đã trình bày"
    )
    return "Số liệu chính xác: " + "; ".join(parts) + "."


def summary_texts(
    seminar: ReportSeminar,
    sites: SiteFigures,
    attendance: AttendanceFigures,
    papers: PaperFigures,
) -> tuple[str, str, str]:
    """(full summary, press paragraph, exact sentence)."""
    press = press_paragraph(seminar, sites, attendance, papers)
    exact = exact_sentence(seminar, sites, attendance, papers)
    return f"{press}\n\n{exact}", press, exact
