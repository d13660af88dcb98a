"""Paper files: type by content, size cap while streaming, safe names, versions, downloads."""

import hashlib
import re
from urllib.parse import unquote

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from tests.conftest import Actor
from tests.factories import API, create_seminar
from tests.services import refusing_trigger
from tests.submissions.conftest import (
    DOCX,
    EXE,
    HTML,
    ODT,
    PDF,
    PLAIN_ZIP,
    XLSX,
    create_paper,
    file_rows,
    stored_files,
    upload,
)


@pytest.fixture
async def paper(client: httpx.AsyncClient, speaker: Actor, call: dict) -> dict:
    created = await create_paper(client, speaker, call["id"])
    assert created.status_code == 201, created.text
    return created.json()


async def test_pdf_docx_and_odt_are_accepted_as_versions_that_are_all_kept(
    client: httpx.AsyncClient, speaker: Actor, paper: dict, settings: Settings
) -> None:
    sent = [
        (PDF, "Tham luận.pdf", "application/pdf"),
        (DOCX, "Tham luận.docx", "application/vnd.openxmlformats-officedocument."
                                 "wordprocessingml.document"),
        (ODT, "Tham luận.odt", "application/vnd.oasis.opendocument.text"),
    ]  # fmt: skip
    for version, (data, name, media_type) in enumerate(sent, start=1):
        # The client's content type is ignored: the content decides.
        response = await upload(client, speaker, paper["id"], data, name, "text/plain")
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["version"] == version
        assert body["media_type"] == media_type
        assert body["original_filename"] == name
        assert body["size"] == len(data)
        assert body["sha256"] == hashlib.sha256(data).hexdigest()
    detail = (await client.get(f"{API}/submissions/{paper['id']}", headers=speaker.headers)).json()
    assert [f["version"] for f in detail["files"]] == [1, 2, 3]
    for version, (data, _, media_type) in enumerate(sent, start=1):
        got = await client.get(
            f"{API}/submissions/{paper['id']}/files/{version}", headers=speaker.headers
        )
        assert got.status_code == 200
        assert got.content == data
        assert got.headers["content-type"].startswith(media_type)
        assert got.headers["x-content-type-options"] == "nosniff"
    # Stored under generated, content-addressed names only.
    for path in stored_files(settings):
        assert re.fullmatch(r"[0-9a-f]{64}", path.name)
        assert path.parent.name == path.name[:2]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (EXE, "tham-luan.pdf"),  # a renamed executable
        (b"", "tham-luan.pdf"),  # zero bytes
        (HTML, "tham-luan.pdf"),  # HTML with a .pdf name
        (PLAIN_ZIP, "tham-luan.docx"),  # any zip is not a document
        (XLSX, "tham-luan.docx"),  # another Office format
        (b"Tham luan chi co chu, khong phai PDF", "tham-luan.pdf"),
        (b"%PDX-1.4 almost", "tham-luan.pdf"),
    ],
    ids=["exe", "empty", "html", "zip", "xlsx", "text", "near-pdf"],
)
async def test_anything_but_a_pdf_docx_or_odt_is_refused_with_415_and_nothing_stored(
    client: httpx.AsyncClient,
    speaker: Actor,
    paper: dict,
    settings: Settings,
    session: AsyncSession,
    data: bytes,
    filename: str,
) -> None:
    response = await upload(client, speaker, paper["id"], data, filename, "application/pdf")
    assert response.status_code == 415, response.text
    assert "PDF" in response.json()["detail"]
    assert stored_files(settings) == []
    assert await file_rows(session) == 0


async def test_a_call_accepting_pdf_only_refuses_a_docx(
    client: httpx.AsyncClient, organizer: Actor, speaker: Actor
) -> None:
    seminar = await create_seminar(
        client, organizer, "published", submissions_open=True, accepted_file_types=["pdf"]
    )
    assert seminar["accepted_file_types"] == ["pdf"]
    paper = (await create_paper(client, speaker, seminar["id"])).json()
    refused = await upload(client, speaker, paper["id"], DOCX, "bai.docx")
    assert refused.status_code == 415
    assert refused.json()["code"] == "submission.file_type_not_accepted"
    assert refused.json()["params"] == {"kind": "DOCX", "accepted": "PDF"}
    assert (await upload(client, speaker, paper["id"], PDF, "bai.pdf")).status_code == 201


async def test_one_byte_over_the_limit_is_413_and_leaves_no_file_and_no_row(
    client: httpx.AsyncClient,
    speaker: Actor,
    paper: dict,
    settings: Settings,
    session: AsyncSession,
) -> None:
    limit = settings.max_upload_bytes
    # Still a PDF by its content: a comment pads it to the exact size wanted.
    padded = PDF + b"%" + b"x" * (limit - len(PDF) - 1)
    assert len(padded) == limit
    over = await upload(client, speaker, paper["id"], padded + b"x")
    assert over.status_code == 413, over.text
    assert "MiB" in over.json()["detail"]
    assert stored_files(settings) == []
    assert await file_rows(session) == 0
    exact = await upload(client, speaker, paper["id"], padded)
    assert exact.status_code == 201, exact.text
    assert exact.json()["size"] == limit


async def test_a_lying_content_length_cannot_get_past_the_limit(
    client: httpx.AsyncClient, speaker: Actor, paper: dict, settings: Settings
) -> None:
    big = PDF + b"%" + b"x" * (settings.max_upload_bytes + 70 * 1024)
    request = httpx.Request("POST", "http://x", files={"file": ("a.pdf", big, "application/pdf")})
    body, content_type = request.read(), request.headers["content-type"]
    response = await client.post(
        f"{API}/submissions/{paper['id']}/files",
        content=body,
        headers={**speaker.headers, "content-type": content_type, "content-length": "1000"},
    )
    assert response.status_code == 413
    assert stored_files(settings) == []


