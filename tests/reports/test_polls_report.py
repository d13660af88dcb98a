"""Polls and the satisfaction survey in the report, report.html, the minutes and
polls.xlsx: every figure the test expects is computed here from the answers and tallies
it sent through the public API, never read back from the server's other answers."""

import io
import uuid
from collections import Counter
from datetime import UTC, datetime

import httpx
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from app.reports.poll_results import report_polls
from tests.conftest import Actor
from tests.factories import API, create_seminar, create_site, invite, site_headers

SCALE = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]


def vi_percent(part: int, whole: int) -> str:
    """The test's own rounding: tenths of a percent, half up, in integers only."""
    tenths = (2 * 1000 * part + whole) // (2 * whole)
    whole_part, tenth = divmod(tenths, 10)
    text = f"{whole_part:,}".replace(",", ".")
    return f"{text}%" if tenth == 0 else f"{text},{tenth}%"


async def _poll(client: httpx.AsyncClient, actor: Actor, seminar_id: int, **body) -> dict:
    answer = await client.post(
        f"{API}/seminars/{seminar_id}/polls", json=body, headers=actor.headers
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


async def _move(client, actor, seminar_id: int, poll_id: int, verb: str, body=None) -> None:
    answer = await client.post(
        f"{API}/seminars/{seminar_id}/polls/{poll_id}/{verb}", json=body, headers=actor.headers
    )
    assert answer.status_code == 200, answer.text


async def _answer(client: httpx.AsyncClient, token: str, device: str, option_id: int) -> None:
    answer = await client.post(
        f"{API}/public/polls/{token}/answers",
        json={"option_ids": [option_id], "device_key": device},
    )
    assert answer.status_code in (200, 201), answer.text


async def _survey_with_answers(
    client: httpx.AsyncClient, organizer: Actor, seminar_id: int, answers: int
) -> dict[str, int]:
    """A survey answered from ``answers`` phones (every seventh changes its mind), then
    closed; returns each device's final level (1–5), as the test sent it."""
    survey = await _poll(
        client, organizer, seminar_id, question="Mức độ hài lòng?", purpose="survey"
    )
    await _move(client, organizer, seminar_id, survey["id"], "open", {"duration_minutes": 60})
    ids = [option["id"] for option in survey["options"]]
    # A skewed pattern, so that no share is a round number.
    pattern = [5, 4, 5, 3, 4, 5, 2, 4, 5, 1, 4, 5, 4, 3]
    final: dict[str, int] = {}
    for index in range(answers):
        device = str(uuid.uuid4())
        level = pattern[index % len(pattern)]
        await _answer(client, survey["token"], device, ids[level - 1])
        final[device] = level
    for index, device in enumerate(list(final)):
        if index % 7 == 0:  # answered again: the new answer replaces the first
            level = 5 if final[device] < 4 else 2
            await _answer(client, survey["token"], device, ids[level - 1])
            final[device] = level
    await _move(client, organizer, seminar_id, survey["id"], "close")
    return final


async def test_the_report_quotes_the_survey_share_computed_from_the_answers_sent(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    seminar = await create_seminar(client, organizer, "ended")
    final = await _survey_with_answers(client, organizer, seminar["id"], 123)

    levels = Counter(final.values())
    responses = len(final)
    satisfied = levels[4] + levels[5]
    share = vi_percent(satisfied, responses)
    sentence = f"{share} hài lòng hoặc rất hài lòng ({satisfied} trên {responses} phiếu trả lời)"

    headers = organizer.headers
    report = (await client.get(f"{API}/seminars/{seminar['id']}/report", headers=headers)).json()
    survey = report["survey"]
    assert survey["responses"] == responses
    assert survey["satisfied_percent_vi"] == share
    assert survey["satisfied_percent"] == float(share.rstrip("%").replace(",", "."))
    assert survey["sentence_vi"] == sentence
    assert [(o["label"], o["count"]) for o in survey["distribution"]] == [
        (label, levels[level]) for level, label in enumerate(SCALE, start=1)
    ]
    assert [o["percent_vi"] for o in survey["distribution"]] == [
        vi_percent(levels[level], responses) for level in range(1, 6)
    ]
    assert f"Kết quả khảo sát mức độ hài lòng: {sentence}." in report["summary_vi"]
    assert [p["purpose"] for p in report["polls"]] == ["survey"]

    html = (await client.get(f"{API}/seminars/{seminar['id']}/report.html", headers=headers)).text
    assert f"{sentence[0].upper()}{sentence[1:]}." in html
    assert 'class="chart bars"' in html
    for level, label in enumerate(SCALE, start=1):
        assert f"{levels[level]} ({vi_percent(levels[level], responses)})" in html
        assert label in html


async def test_a_survey_without_answers_says_so_and_stays_out_of_the_summary(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    seminar = await create_seminar(client, organizer, "ended")
    await _survey_with_answers(client, organizer, seminar["id"], 0)
    report = (
        await client.get(f"{API}/seminars/{seminar['id']}/report", headers=organizer.headers)
    ).json()
    assert report["survey"]["responses"] == 0
    assert report["survey"]["satisfied_percent"] is None
    assert report["survey"]["sentence_vi"] == "chưa có phiếu trả lời khảo sát nào"
    assert "khảo sát" not in report["summary_vi"]


async def _site_poll_event(client: httpx.AsyncClient, organizer: Actor, session: AsyncSession):
    """A live seminar: a province with two districts, and another province; each counts
    its room, then a per_site poll is tallied (one site corrects itself), closed and
    published. Returns what the test sent."""
    north = await create_site(session, "P1", "Tỉnh Bắc Giang")
    north_a = await create_site(session, "P1-A", "Huyện Lục Nam", parent=north)
    north_b = await create_site(session, "P1-B", "Huyện Yên Dũng", parent=north)
    south = await create_site(session, "P2", "Tỉnh Lạng Sơn")
    seminar = await create_seminar(client, organizer, "live")
    sid = seminar["id"]
    tokens = await invite(client, organizer, sid, [north.id, north_a.id, north_b.id, south.id])
    present = {north.id: 40, north_a.id: 1100, north_b.id: 25, south.id: 30}
    for site_id, headcount in present.items():
        headers = site_headers(tokens[site_id])
        for step, body in (("register", {"expected_attendees": headcount}), ("checkin", None)):
            answer = await client.post(f"{API}/site/{step}", json=body, headers=headers)
            assert answer.status_code == 200, answer.text
        reported = await client.post(
            f"{API}/site/headcount",
            json={
                "headcount": headcount,
                "request_id": str(uuid.uuid4()),
                "reported_at": datetime.now(UTC).isoformat(),
            },
            headers=headers,
        )
        assert reported.status_code == 200, reported.text
    poll = await _poll(
        client,
        organizer,
        sid,
        question="Đồng ý thông qua dự thảo?",
        kind="single",
        mode="per_site",
        options=["Đồng ý", "Không đồng ý", "Ý kiến khác"],
    )
    # Polls that are not reported: a draft, and one still open.
    await _poll(client, organizer, sid, question="Bản nháp?", options=["Có", "Không"])
    still_open = await _poll(client, organizer, sid, question="Còn mở?", options=["Có", "Không"])
    await _move(client, organizer, sid, still_open["id"], "open")
    await _move(client, organizer, sid, poll["id"], "open")
    ids = [option["id"] for option in poll["options"]]
    sent = {
        north.id: [30, 6, 2],
        north_a.id: [1001, 50, 7],
        north_b.id: [20, 3, 0],
        south.id: [25, 1, 1],
    }
    first = {north_a.id: [900, 100, 100]}  # corrected by a later count
    for counts in (first, sent):
        for site_id, values in counts.items():
            tally = await client.post(
                f"{API}/site/polls/{poll['id']}/tally",
                json={
                    "counts": {str(i): n for i, n in zip(ids, values, strict=True)},
                    "request_id": str(uuid.uuid4()),
                    "reported_at": datetime.now(UTC).isoformat(),
                },
                headers=site_headers(tokens[site_id]),
            )
            assert tally.status_code == 200, tally.text
    await _move(client, organizer, sid, poll["id"], "close")
    await _move(client, organizer, sid, poll["id"], "publish")
    sites = {"north": north, "north_a": north_a, "north_b": north_b, "south": south}
    return sid, poll, sent, sites


async def test_a_per_site_poll_is_reported_with_its_totals_and_per_level_sums(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    sid, poll, sent, sites = await _site_poll_event(client, organizer, session)
    totals = [sum(values[i] for values in sent.values()) for i in range(3)]
    responses = sum(totals)
    report = (await client.get(f"{API}/seminars/{sid}/report", headers=organizer.headers)).json()
    assert report["survey"] is None
    [reported] = report["polls"]
    assert (reported["poll_id"], reported["status"]) == (poll["id"], "published")
    assert reported["responses"] == responses
    assert [o["count"] for o in reported["options"]] == totals
    assert [o["percent_vi"] for o in reported["options"]] == [
        vi_percent(n, responses) for n in totals
    ]
    north_sum = [
        sum(sent[sites[k].id][i] for k in ("north", "north_a", "north_b")) for i in range(3)
    ]
    by_code = {row["code"]: row for row in reported["per_level"]}
    assert set(by_code) == {"P1", "P2"}
    ids = [o["id"] for o in reported["options"]]
    assert {c["option_id"]: c["count"] for c in by_code["P1"]["counts"]} == dict(
        zip(ids, north_sum, strict=True)
    )
    assert by_code["P1"]["responses"] == sum(north_sum)
    assert by_code["P2"]["responses"] == sum(sent[sites["south"].id])

    html = (await client.get(f"{API}/seminars/{sid}/report.html", headers=organizer.headers)).text
    assert "Đồng ý thông qua dự thảo?" in html
    assert f"{totals[0]:,}".replace(",", ".") + f" ({vi_percent(totals[0], responses)})" in html
    assert "Còn mở?" not in html and "Bản nháp?" not in html

    docx = await client.get(f"{API}/seminars/{sid}/minutes.docx", headers=organizer.headers)
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "5. Lấy ý kiến" in text
    agreed = f"{totals[0]:,}".replace(",", ".")
    assert (
        f"Câu hỏi “Đồng ý thông qua dự thảo?”: Đồng ý {vi_percent(totals[0], responses)} "
        f"({agreed} người)" in text
    )
    assert f"tổng số {responses:,} người biểu quyết".replace(",", ".") in text


async def test_polls_xlsx_holds_counts_and_shares_as_numbers(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    sid, _poll_json, sent, sites = await _site_poll_event(client, organizer, session)
    totals = [sum(values[i] for values in sent.values()) for i in range(3)]
    responses = sum(totals)
    answer = await client.get(f"{API}/seminars/{sid}/exports/polls.xlsx", headers=organizer.headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["Kết quả", "Theo cấp"]
    results = book["Kết quả"]
    assert results.print_title_rows == "$1:$2"  # heading and header repeated on each page
    rows = [row for row in results.iter_rows(min_row=3, values_only=True)]
    assert [(r[1], r[6], r[7]) for r in rows] == [
        ("Đồng ý thông qua dự thảo?", label, n)
        for label, n in zip(["Đồng ý", "Không đồng ý", "Ý kiến khác"], totals, strict=True)
    ]
    for row in rows:
        assert isinstance(row[5], int) and row[5] == responses
        assert isinstance(row[7], int)
        share = int(vi_percent(row[7], responses).rstrip("%").replace(",", "")) / 1000
        assert row[8] == share  # a ratio, printed by its cell format
    share_cell = results.cell(row=3, column=9)
    assert "0.0%" in share_cell.number_format
    assert "#" in results.cell(row=3, column=6).number_format  # thousands separators
    levels = book["Theo cấp"]
    per_level = {(r[2], r[6]): (r[5], r[7]) for r in levels.iter_rows(min_row=3, values_only=True)}
    north = [sum(sent[sites[k].id][i] for k in ("north", "north_a", "north_b")) for i in range(3)]
    assert per_level[("P1", "Đồng ý")] == (sum(north), north[0])
    assert per_level[("P2", "Không đồng ý")] == (sum(sent[sites["south"].id]), 1)


async def test_the_report_reads_polls_in_a_fixed_number_of_queries(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    sid, *_ = await _site_poll_event(client, organizer, session)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    async def queries() -> int:
        statements.clear()
        # On the session's own connection: the app's background reads (a coalesced poll
        # message going out after the last move) share the engine and are not the report's.
        connection = (await session.connection()).sync_connection
        event.listen(connection, "before_cursor_execute", count)
        try:
            await report_polls(session, sid)
        finally:
            event.remove(connection, "before_cursor_execute", count)
            await session.rollback()  # let the API write (SQLite: one writer)
        return len(statements)

    one = await queries()
    for n in range(5):
        extra = await _poll(
            client, organizer, sid, question=f"Thêm {n}?", mode="per_site", options=["Có", "Không"]
        )
        await _move(client, organizer, sid, extra["id"], "open")
        await _move(client, organizer, sid, extra["id"], "close")
    assert await queries() == one
