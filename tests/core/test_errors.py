"""Bad input gets a clear 4xx in JSON, never a 500."""

import httpx
import pytest

from tests.conftest import Actor

API = "/api/v1"


@pytest.mark.parametrize(
    ("method", "path", "content"),
    [
        ("POST", "/seminars", b"{not json"),
        ("POST", "/seminars", b'{"title": 12, "starts_at": "yesterday"}'),
        ("POST", "/seminars", b"[]"),
        ("POST", "/sites", b'{"code": "' + b"x" * 100_000 + b'", "name": "A"}'),
        ("PATCH", "/seminars/99999999999999999999", b"{}"),
        ("GET", "/seminars/-1", b""),
        ("GET", "/sites/abc", b""),
        ("POST", "/seminars/1/sites", b'{"site_ids": ["a"]}'),
    ],
)
async def test_malformed_requests_are_4xx_with_a_detail(
    client: httpx.AsyncClient, organizer: Actor, method: str, path: str, content: bytes
) -> None:
    response = await client.request(
        method,
        API + path,
        content=content,
        headers={**organizer.headers, "Content-Type": "application/json"},
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["detail"]


async def test_unknown_ids_are_404(client: httpx.AsyncClient, organizer: Actor) -> None:
    for path in ("/seminars/4242", "/sites/4242", "/seminars/4242/agenda"):
        response = await client.get(API + path, headers=organizer.headers)
        assert response.status_code == 404, path
        assert "4242" in response.json()["detail"]


async def test_non_utf8_csv_import_is_422_naming_the_encoding(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    content = "code,name\nA,Ban Tuyên giáo\n".encode("cp1252")  # as old Excel saves it
    response = await client.post(
        f"{API}/sites/import",
        files={"file": ("sites.csv", content, "text/csv")},
        headers=organizer.headers,
    )
    assert response.status_code == 422
    assert "UTF-8" in str(response.json()["detail"])


async def test_unknown_api_path_is_a_json_404(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{API}/nothing-here")
    assert response.status_code == 404
    assert response.json()["detail"]
