"""The console at national size: what the browser downloads before the first row shows.

Documented, not a test. A 40,000-site directory (app/sites/national.py: central → 34
provinces → 3,321 communes → 36,644 units), one seminar with the whole tree invited
through the API, the real `diemcau serve` on SQLite and Debian's Chromium. For the
directory page (/directory) and the seminar's sites tab it prints:

- the bytes of every API answer until the first row is visible, and until the network
  is idle (everything the page fetched on its own);
- the time from navigation to the first row (includes loading the bundle).

Usage (needs `cd frontend && npx vite build` and /usr/bin/chromium):

    .venv/bin/python bench/console_national.py [--units 36644]

One run, one machine: figures vary by ±20% between runs on this 2-core box.
"""

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.config import Settings  # noqa: E402
from app.core.migrations import upgrade_database  # noqa: E402
from app.core.security import hash_password  # noqa: E402
from app.main import create_app  # noqa: E402
from app.sites.national import load_national_tree  # noqa: E402
from app.users.models import Role, User  # noqa: E402

API = "/api/v1"
EMAIL = "to.chuc@example.vn"
PASSWORD = "mat-khau-do-tai"


async def prepare(settings: Settings, units: int, communes: int) -> tuple[str, int, int, float]:
    """Directory, organizer, a seminar with the whole tree invited.

    Returns (token, seminar id, sites invited, seconds the invite took).
    """
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        async with app.state.db.write_sessions() as session:
            tree = await load_national_tree(session, communes=communes, units=units)
            session.add(
                User(
                    email=EMAIL,
                    full_name="Người tổ chức",
                    role=Role.organizer,
                    password_hash=hash_password(PASSWORD),
                )
            )
            await session.commit()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", timeout=600
        ) as c:
            login = await c.post(
                f"{API}/auth/token", data={"username": EMAIL, "password": PASSWORD}
            )
            token = login.json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            seminar = await c.post(
                f"{API}/seminars",
                headers=headers,
                json={
                    "title": "Hội nghị toàn quốc",
                    "slug": "hoi-nghi-toan-quoc",
                    "starts_at": "2027-07-19T01:00:00Z",
                    "ends_at": "2027-07-19T05:00:00Z",
                },
            )
            seminar_id = seminar.json()["id"]
            started = time.perf_counter()
            invited = await c.post(
                f"{API}/seminars/{seminar_id}/sites",
                headers=headers,
                json={"subtree_of": tree.root_id},
            )
            invite_s = time.perf_counter() - started
            assert invited.status_code == 201, invited.text[:500]
            # What the links' CSV file reads to name 40,000 sites (pages of 1,000 below the root).
            started, offset, size = time.perf_counter(), 0, 0
            while True:
                page = await c.get(
                    f"{API}/sites",
                    headers=headers,
                    params={"under": tree.root_id, "limit": 1000, "offset": offset},
                )
                size += len(page.content)
                offset += 1000
                if len(page.json()["items"]) < 1000:
                    break
            print(
                f"links CSV labels: {offset // 1000} pages, {size:,} bytes, "
                f"{time.perf_counter() - started:.1f} s (in process, no network)"
            )
            return token, seminar_id, len(invited.json()), invite_s


async def measure(base_url: str, token: str, path: str, first_row: str) -> dict[str, object]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
        )
        context = await browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
        await context.add_init_script(f"localStorage.setItem('diemcau.token', {token!r})")
        # Warm the bundle's cache first: the figures are about the data, not the JS.
        warm = await context.new_page()
        await warm.goto(f"{base_url}/login")
        await warm.close()
        page = await context.new_page()
        api_bytes = [0]
        requests = [0]
        timings: list[tuple[float, str]] = []

        async def finished(request) -> None:  # type: ignore[no-untyped-def]
            if f"{API}/" in request.url:
                sizes = await request.sizes()
                api_bytes[0] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
                requests[0] += 1
                timing = request.timing
                timings.append((timing["responseEnd"] - timing["requestStart"], request.url))

        page.on("requestfinished", lambda r: asyncio.ensure_future(finished(r)))
        started = time.perf_counter()
        await page.goto(f"{base_url}{path}")
        await page.locator(first_row).first.wait_for(state="visible", timeout=180_000)
        first_row_s = time.perf_counter() - started
        bytes_first = api_bytes[0]
        await page.wait_for_load_state("networkidle", timeout=180_000)
        slowest = max(timings, default=(0.0, ""))
        result = {
            "slowest_ms": slowest[0],
            "slowest": slowest[1].split(API, 1)[-1],
            "first_row_s": first_row_s,
            "bytes_first_row": bytes_first,
            "bytes_idle": api_bytes[0],
            "requests": requests[0],
        }
        await browser.close()
        return result  # type: ignore[return-value]


def serve(settings: Settings) -> tuple[subprocess.Popen, str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    env = {
        **os.environ,
        "DIEMCAU_DATABASE_URL": settings.database_url,
        "DIEMCAU_DATA_DIR": str(settings.data_dir),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--fd", str(sock.fileno())],
        env=env,
        cwd=ROOT,
        pass_fds=[sock.fileno()],
    )
    sock.close()
    return process, f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=36644)
    parser.add_argument("--communes", type=int, default=3321)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/diemcau.db"
        upgrade_database(url)
        settings = Settings(_env_file=None, database_url=url, data_dir=Path(tmp) / "files")
        token, seminar_id, sites, invite_s = asyncio.run(
            prepare(settings, args.units, args.communes)
        )
        print(f"invited {sites:,} sites through the API in {invite_s:.1f} s")
        process, base_url = serve(settings)
        try:
            pages = {
                "directory": ("/directory", '[data-testid="site-node"], [data-testid="site-row"]'),
                "sites tab": (
                    f"/seminars/{seminar_id}?tab=sites",
                    '[data-testid="seminar-site-row"]',
                ),
            }
            print(f"{'page':<10} {'first row':>10} {'API bytes (first row)':>22} "
                  f"{'API bytes (idle)':>17} {'requests':>9}")  # fmt: skip
            for name, (path, selector) in pages.items():
                r = asyncio.run(measure(base_url, token, path, selector))
                print(
                    f"{name:<10} {r['first_row_s']:>9.2f}s {r['bytes_first_row']:>22,} "
                    f"{r['bytes_idle']:>17,} {r['requests']:>9}"
                )
                print(f"{'':<10} slowest API answer {r['slowest_ms']:.0f} ms: {r['slowest']}")
        finally:
            process.terminate()
            process.wait(timeout=20)


if __name__ == "__main__":
    main()
