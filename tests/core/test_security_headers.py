"""Security headers on every answer: pages, API, assets, errors; HSTS only over https."""

import base64
import hashlib
import re
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from app.core.config import Settings
from app.core.headers import DOCS_CDN
from tests.conftest import Actor
from tests.factories import API, create_seminar

ROOT = Path(__file__).resolve().parents[2]
BASE = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """A tiny built frontend: an index page and one asset."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(
        '<!doctype html><html><head><script type="module" src="/assets/app.js"></script>'
        '</head><body><div id="root"></div></body></html>'
    )
    (dist / "assets" / "app.js").write_text("console.log('Điểm Cầu')")
    return settings.model_copy(update={"frontend_dist": dist})


def policy(response: httpx.Response) -> dict[str, set[str]]:
    """The Content-Security-Policy as {directive: sources}."""
    directives = {}
    for part in response.headers["content-security-policy"].split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


def assert_secured(response: httpx.Response, *, strict: bool = True) -> None:
    for name, value in BASE.items():
        assert response.headers.get(name) == value, (name, response.request.url)
    csp = policy(response)
    assert csp["frame-ancestors"] == {"'none'"}
    assert csp["object-src"] == {"'none'"}
    assert csp["base-uri"] == {"'self'"}
    assert "'unsafe-inline'" not in csp["script-src"]
    if strict:
        assert csp["default-src"] == csp["script-src"] == {"'self'"}
        # Inline styles only by hash (the printable report's <style> block).
        assert "'self'" in csp["style-src"]
        assert all(s.startswith("'sha256-") for s in csp["style-src"] - {"'self'"})
        assert csp["connect-src"] == {"'self'", "ws:", "wss:"}
        assert csp["img-src"] == {"'self'", "data:", "blob:"}
    assert "strict-transport-security" not in response.headers


async def test_an_api_answer_carries_the_headers(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{API}/health")
    assert response.status_code == 200
    assert_secured(response)


async def test_the_app_page_its_routes_and_its_assets_carry_the_headers(
    client: httpx.AsyncClient,
) -> None:
    for path in ("/", "/seminars/12", "/assets/app.js"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert_secured(response)


async def test_not_found_refusals_and_the_headcount_fast_path_carry_the_headers(
    client: httpx.AsyncClient,
) -> None:
    not_found = await client.get(f"{API}/nothing-here")
    assert not_found.status_code == 404
    assert_secured(not_found)
    unauthorized = await client.get(f"{API}/auth/me")
    assert unauthorized.status_code == 401
    assert_secured(unauthorized)
    no_token = await client.post(f"{API}/site/headcount", json={"headcount": 1})
    assert no_token.status_code == 401
    assert_secured(no_token)


async def test_an_unexpected_error_carries_the_headers(app: FastAPI) -> None:
    async def boom() -> None:
        raise RuntimeError("a bug")

    # POST: the app's page route (GET, catch-all) does not shadow it.
    app.add_api_route("/api/v1/test-boom", boom, methods=["POST"])
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        response = await c.post(f"{API}/test-boom")
    assert response.status_code == 500
    assert response.json()["code"] == "internal"
    assert_secured(response)


async def test_hsts_only_when_served_over_https(app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://diemcau.example") as c:
        response = await c.get(f"{API}/health")
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    async with httpx.AsyncClient(transport=transport, base_url="http://diemcau.example") as c:
        response = await c.get(f"{API}/health")
    assert "strict-transport-security" not in response.headers


async def test_the_printable_reports_style_block_is_allowed_by_hash_and_nothing_else(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    """The app opens the report as a blob: page, which inherits the app's policy."""
    seminar = await create_seminar(client, organizer, "live")
    response = await client.get(
        f"{API}/seminars/{seminar['id']}/report.html", headers=organizer.headers
    )
    assert response.status_code == 200
    assert_secured(response)
    styles = re.findall(r"<style>(.*?)</style>", response.text, re.DOTALL)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    app_page = await client.get("/")
    assert policy(app_page)["style-src"] == policy(response)["style-src"]
    assert policy(app_page)["style-src"] == {"'self'", f"'sha256-{digest}'"}
    assert "<script" not in response.text and " style=" not in response.text


async def test_the_api_docs_allow_swagger_uis_cdn_and_only_their_own_inline_script(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/docs")
    assert response.status_code == 200
    assert_secured(response, strict=False)
    inline = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert policy(response)["script-src"] == {"'self'", DOCS_CDN, f"'sha256-{digest}'"}
    assert f"{API}/openapi.json" in inline[0]


def test_the_app_page_source_has_no_inline_script_or_style() -> None:
    """What the strict policy relies on: the page Vite builds from has none either."""
    for page in (ROOT / "frontend" / "index.html", ROOT / "frontend" / "dist" / "index.html"):
        if not page.exists():
            continue  # dist: not built here
        html = page.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page
        assert "<style" not in html and " style=" not in html, page
