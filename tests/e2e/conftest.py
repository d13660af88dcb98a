"""Browser tests: a real `diemcau serve` on a random port and Debian's Chromium."""

import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.core.config import Settings

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
ROOT = Path(__file__).resolve().parents[2]
_EXPECTED_ERRORS = (
    "Failed to load resource: the server responded with a status of 4",
    "Failed to load resource: net::ERR_INTERNET_DISCONNECTED",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    problems = []
    if not CHROMIUM.exists():
        problems.append(f"{CHROMIUM} is missing (apt-get install chromium)")
    if not (ROOT / "frontend" / "dist" / "index.html").exists():
        problems.append("frontend/dist is not built (make frontend)")
    if not problems:
        return
    if os.environ.get("DIEMCAU_REQUIRE_BROWSER"):
        raise pytest.UsageError("browser tests required but " + "; ".join(problems))
    skip = pytest.mark.skip(reason="; ".join(problems))
    for item in items:
        if "e2e" in item.nodeid:
            item.add_marker(skip)


@dataclass
class Server:
    """A running `diemcau serve` and the database it serves."""

    base_url: str
    settings: Settings


@pytest.fixture
def server(settings: Settings) -> Iterator[Server]:
    """`diemcau serve` in a subprocess on an inherited socket bound to a random port.

    The socket is bound and listening before the process starts, so the first request
    simply waits in the backlog until the server accepts: no polling, no sleeps.
    """
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    env = {
        **os.environ,
        "DIEMCAU_DATABASE_URL": settings.database_url,
        "DIEMCAU_DATA_DIR": str(settings.data_dir),
        "DIEMCAU_PRESENCE_GRACE_S": str(settings.presence_grace_s),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--fd", str(sock.fileno())],
        env=env,
        cwd=ROOT,
        pass_fds=[sock.fileno()],
    )
    sock.close()
    try:
        yield Server(base_url=f"http://127.0.0.1:{port}", settings=settings)
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[object]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        await chromium.close()


@pytest.fixture
async def page(browser, server: Server, request: pytest.FixtureRequest) -> AsyncIterator[object]:  # type: ignore[no-untyped-def]
    """A fresh browser context in Vietnamese, Asia/Ho_Chi_Minh; console errors fail the test.

    It depends on ``server`` so that the server outlives the page: closing the page
    first keeps shutdown noise out of the console.
    """
    context = await browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1366, "height": 900}
    )
    page = await context.new_page()
    errors: list[str] = []
    # Chromium logs every 4xx answer, and every request made while a test holds the page
    # offline, as a console error; an API refusal shown to the user and a queued report
    # are expected behaviour, anything else in the console is a bug.
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error"
            and not m.text.startswith(_EXPECTED_ERRORS)
            and not m.text.endswith("net::ERR_INTERNET_DISCONNECTED")  # the socket, offline
            else None
        ),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    SCREENSHOTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-final.png"), full_page=True)
    await context.close()
    assert errors == [], f"console errors: {errors}"


def screenshot_path(name: str) -> str:
    """Where a test saves a named screenshot (a test artifact, not committed)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return str(SCREENSHOTS / f"{name}.png")