async def raw_upload(
    client: httpx.AsyncClient, actor: Actor, submission_id: int, filename: bytes, data: bytes
) -> httpx.Response:
    """A multipart body written byte for byte: the filename goes out unescaped (NUL too),
    as a hostile client would send it."""
    boundary = b"----diemcau-test-boundary"
    body = (
        b"--" + boundary + b"\r\n"
        b'Content-Disposition: form-data; name="file"; filename="' + filename + b'"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + data + b"\r\n--" + boundary + b"--\r\n"
    )
    return await client.post(
        f"{API}/submissions/{submission_id}/files",
        content=body,
        headers={
            **actor.headers,
            "content-type": f"multipart/form-data; boundary={boundary.decode()}",
        },
    )


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("/etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\Hà\\Tài liệu\\Tham luận.pdf", "Tham luận.pdf"),
        ("tham\x00luan\x1b[31m\u202e.pdf", "thamluan[31m.pdf"),
        ("..", "tham-luan.pdf"),
        ("Tham luận", "Tham luận.pdf"),
        ("bai-viet.docx", "bai-viet.pdf"),  # the content is a PDF
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
        ("bao 'cao'<1>:2|3?.pdf", "bao 'cao'_1__2_3_.pdf"),
    ],
)
async def test_client_filenames_are_sanitised_metadata_only(
    client: httpx.AsyncClient,
    speaker: Actor,
    paper: dict,
    settings: Settings,
    sent: str,
    shown: str,
) -> None:
    response = await raw_upload(client, speaker, paper["id"], sent.encode(), PDF)
    assert response.status_code == 201, response.text
    assert response.json()["original_filename"] == shown
    sha = hashlib.sha256(PDF).hexdigest()
    assert stored_files(settings) == [settings.data_dir / "files" / sha[:2] / sha]
    assert not (settings.data_dir / "etc").exists()
    assert not (settings.data_dir.parent / "etc").exists()


async def test_downloads_keep_vietnamese_names_per_rfc_6266(
    client: httpx.AsyncClient, speaker: Actor, organizer: Actor, admin: Actor, paper: dict
) -> None:
    name = "Tham luận Đảng bộ Sở Y tế (bản 2).pdf"
    assert (await upload(client, speaker, paper["id"], PDF, name)).status_code == 201
    for actor in (speaker, organizer, admin):
        got = await client.get(f"{API}/submissions/{paper['id']}/files/1", headers=actor.headers)
        assert got.status_code == 200
        disposition = got.headers["content-disposition"]
        assert disposition.startswith("attachment; ")
        encoded = re.search(r"filename\*=UTF-8''(\S+)", disposition).group(1)
        assert unquote(encoded, encoding="utf-8") == name
        fallback = re.search(r'filename="([^"]*)"', disposition).group(1)
        assert fallback == "Tham luan Dang bo So Y te (ban 2).pdf"
        assert got.headers["content-type"] == "application/pdf"


async def test_the_same_content_twice_makes_two_versions_and_one_stored_file(
    client: httpx.AsyncClient, speaker: Actor, paper: dict, settings: Settings
) -> None:
    for _ in range(2):
        assert (await upload(client, speaker, paper["id"], PDF)).status_code == 201
    detail = (await client.get(f"{API}/submissions/{paper['id']}", headers=speaker.headers)).json()
    assert [f["version"] for f in detail["files"]] == [1, 2]
    assert len(stored_files(settings)) == 1


async def test_a_failed_database_commit_removes_the_file_it_wrote(
    client: httpx.AsyncClient,
    speaker: Actor,
    paper: dict,
    settings: Settings,
    session: AsyncSession,
) -> None:
    assert (await upload(client, speaker, paper["id"], PDF)).status_code == 201
    # A real refusal by the database (not a mock): the next file row cannot be inserted.
    for statement in refusing_trigger(
        session.bind.dialect.name, "refuse_files", "submission_files"
    ):
        await session.execute(text(statement))
    await session.commit()
    failed = await upload(client, speaker, paper["id"], DOCX, "moi.docx")
    assert failed.status_code == 409, failed.text
    # The new content is gone; the earlier version's file (still referenced) stays.
    pdf_sha = hashlib.sha256(PDF).hexdigest()
    assert [p.name for p in stored_files(settings)] == [pdf_sha]
    assert await file_rows(session) == 1
    # Content that a row already references is never removed by a failed upload.
    again = await upload(client, speaker, paper["id"], PDF)
    assert again.status_code == 409
    assert [p.name for p in stored_files(settings)] == [pdf_sha]


async def test_missing_versions_and_bad_ids_are_client_errors(
    client: httpx.AsyncClient, speaker: Actor, paper: dict
) -> None:
    base = f"{API}/submissions/{paper['id']}/files"
    assert (await client.get(f"{base}/1", headers=speaker.headers)).status_code == 404
    assert (await client.get(f"{base}/0", headers=speaker.headers)).status_code == 422
    huge = f"{API}/submissions/{2**40}/files/1"
    assert (await client.get(huge, headers=speaker.headers)).status_code == 422
    not_multipart = await client.post(base, json={"file": "x"}, headers=speaker.headers)
    assert not_multipart.status_code == 415
    wrong_field = await client.post(
        base, files={"document": ("a.pdf", PDF, "application/pdf")}, headers=speaker.headers
    )
    assert wrong_field.status_code == 422
