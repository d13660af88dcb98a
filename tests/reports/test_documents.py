"""The printable report, the minutes draft and the exports carry the report's figures."""

import csv
import io
import re
from datetime import datetime
from itertools import pairwise
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import httpx
import openpyxl
from docx import Document
from icalendar import Calendar

from app.core.text import vietnamese_sort_key
from tests.conftest import Actor
from tests.factories import API, create_seminar
from tests.reports.conftest import Expected

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


async def fetch(client: httpx.AsyncClient, actor: Actor | None, exp_id: int, path: str):
    headers = actor.headers if actor else {}
    response = await client.get(f"{API}/seminars/{exp_id}/{path}", headers=headers)
    assert response.status_code == 200, response.text
    return response


def filename_star(response: httpx.Response) -> str:
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="')
    match = re.search(r"filename\*=UTF-8''(\S+)", disposition)
    assert match, disposition
    return unquote(match.group(1))


async def test_attendance_csv_has_a_bom_one_row_per_site_and_vietnamese_intact(
    client: httpx.AsyncClient, organizer: Actor, small_event: Expected
) -> None:
    exp = small_event
    response = await fetch(client, organizer, exp.seminar_id, "exports/attendance.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert filename_star(response) == f"Điểm danh - {exp.slug}.csv"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["STT", "Mã", "Điểm cầu"]
    assert len(body) == exp.invited + 1
    assert body[0][2] == "Tỉnh ủy Bắc Giang" and body[0][5] == "có"
    names = [row[2] for row in body[1:]]
    assert set(names) == {exp.names[s] for s in exp.tokens}
    assert names == sorted(names, key=vietnamese_sort_key)
    by_name = {row[2]: row for row in body}
    peak_col, last_col = header.index("Cao nhất (người)"), header.index("Báo cáo cuối (người)")
    for site_id, name in exp.names.items():
        assert int(by_name[name][peak_col]) == exp.site_peak.get(site_id, 0)
        assert int(by_name[name][last_col]) == exp.current.get(site_id, 0)


async def test_attendance_xlsx_has_the_sheets_typed_cells_and_a_frozen_header(
    client: httpx.AsyncClient, organizer: Actor, small_event: Expected
) -> None:
    exp = small_event
    response = await fetch(client, organizer, exp.seminar_id, "exports/attendance.xlsx")
    assert filename_star(response) == f"Điểm danh - {exp.slug}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp", "Điểm cầu", "Theo thời gian", "Tham luận"]
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=2, values_only=True)}
    assert summary["Số người cao nhất"] == exp.peak
    assert summary["Điểm cầu đã kết nối"] == len(exp.connected)
    assert summary["Điểm cầu được mời"] == exp.invited
    assert summary["Tham luận nhận được"] == 4 and summary["Tham luận đã trình bày"] == 2
    assert isinstance(summary["Thời điểm cao nhất"], datetime)
    sites = book["Điểm cầu"]
    assert sites.freeze_panes == "A2"
    assert sites.column_dimensions["C"].width >= 30
    rows = list(sites.iter_rows(min_row=2, values_only=True))
    assert len(rows) == exp.invited + 1
    main = rows[0]
    assert main[2] == "Tỉnh ủy Bắc Giang" and main[9] == exp.site_peak[exp.main_site_id]
    assert isinstance(main[0], int) and isinstance(main[7], datetime)
    timeline = list(book["Theo thời gian"].iter_rows(min_row=2, values_only=True))
    assert timeline and all(isinstance(at, datetime) for at, _value, _peak in timeline)
    # Five-minute buckets.
    steps = {(b[0] - a[0]).total_seconds() for a, b in pairwise(timeline)}
    assert steps <= {300.0}
    assert max(peak for _at, _value, peak in timeline) == exp.peak
    assert timeline[-1][1] == exp.end_total
    papers = list(book["Tham luận"].iter_rows(min_row=2, values_only=True))
    assert len(papers) == 4
    assert [p[1] for p in papers if p[6] is not None] == exp.paper_titles_presented


