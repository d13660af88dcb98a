"""The report and its exports of a national seminar (40,000 sites): every one answers,
with no statement carrying one parameter per site (PostgreSQL allows 32,767)."""

import csv
import io

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor
from tests.factories import API, create_seminar, national_directory, site_headers
from tests.reports.conftest import report as report_headcount

SITES = 40_000


async def test_a_40000_site_seminar_has_its_report_and_exports(
    client: httpx.AsyncClient, session: AsyncSession, organizer: Actor
) -> None:
    tree = await national_directory(session)
    seminar = await create_seminar(client, organizer, "live")
    sid = seminar["id"]
    invited = await client.post(
        f"{API}/seminars/{sid}/sites", json={"subtree_of": tree.root_id}, headers=organizer.headers
    )
    assert invited.status_code == 201, invited.text
    tokens = [entry["token"] for entry in invited.json()]
    assert len(tokens) == SITES
    # Two sites check in and report: the replay of the logs has something to replay.
    for token, headcount in ((tokens[0], 120), (tokens[-1], 35)):
        registered = await client.post(
            f"{API}/site/register", json={"expected_attendees": 100}, headers=site_headers(token)
        )
        assert registered.status_code == 200, registered.text
        checked = await client.post(f"{API}/site/checkin", headers=site_headers(token))
        assert checked.status_code == 200, checked.text
        reported = await report_headcount(client, token, headcount)
        assert reported.status_code == 200, reported.text

    report = await client.get(f"{API}/seminars/{sid}/report", headers=organizer.headers)
    assert report.status_code == 200, report.text
    figures = report.json()
    assert figures["sites"]["invited"] == SITES
    assert figures["sites"]["connected"] == 2
    assert figures["attendance"]["headcount"] == 155
    assert figures["attendance"]["peak_headcount"] == 155
    assert len(figures["per_site"]) == SITES

    page = await client.get(f"{API}/seminars/{sid}/report.html", headers=organizer.headers)
    assert page.status_code == 200, page.text[:500]
    table = await client.get(
        f"{API}/seminars/{sid}/exports/attendance.csv", headers=organizer.headers
    )
    assert table.status_code == 200, table.text[:500]
    lines = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig"))))
    assert len(lines) > SITES  # a header and a line per site
    for path in ("exports/attendance.xlsx", "minutes.docx"):
        document = await client.get(f"{API}/seminars/{sid}/{path}", headers=organizer.headers)
        assert document.status_code == 200, (path, document.text[:500])
