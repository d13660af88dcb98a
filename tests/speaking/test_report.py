"""The report counts the speeches per site and lists them; the printable report and the
minutes list them with their times (24-h, dd/MM/yyyy, the seminar's time zone)."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
from docx import Document

from tests.conftest import Actor
from tests.factories import API
from tests.speaking.conftest import Floor, act, ask

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(HCM).strftime("%d/%m/%Y %H:%M")


async def test_speeches_reach_the_report_the_page_and_the_minutes(
    client: httpx.AsyncClient, organizer: Actor, floor: Floor
) -> None:
    a = await ask(client, floor.tokens[0], "Ông A")
    b = await ask(client, floor.tokens[0], "Bà B")
    c = await ask(client, floor.tokens[1], "Ông C")
    started = await act(client, organizer, floor, a["id"], "start")
    await act(client, organizer, floor, b["id"], "start")
    await act(client, organizer, floor, b["id"], "end")
    await act(client, organizer, floor, c["id"], "reject", note="Trùng nội dung")
    hall = await client.post(
        floor.queue_url, json={"speaker_name": "GS. Hội Trường"}, headers=organizer.headers
    )
    await act(client, organizer, floor, hall.json()["id"], "start")
    ended = await client.post(f"{API}/seminars/{floor.seminar_id}/end", headers=organizer.headers)
    assert ended.status_code == 200

    report = (
        await client.get(f"{API}/seminars/{floor.seminar_id}/report", headers=organizer.headers)
    ).json()
    speeches = report["speeches"]
    assert speeches["total"] == 3
    assert [s["speaker_name"] for s in speeches["items"]] == ["Ông A", "Bà B", "GS. Hội Trường"]
    first = speeches["items"][0]
    assert first["site_name"] == "Xã Phát Biểu 0"
    assert first["topic"] == "Chuyển đổi số cấp xã"
    assert first["speaker_title"] == "Bí thư Đảng ủy"
    assert first["started_at"] == started["started_at"]
    assert first["minutes"] == 0
    # Still speaking when the seminar ended: counted up to the end.
    assert speeches["items"][2]["site_name"] is None
    assert speeches["items"][2]["ended_at"] is not None
    per_site = {row["site_id"]: row["speeches"] for row in report["per_site"]}
    assert per_site[floor.site_ids[0]] == 2
    assert per_site[floor.site_ids[1]] == 0  # rejected: not a speech

    html = (
        await client.get(
            f"{API}/seminars/{floor.seminar_id}/report.html", headers=organizer.headers
        )
    ).text
    assert "Phát biểu (3)" in html
    assert local(first["started_at"]) in html
    assert "Ông A, Bí thư Đảng ủy" in html and "Hội trường chính" in html
    assert "Ông C" not in html

    docx = await client.get(
        f"{API}/seminars/{floor.seminar_id}/minutes.docx", headers=organizer.headers
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    discussion = text[text.index("3. Thảo luận") :]
    assert f"1. {local(first['started_at'])}" in discussion
    assert "Ông A, Bí thư Đảng ủy (Xã Phát Biểu 0) phát biểu về Chuyển đổi số cấp xã" in discussion
    assert "GS. Hội Trường (hội trường chính)" in discussion