async def test_the_minutes_draft_opens_and_carries_the_figures(
    client: httpx.AsyncClient, organizer: Actor, small_event: Expected
) -> None:
    exp = small_event
    response = await fetch(client, organizer, exp.seminar_id, "minutes.docx")
    assert filename_star(response) == f"Biên bản - {exp.slug}.docx"
    doc = Document(io.BytesIO(response.content))
    header = doc.tables[0].rows[0].cells
    assert "BAN TUYÊN GIÁO TỈNH ỦY BẮC GIANG" in header[0].text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1].text
    today = datetime.now(HCM)
    assert re.search(r"Bắc Giang, ngày \d\d tháng \d\d? năm \d{4}", header[1].text)
    assert f"năm {today.year}" in header[1].text or f"năm {today.year - 1}" in header[1].text
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BIÊN BẢN" in text
    # The title names its kind already: the subject line does not repeat it.
    assert "\nTọa đàm khoa học “Xây dựng Đảng về đạo đức”\n" in text
    assert "Tọa đàm “Tọa đàm" not in text
    assert f"hội trường chính và {len(exp.connected)} điểm cầu" in text
    assert f"tổng số {exp.peak} người" in text
    assert "Chủ trì: ……" in text
    assert "IV. KẾT LUẬN" in text
    for title in exp.paper_titles_presented:
        assert title in text
    assert "Báo cáo đề dẫn" in text
    fonts = {run.font.name for p in doc.paragraphs for run in p.runs}
    assert fonts == {"Times New Roman"}
    sizes = {run.font.size.pt for p in doc.paragraphs for run in p.runs}
    assert sizes <= {13.0, 14.0}


async def test_the_calendar_parses_with_local_times_and_is_public_once_published(
    client: httpx.AsyncClient, organizer: Actor, small_event: Expected
) -> None:
    exp = small_event
    response = await fetch(client, None, exp.seminar_id, "calendar.ics")
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    events = calendar.walk("VEVENT")
    seminar = (
        await client.get(f"{API}/seminars/{exp.seminar_id}", headers=organizer.headers)
    ).json()
    main = events[0]
    assert str(main["SUMMARY"]) == seminar["title"]
    start = main.decoded("DTSTART")
    assert start.tzinfo is not None and str(start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert "TZID=Asia/Ho_Chi_Minh" in response.text
    # iCalendar has whole seconds.
    assert start == datetime.fromisoformat(seminar["starts_at"]).replace(microsecond=0)
    assert start.hour == datetime.fromisoformat(seminar["starts_at"]).astimezone(HCM).hour
    assert str(main["URL"]).endswith(f"/s/{exp.slug}")
    agenda = (
        await client.get(f"{API}/seminars/{exp.seminar_id}/agenda", headers=organizer.headers)
    ).json()["items"]
    planned = [item for item in agenda if item["planned_start"]]
    assert len(events) == 1 + len(planned)
    opening = events[1]
    assert "Báo cáo đề dẫn" in str(opening["SUMMARY"])
    opening_start = datetime.fromisoformat(planned[0]["planned_start"]).replace(microsecond=0)
    assert opening.decoded("DTSTART") == opening_start
    assert (opening.decoded("DTEND") - opening.decoded("DTSTART")).total_seconds() == 15 * 60
    # No personal data: no coordinator, phone or e-mail.
    # (A phone number, not "0912" alone: that is also a time of day in the stamps.)
    assert "@example" not in response.text and not re.search(r"\b0\d{9}\b", response.text)

    draft = await create_seminar(client, organizer)
    hidden = await client.get(f"{API}/seminars/{draft['id']}/calendar.ics")
    assert hidden.status_code == 404
    staff = await client.get(
        f"{API}/seminars/{draft['id']}/calendar.ics", headers=organizer.headers
    )
    assert staff.status_code == 200


async def test_the_printable_report_renders_the_figures_chart_sites_and_papers(
    client: httpx.AsyncClient, organizer: Actor, small_event: Expected
) -> None:
    exp = small_event
    response = await fetch(client, organizer, exp.seminar_id, "report.html")
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "@page { size: A4" in html and "@media print" in html
    assert "<svg" in html and "<polyline" in html and "<script" not in html
    assert f"{exp.peak} người</text>" in html  # the chart marks the peak
    assert f"{len(exp.connected)}/{exp.invited}" in html
    assert "gần 180 cán bộ, đảng viên" in html
    for site_id in exp.tokens:
        assert exp.names[site_id] in html
    positions = [html.index(f"<td>{exp.names[s]}</td>") for s in exp.tokens]
    names = [exp.names[s] for s in exp.tokens]
    assert [n for _, n in sorted(zip(positions, names, strict=True))] == sorted(
        names, key=vietnamese_sort_key
    )
    for title in exp.paper_titles_presented:
        assert title in html
    # Names are escaped, never markup.
    assert "“Xây dựng Đảng về đạo đức”" in html
