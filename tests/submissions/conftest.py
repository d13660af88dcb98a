"""Builders for papers tests: sample documents, a seminar with an open call, papers in
any status, reached through the API as users would."""

import io
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.demo import minimal_pdf
from app.submissions.models import SubmissionFile
from tests.conftest import Actor
from tests.factories import API, create_seminar

PDF = minimal_pdf(["Tham luận thử nghiệm", "Nguyễn Văn An"])


def _zip(entries: list[tuple[str, bytes]], *, stored_first: tuple[str, bytes] | None = None):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo(stored_first[0]), stored_first[1])
        for name, data in entries:
            archive.writestr(name, data)
    return out.getvalue()


DOCX = _zip(
    [
        (
            "[Content_Types].xml",
            b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/content-types"><Override PartName="/word/document.xml" ContentType="'
            b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
            b"/></Types>",
        ),
        ("_rels/.rels", b"<Relationships/>"),
        ("word/document.xml", b"<w:document><w:body>Tham lu\xe1\xba\xadn</w:body></w:document>"),
    ]
)
ODT = _zip(
    [("content.xml", b"<office:document-content/>"), ("META-INF/manifest.xml", b"<m/>")],
    stored_first=("mimetype", b"application/vnd.oasis.opendocument.text"),
)
PLAIN_ZIP = _zip([("tai-lieu.txt", b"khong phai van ban")])
XLSX = _zip([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")])
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 240 + b"This program"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A 1 MiB upload limit, so that the limit is cheap to cross."""
    return settings.model_copy(update={"max_upload_mb": 1})


@pytest.fixture
async def call(client: httpx.AsyncClient, organizer: Actor) -> dict:
    """A published seminar whose call for papers is open (no deadline)."""
    return await create_seminar(client, organizer, "published", submissions_open=True)


async def create_paper(
    client: httpx.AsyncClient, actor: Actor, seminar_id: int, **fields: Any
) -> httpx.Response:
    body = {"title": "Đổi mới sinh hoạt chi bộ", **fields}
    return await client.post(
        f"{API}/seminars/{seminar_id}/submissions", json=body, headers=actor.headers
    )


async def upload(
    client: httpx.AsyncClient,
    actor: Actor,
    submission_id: int,
    data: bytes = PDF,
    filename: str = "tham-luan.pdf",
    content_type: str = "application/pdf",
) -> httpx.Response:
    return await client.post(
        f"{API}/submissions/{submission_id}/files",
        files={"file": (filename, data, content_type)},
        headers=actor.headers,
    )


async def act(
    client: httpx.AsyncClient, actor: Actor, submission_id: int, verb: str, **body: Any
) -> httpx.Response:
    """POST /submissions/{id}/{verb}: submit, withdraw, decision."""
    return await client.post(
        f"{API}/submissions/{submission_id}/{verb}", json=body or None, headers=actor.headers
    )


async def paper_in(
    client: httpx.AsyncClient,
    speaker: Actor,
    organizer: Actor,
    seminar_id: int,
    status: str,
    **fields: Any,
) -> dict:
    """A paper of ``speaker`` moved through the API to ``status``; its JSON."""
    created = await create_paper(client, speaker, seminar_id, **fields)
    assert created.status_code == 201, created.text
    paper = created.json()
    if status == "draft":
        return paper
    if status == "withdrawn":
        return _ok(await act(client, speaker, paper["id"], "withdraw"))
    assert (await upload(client, speaker, paper["id"])).status_code == 201
    paper = _ok(await act(client, speaker, paper["id"], "submit"))
    if status == "submitted":
        return paper
    return _ok(await act(client, organizer, paper["id"], "decision", status=status))


def _ok(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


def stored_files(settings: Settings) -> list[Path]:
    """Every file in the content store (temporary files included)."""
    root = settings.data_dir / "files"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def file_rows(session: AsyncSession) -> int:
    """Rows in submission_files, read in a transaction ended at once (the app must write)."""
    await session.rollback()
    count = await session.scalar(select(func.count(SubmissionFile.id))) or 0
    await session.rollback()
    return count
