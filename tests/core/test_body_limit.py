"""Request bodies are at most 1 MiB (uploads: DIEMCAU_MAX_UPLOAD_MB + 64 KiB), refused
with 413 while they stream in, before anything parses them."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from app.core.config import Settings
from app.core.limits import MAX_BODY_BYTES
from app.core.uploads import FORM_OVERHEAD_BYTES
from tests.conftest import Actor, LiveServer

API = "/api/v1"
MiB = 1024 * 1024
HUGE = 150 * MiB
CHUNK = 64 * 1024


class Body:
    """A request body produced on demand, remembering how much of it was taken."""

    def __init__(self, total: int, start: bytes = b'{"email": "') -> None:
        self.total = total
        self.start = start
        self.taken = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.taken < self.total:
            self.taken += CHUNK
            yield self.start if self.taken == CHUNK else b"x" * CHUNK


async def test_a_150_mb_anonymous_sign_up_is_refused_413_after_reading_at_most_the_cap(
    client: httpx.AsyncClient,
) -> None:
    body = Body(HUGE)
    response = await client.post(
        f"{API}/auth/register", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request.body_too_large"
    assert "KiB" in response.json()["detail"]
    assert body.taken <= MAX_BODY_BYTES + CHUNK  # the cap and one chunk, not 150 MB


async def test_a_declared_length_over_the_cap_is_refused_before_reading_any_of_the_body(
    client: httpx.AsyncClient,
) -> None:
    body = Body(HUGE)
    response = await client.post(
        f"{API}/auth/register",
        content=body,
        headers={"Content-Type": "application/json", "Content-Length": str(HUGE)},
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request.body_too_large"
    assert body.taken == 0


async def test_the_refusal_is_in_english_on_request(client: httpx.AsyncClient) -> None:
    response = await client.post(
        f"{API}/seminars",
        content=b"x" * (MAX_BODY_BYTES + 1),
        headers={"Content-Type": "application/json", "Accept-Language": "en"},
    )
    assert response.status_code == 413
    assert response.json()["detail"].startswith("The request body is too large")


async def test_a_body_of_exactly_1_mib_is_parsed_one_byte_more_is_refused(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    def seminar_of(size: int) -> bytes:
        head, tail = b'{"starts_at": "2026-07-19T08:00:00+07:00", "title": "', b'"}'
        return head + b"a" * (size - len(head) - len(tail)) + tail

    at_cap = await client.post(
        f"{API}/seminars", content=seminar_of(MAX_BODY_BYTES), headers=organizer.headers
    )
    assert at_cap.status_code == 422  # read and parsed: the title is too long
    assert at_cap.json()["code"] == "request.invalid"
    over = await client.post(
        f"{API}/seminars", content=seminar_of(MAX_BODY_BYTES + 1), headers=organizer.headers
    )
    assert over.status_code == 413
    assert over.json()["code"] == "request.body_too_large"


class TestUploads:
    """Uploads and imports take up to DIEMCAU_MAX_UPLOAD_MB plus the form overhead."""

    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"max_upload_mb": 2})

    async def test_an_import_over_1_mib_but_within_the_upload_limit_is_read(
        self, client: httpx.AsyncClient, organizer: Actor
    ) -> None:
        rows = "".join(f"S{i:06d},Điểm cầu số {i}\n" for i in range(60_000))
        content = ("code,name\n" + rows).encode()
        assert MiB < len(content) < 2 * MiB
        response = await client.post(
            f"{API}/sites/import",
            files={"file": ("sites.csv", content, "text/csv")},
            headers=organizer.headers,
        )
        assert response.status_code == 200, response.text[:300]
        assert response.json()["created"] == 60_000

    async def test_an_upload_over_its_limit_is_413_naming_the_upload_limit(
        self, client: httpx.AsyncClient, organizer: Actor
    ) -> None:
        start = (
            b"--x\r\n"
            b'Content-Disposition: form-data; name="file"; filename="sites.csv"\r\n'
            b"Content-Type: text/csv\r\n\r\ncode,name\n"
        )
        body = Body(2 * MiB + FORM_OVERHEAD_BYTES + 10 * CHUNK, start)
        response = await client.post(
            f"{API}/sites/import",
            content=body,
            headers={**organizer.headers, "Content-Type": "multipart/form-data; boundary=x"},
        )
        assert response.status_code == 413
        assert response.json()["code"] == "upload.too_large"
        assert body.taken <= 2 * MiB + FORM_OVERHEAD_BYTES + CHUNK


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    return status, await reader.readexactly(length)


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
async def test_a_real_server_answers_413_while_a_150_mb_body_is_still_being_sent(
    live_server: LiveServer, app: FastAPI, framing: str
) -> None:
    """Over a socket: the client sends 2 MiB of a 150 MB body and waits; the answer comes."""
    host, port = live_server.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    framing_header = (
        f"Content-Length: {HUGE}" if framing == "content-length" else "Transfer-Encoding: chunked"
    )
    writer.write(
        f"POST {API}/auth/register HTTP/1.1\r\nHost: {host}\r\n"
        f"Content-Type: application/json\r\n{framing_header}\r\n\r\n".encode()
    )

    async def send_part_of_the_body() -> None:
        try:
            for _ in range(2 * MiB // CHUNK):
                data = b"x" * CHUNK
                writer.write(
                    data if framing == "content-length" else b"%x\r\n%s\r\n" % (CHUNK, data)
                )
                await writer.drain()
        except ConnectionError:
            pass  # the server may close the connection once it has answered

    sender = asyncio.create_task(send_part_of_the_body())
    try:
        status, body = await asyncio.wait_for(_read_answer(reader), timeout=30)
    finally:
        await sender
        writer.close()
    assert status == 413
    assert b'"code":"request.body_too_large"' in body
