"""Rows stored with control characters (before requests refused them, or by other tools)
do not break the XML exports: papers.xlsx, attendance.xlsx and minutes.docx open, and
show the text without the characters XML cannot carry."""

import io
from datetime import UTC, datetime

import httpx
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.seminars.models import AgendaItem, Seminar
from app.submissions.models import Submission, SubmissionStatus
from tests.conftest import Actor
from tests.factories import API, create_seminar, create_site, invite
from tests.services import ON_POSTGRES

# PostgreSQL's text cannot hold NUL at all (the API refuses it on every database).
DIRTY = "Tham\x01 luận" + ("" if ON_POSTGRES else "\x00") + " về\x0b chuyển đổi số\x1f"
CLEAN = "Tham luận về chuyển đổi số"


def _xlsx_texts(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content))
    return [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


async def test_exports_open_when_stored_titles_hold_control_characters(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    seminar = await create_seminar(client, organizer, "published", submissions_open=True)
    site = await create_site(session, "BG", "Đảng ủy\x02 Bắc Giang")
    await invite(client, organizer, seminar["id"], [site.id])
    item = await client.post(
        f"{API}/seminars/{seminar['id']}/agenda",
        json={"kind": "paper", "title": "Tham luận"},
        headers=organizer.headers,
    )
    paper = await client.post(
        f"{API}/seminars/{seminar['id']}/submissions",
        json={"title": "Tham luận"},
        headers=organizer.headers,
    )
    # Written straight to the database, as an older version or another tool could have.
    await session.execute(
        update(Submission)
        .where(Submission.id == paper.json()["id"])
        .values(
            title=DIRTY,
            decision_note="Ghi chú\x03",
            status=SubmissionStatus.submitted,
            submitted_at=datetime.now(UTC),
        )
    )
    await session.execute(
        update(AgendaItem).where(AgendaItem.id == item.json()["id"]).values(title=DIRTY)
    )
    await session.execute(
        update(Seminar).where(Seminar.id == seminar["id"]).values(title=f"Hội thảo {DIRTY}")
    )
    await session.commit()

    papers = await client.get(
        f"{API}/seminars/{seminar['id']}/exports/papers.xlsx", headers=organizer.headers
    )
    assert papers.status_code == 200
    assert CLEAN in _xlsx_texts(papers.content)
    assert "Ghi chú" in _xlsx_texts(papers.content)

    attendance = await client.get(
        f"{API}/seminars/{seminar['id']}/exports/attendance.xlsx", headers=organizer.headers
    )
    assert attendance.status_code == 200
    texts = _xlsx_texts(attendance.content)
    assert "Đảng ủy Bắc Giang" in texts
    assert any(CLEAN in text for text in texts)

    minutes = await client.get(
        f"{API}/seminars/{seminar['id']}/minutes.docx", headers=organizer.headers
    )
    assert minutes.status_code == 200
    document = "\n".join(p.text for p in Document(io.BytesIO(minutes.content)).paragraphs)
    assert CLEAN in document
    assert "\x01" not in document
