"""The report and the minutes list incidents with durations (opened → resolved)."""

import io
from datetime import UTC, datetime

import httpx
from docx import Document
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.incidents.models import Incident
from tests.conftest import Actor
from tests.factories import API, create_seminar, create_site, invite, site_headers

# Hà Nội is UTC+7: 01:40:10 UTC is 08:40 there.
OPENED = datetime(2026, 7, 19, 1, 40, 10, tzinfo=UTC)
RESOLVED = datetime(2026, 7, 19, 1, 52, 5, tzinfo=UTC)
LATER = datetime(2026, 7, 19, 2, 15, 0, tzinfo=UTC)


async def _incident(client: httpx.AsyncClient, token: str, kind: str, note: str | None) -> int:
    body = {"kind": kind, "request_id": f"{kind}-1", **({"note": note} if note else {})}
    answer = await client.post(f"{API}/site/incidents", json=body, headers=site_headers(token))
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


async def test_incidents_are_listed_with_durations_in_the_report_and_minutes(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    quiet = await create_site(session, "A", "Xã An Bình")
    noisy = await create_site(session, "T", "Xã Tân Phú")
    seminar = await create_seminar(client, organizer, "live")
    tokens = await invite(client, organizer, seminar["id"], [quiet.id, noisy.id])
    fixed = await _incident(client, tokens[noisy.id], "audio", None)
    ongoing = await _incident(client, tokens[noisy.id], "other", "Mất điện cục bộ")
    resolved = await client.post(
        f"{API}/seminars/{seminar['id']}/incidents/{fixed}/resolve",
        json={},
        headers=organizer.headers,
    )
    assert resolved.status_code == 200
    # Known instants, so that the durations are the test's own arithmetic.
    await session.execute(
        update(Incident).where(Incident.id == fixed).values(opened_at=OPENED, resolved_at=RESOLVED)
    )
    await session.execute(update(Incident).where(Incident.id == ongoing).values(opened_at=LATER))
    await session.commit()
    expected_minutes = round((RESOLVED - OPENED).total_seconds() / 60)  # 11 min 55 s → 12

    report = (
        await client.get(f"{API}/seminars/{seminar['id']}/report", headers=organizer.headers)
    ).json()
    html = (
        await client.get(f"{API}/seminars/{seminar['id']}/report.html", headers=organizer.headers)
    ).text
    docx = await client.get(
        f"{API}/seminars/{seminar['id']}/minutes.docx", headers=organizer.headers
    )

    incidents = report["incidents"]
    assert incidents["total"] == 2
    first, second = incidents["items"]
    assert (first["site_name"], first["kind"], first["minutes"]) == ("Xã Tân Phú", "audio", 12)
    assert expected_minutes == 12
    assert (second["kind"], second["minutes"], second["resolved_at"]) == ("other", None, None)
    per_site = {row["name"]: row["incidents"] for row in report["per_site"]}
    assert per_site == {"Xã An Bình": 0, "Xã Tân Phú": 2}

    assert "Sự cố kỹ thuật (2)" in html
    assert "19/07/2026 08:40 – 08:52 (12 phút)" in html
    assert "Khác: Mất điện cục bộ" in html
    assert "19/07/2026 09:15 – chưa khắc phục" in html

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "4. Sự cố kỹ thuật (2)" in text
    assert "1. Xã Tân Phú – Mất tiếng, 19/07/2026 08:40 – 08:52 (12 phút)." in text
    assert "2. Xã Tân Phú – Khác: Mất điện cục bộ, 19/07/2026 09:15 – chưa khắc phục." in text


async def test_a_seminar_without_incidents_says_so(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    seminar = await create_seminar(client, organizer, "live")

    report = (
        await client.get(f"{API}/seminars/{seminar['id']}/report", headers=organizer.headers)
    ).json()
    html = (
        await client.get(f"{API}/seminars/{seminar['id']}/report.html", headers=organizer.headers)
    ).text

    assert report["incidents"] == {"total": 0, "items": []}
    assert "Không có sự cố kỹ thuật nào được báo." in html
