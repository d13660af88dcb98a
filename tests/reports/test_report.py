"""The report after replaying an event through the public API agrees with figures the
test computes on its own, with the live totals and with the database."""

from datetime import datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.text import vietnamese_sort_key
from tests.conftest import Actor
from tests.factories import API
from tests.reports.conftest import Expected, replay_event


async def get_report(client: httpx.AsyncClient, actor: Actor, seminar_id: int) -> dict:
    response = await client.get(f"{API}/seminars/{seminar_id}/report", headers=actor.headers)
    assert response.status_code == 200, response.text
    return response.json()


def _minutes(later: str, earlier: str) -> int:
    seconds = (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds()
    whole = int((abs(seconds) + 30) // 60)
    return whole if seconds >= 0 else -whole


def check_figures(report: dict, exp: Expected, live: dict) -> None:
    """Every figure of the report against the test's own bookkeeping and the live view."""
    remote = exp.invited
    assert report["sites"] == {
        "invited": remote,
        "registered": len(exp.registered),
        "declined": len(exp.declined),
        "connected": len(exp.connected),
        "never_connected": remote - len(exp.connected),
    }
    attendance = report["attendance"]
    assert attendance["peak_headcount"] == exp.peak
    assert attendance["start_headcount"] == exp.start_total
    assert attendance["end_headcount"] == exp.end_total
    assert attendance["expected"] == 1200
    assert attendance["expected_by_sites"] == sum(exp.expected_by_site.values())
    # The live totals say the same.
    assert attendance["peak_headcount"] == live["totals"]["peak_headcount"]
    assert attendance["peak_at"] is not None
    assert datetime.fromisoformat(attendance["peak_at"]) == datetime.fromisoformat(
        live["totals"]["peak_at"]
    )
    assert attendance["headcount"] == live["totals"]["headcount"] == exp.end_total
    assert report["sites"]["registered"] == live["totals"]["sites_registered"]
    assert report["sites"]["invited"] == live["totals"]["sites_invited"]

    papers = exp.papers
    assert report["papers"] == {
        "received": papers["received"],
        "selected_live": papers.get("selected_live", 0),
        "accepted_written": papers.get("accepted_written", 0),
        "rejected": papers.get("rejected", 0),
        "withdrawn": papers.get("withdrawn", 0),
        "pending": 0,
        "presented": len(exp.paper_titles_presented),
    }
    presented = [p["title"] for p in report["paper_list"] if p["presented_at"]]
    assert presented == exp.paper_titles_presented

    # Per site: the main hall first, then Vietnamese order; each site's own figures.
    lines = report["per_site"]
    assert lines[0]["site_id"] == exp.main_site_id and lines[0]["is_main"]
    names = [line["name"] for line in lines[1:]]
    assert names == sorted(names, key=vietnamese_sort_key)
    assert len(lines) == remote + 1
    for line in lines:
        site_id = line["site_id"]
        assert line["peak_headcount"] == exp.site_peak.get(site_id, 0), line
        assert line["last_headcount"] == exp.current.get(site_id, 0), line
        assert (line["checked_in_at"] is not None) == (
            site_id in exp.connected or site_id == exp.main_site_id
        )
        if site_id in exp.expected_by_site:
            assert line["expected"] == exp.expected_by_site[site_id]
        status = (
            "checked_in"
            if site_id in exp.connected or site_id == exp.main_site_id
            else "declined"
            if site_id in exp.declined
            else "registered"
            if site_id in exp.registered
            else "invited"
        )
        assert line["status"] == status

    # Per level: remote site counts add up; people add up to the live total.
    levels = report["levels"]
    order = ["central", "province", "district", "commune", "unit"]
    assert [lv["level"] for lv in levels] == sorted({lv["level"] for lv in levels}, key=order.index)
    assert sum(lv["sites"] for lv in levels) == remote
    assert sum(lv["connected"] for lv in levels) == len(exp.connected)
    assert sum(lv["headcount"] for lv in levels) == exp.end_total
    province = next(lv for lv in levels if lv["level"] == "province")
    assert province["includes_main"] and province["sites"] == 0
    assert province["peak_headcount"] == exp.site_peak[exp.main_site_id]
    for level in levels:
        assert level["peak_headcount"] <= exp.peak


def check_agenda(report: dict, agenda: list[dict]) -> None:
    assert [line["id"] for line in report["agenda"]] == [item["id"] for item in agenda]
    for line, item in zip(report["agenda"], agenda, strict=True):
        assert line["started_at"] == item["started_at"]
        assert line["ended_at"] == item["ended_at"]
        if item["planned_start"] and item["started_at"]:
            delay = _minutes(item["started_at"], item["planned_start"])
            assert line["start_delay_minutes"] == delay
            assert line["late_start_minutes"] == max(0, delay)
        if item["started_at"] and item["ended_at"] and item["planned_minutes"] is not None:
            actual = _minutes(item["ended_at"], item["started_at"])
            assert line["actual_minutes"] == actual
            assert line["overrun_minutes"] == max(0, actual - item["planned_minutes"])


async def test_the_reference_event_replayed_gives_the_figures_the_test_computed(
    client: httpx.AsyncClient, session: AsyncSession, organizer: Actor, speaker: Actor
) -> None:
    # 73 invited, 58 connected, 1.123 people at the peak, 15 papers of which 11 presented.
    exp = await replay_event(
        client,
        session,
        organizer,
        speaker,
        invited=73,
        declined=3,
        silent=4,
        connected=58,
        peak=1123,
        papers={"selected_live": 11, "accepted_written": 2, "rejected": 1, "withdrawn": 1},
        presented=11,
    )
    report = await get_report(client, organizer, exp.seminar_id)
    live = (
        await client.get(f"{API}/seminars/{exp.seminar_id}/attendance", headers=organizer.headers)
    ).json()
    check_figures(report, exp, live)
    agenda = (
        await client.get(f"{API}/seminars/{exp.seminar_id}/agenda", headers=organizer.headers)
    ).json()["items"]
    check_agenda(report, agenda)
    assert report["sites"]["connected"] == 58 and report["attendance"]["peak_headcount"] == 1123

    summary = report["summary_vi"]
    assert (
        "Ban Tuyên giáo Tỉnh ủy Bắc Giang tổ chức tọa đàm khoa học “Xây dựng Đảng về đạo đức” "
        "theo hình thức trực tiếp tại Hội trường Tỉnh ủy Bắc Giang kết hợp trực tuyến ở gần 60 "
        "điểm cầu, với hơn 1.100 cán bộ, đảng viên tham gia. Ban Tổ chức nhận được 15 tham "
        "luận, trong đó 11 tham luận được trình bày tại buổi tọa đàm." in summary
    )
    assert summary.startswith(("Sáng ", "Chiều ", "Tối "))
    assert "58/73 điểm cầu được mời đã kết nối" in summary
    assert "số người tham dự cao nhất 1.123 người" in summary
    assert report["summary_press_vi"] in summary and report["summary_exact_vi"] in summary


async def test_a_small_event_and_a_seminar_not_yet_held(
    client: httpx.AsyncClient, organizer: Actor, small_event: Expected
) -> None:
    exp = small_event
    report = await get_report(client, organizer, exp.seminar_id)
    live = (
        await client.get(f"{API}/seminars/{exp.seminar_id}/attendance", headers=organizer.headers)
    ).json()
    check_figures(report, exp, live)
    assert "ở 7 điểm cầu, với gần 180 cán bộ, đảng viên tham gia" in report["summary_vi"]
    assert "nhận được 4 tham luận, trong đó 2 tham luận được trình bày" in report["summary_vi"]

    draft = (
        await client.post(
            f"{API}/seminars",
            json={"title": "Hội nghị học tập nghị quyết", "starts_at": "2026-07-19T01:00:00Z"},
            headers=organizer.headers,
        )
    ).json()
    empty = await get_report(client, organizer, draft["id"])
    assert empty["sites"]["invited"] == 0 and empty["attendance"]["start_headcount"] is None
    assert empty["papers"]["received"] == 0 and empty["per_site"] == []
    assert empty["summary_vi"].startswith("Sáng 19/7/2026, Ban Tổ chức sẽ tổ chức hội nghị")


async def test_reports_are_for_staff_only(
    client: httpx.AsyncClient, speaker: Actor, organizer: Actor
) -> None:
    created = await client.post(
        f"{API}/seminars",
        json={"title": "Hội thảo", "starts_at": "2026-07-19T01:00:00Z"},
        headers=organizer.headers,
    )
    sid = created.json()["id"]
    for path in ("report", "report.html", "minutes.docx", "exports/attendance.csv"):
        assert (await client.get(f"{API}/seminars/{sid}/{path}")).status_code == 401
        forbidden = await client.get(f"{API}/seminars/{sid}/{path}", headers=speaker.headers)
        assert forbidden.status_code == 403
    assert (
        await client.get(f"{API}/seminars/999999/report", headers=organizer.headers)
    ).status_code == 404
