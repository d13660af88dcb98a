"""The built app as a weak line needs it (app/core/static.py): precompressed files chosen by
Accept-Encoding, hashed assets cached for a year, the page and the service worker revalidated."""

import gzip
from pathlib import Path

import httpx
import pytest

from app.core.config import Settings
from app.core.static import IMMUTABLE, accepted_encodings

SCRIPT = "console.log('Điểm Cầu');" * 50


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Điểm Cầu</title>", encoding="utf-8")
    (dist / "sw.js").write_text("self.addEventListener('fetch', () => {});")
    (dist / "manifest.webmanifest").write_text('{"name": "Điểm Cầu"}', encoding="utf-8")
    js = dist / "assets" / "index-AbC123xy.js"
    js.write_text(SCRIPT, encoding="utf-8")
    (dist / "assets" / "index-AbC123xy.js.gz").write_bytes(gzip.compress(js.read_bytes()))
    # Not real brotli: the server never decodes, it only picks the file; the test tells them apart.
    (dist / "assets" / "index-AbC123xy.js.br").write_bytes(b"BROTLI" + js.read_bytes()[:10])
    (dist / "assets" / "plain-ZZ99zz11.css").write_text("body{}")
    return settings.model_copy(update={"frontend_dist": dist})


async def test_a_hashed_asset_is_sent_brotli_when_accepted_and_cached_for_a_year(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(
        "/assets/index-AbC123xy.js", headers={"Accept-Encoding": "gzip, deflate, br"}
    )
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "br"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["content-security-policy"]  # the security headers stay


async def test_gzip_is_sent_when_brotli_is_not_accepted_and_decodes_to_the_file(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/assets/index-AbC123xy.js", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.text == SCRIPT  # httpx decoded it
    assert response.headers["cache-control"] == IMMUTABLE


async def test_the_plain_file_is_sent_without_an_accepted_encoding_or_a_compressed_twin(
    client: httpx.AsyncClient,
) -> None:
    refused = await client.get(
        "/assets/index-AbC123xy.js", headers={"Accept-Encoding": "identity, br;q=0"}
    )
    assert "content-encoding" not in refused.headers
    assert refused.text == SCRIPT
    assert refused.headers["vary"] == "Accept-Encoding"
    alone = await client.get("/assets/plain-ZZ99zz11.css", headers={"Accept-Encoding": "br"})
    assert "content-encoding" not in alone.headers
    assert alone.text == "body{}"


async def test_the_page_the_service_worker_and_the_manifest_are_revalidated(
    client: httpx.AsyncClient,
) -> None:
    for path in ("/", "/site", "/seminars/3", "/sw.js", "/manifest.webmanifest"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "no-cache", path
    manifest = await client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")


async def test_a_polls_phone_page_is_the_app_revalidated_and_its_token_never_leaves_by_referrer(
    client: httpx.AsyncClient,
) -> None:
    """/p/<poll_token> (opened from a QR code): the page, like /site; the token is in the path, so
    the page must not hand it to other sites through the Referer header."""
    for path in ("/p/Zx9_aB-3kLmN0pQrStUvWx", "/p/Zx9_aB-3kLmN0pQrStUvWx/"):
        response = await client.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, path
        assert response.text.startswith("<!doctype html>")
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["referrer-policy"] == "no-referrer"


async def test_a_missing_asset_is_a_404_not_the_page(client: httpx.AsyncClient) -> None:
    response = await client.get("/assets/index-gone1234.js")
    assert response.status_code == 404
    assert not response.text.startswith("<!doctype html>")


def test_accept_encoding_is_read_with_its_weights() -> None:
    assert accepted_encodings("gzip, deflate, br") == {"gzip", "deflate", "br"}
    assert accepted_encodings("br;q=0, gzip;q=0.5") == {"gzip"}
    assert accepted_encodings("*") >= {"br", "gzip"}
    assert accepted_encodings(None) == set()
