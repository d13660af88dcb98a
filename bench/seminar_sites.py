"""The console and the screens of a 40,000-site seminar: what each read costs.

    .venv/bin/python bench/seminar_sites.py                # SQLite, 40,000 sites
    .venv/bin/python bench/seminar_sites.py --postgresql   # a throw-away PostgreSQL
    .venv/bin/python bench/seminar_sites.py --units 3000   # a quick run

Builds the generated national directory (app/sites/national.py: central → 34 provinces
→ communes → units) in a fresh migrated database, creates a seminar, starts it, invites
the central site's whole subtree with one POST (timed), then registers a third of the
sites, checks in a third of those with a headcount (one UPDATE, then the app's
``rebuild_rollup``, timed) and times, median and p95 over ``--repeat`` calls:

- GET /seminars/{id}/sites: the first page, a deep page, each filter and sort;
- the live snapshot of the national depth-1 view (scope = central: the provinces) and of
  a province (its communes), with their size as sent (JSON);
- GET /seminars/{id}/attendance?scope=central.

In process (httpx ASGI transport, no network): the figures are the server's time plus a
little client overhead. Not a test: nothing here asserts.
"""

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select, update

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from app.attendance.models import SeminarSite, SeminarSiteStatus  # noqa: E402
from app.attendance.rebuild import rebuild_rollup  # noqa: E402
from app.attendance.views import live_snapshot  # noqa: E402
from app.auth.service import issue_token  # noqa: E402
from app.core.config import Settings  # noqa: E402
from app.core.migrations import upgrade_database  # noqa: E402
from app.core.security import hash_password  # noqa: E402
from app.main import create_app  # noqa: E402
from app.realtime import fastjson  # noqa: E402
from app.sites.models import Site  # noqa: E402
from app.sites.national import load_national_tree, province_code  # noqa: E402
from app.users.models import Role, User  # noqa: E402

API = "/api/v1"


async def timed(repeat: int, call: Callable[[], Awaitable[Any]]) -> tuple[float, float, Any]:
    """(median ms, p95 ms, last result) of ``repeat`` calls after one warm-up."""
    result = await call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = await call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))], result


def line(label: str, median: float, p95: float, extra: str = "") -> None:
    print(f"  {label:<58} {median:8.1f} ms  p95 {p95:8.1f} ms  {extra}")


async def run(url: str, tmp: Path, sizes: dict[str, int], repeat: int) -> None:
    settings = Settings(_env_file=None, database_url=url, data_dir=tmp)
    await asyncio.to_thread(upgrade_database, url)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        db = app.state.db
        async with db.write_sessions() as s:
            start = time.perf_counter()
            tree = await load_national_tree(s, **sizes)
            await s.commit()
            print(f"directory: {tree.total} sites in {time.perf_counter() - start:.1f} s")
            user = User(
                email="bench@example.vn",
                full_name="Bench",
                role=Role.organizer,
                password_hash=hash_password("bench-password"),
            )
            s.add(user)
            await s.commit()
            bearer = await issue_token(s, user, settings)
            province = await s.scalar(select(Site.id).where(Site.code == province_code(1)))
        headers = {"Authorization": f"Bearer {bearer}"}
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://b", timeout=600) as c:
            starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
            r = await c.post(
                f"{API}/seminars",
                json={"title": "Hội nghị toàn quốc (benchmark)", "starts_at": starts.isoformat()},
                headers=headers,
            )
            r.raise_for_status()
            seminar_id = r.json()["id"]
            for verb in ("publish", "start"):  # live: problem=true lists the sites to phone
                (
                    await c.post(f"{API}/seminars/{seminar_id}/{verb}", headers=headers)
                ).raise_for_status()
            start = time.perf_counter()
            r = await c.post(
                f"{API}/seminars/{seminar_id}/sites",
                json={"subtree_of": tree.root_id},
                headers=headers,
            )
            invite_s = time.perf_counter() - start
            r.raise_for_status()
            print(f"invite subtree_of central: {len(r.json())} sites, HTTP {r.status_code}, "
                  f"{invite_s:.2f} s (one transaction)")  # fmt: skip

            async with db.write_sessions() as s:
                ids = list(
                    await s.scalars(
                        select(SeminarSite.id).where(SeminarSite.seminar_id == seminar_id)
                    )
                )
                rng = random.Random(11)
                registered = rng.sample(ids, len(ids) // 3)
                checked = registered[: len(registered) // 3]
                for status, chosen in (
                    (SeminarSiteStatus.registered, registered),
                    (SeminarSiteStatus.checked_in, checked),
                ):
                    for i in range(0, len(chosen), 1000):
                        await s.execute(
                            update(SeminarSite)
                            .where(SeminarSite.id.in_(chosen[i : i + 1000]))
                            .values(
                                status=status,
                                expected_attendees=30,
                                headcount=25 if status == SeminarSiteStatus.checked_in else 0,
                                checked_in_at=datetime.now(UTC)
                                if status == SeminarSiteStatus.checked_in
                                else None,
                            )
                        )
                start = time.perf_counter()
                await rebuild_rollup(s, seminar_id)
                await s.commit()
                print(f"rebuild_rollup after a bulk update: {time.perf_counter() - start:.2f} s")

            print(f"\nGET /seminars/{{id}}/sites ({len(ids)} sites), median of {repeat}:")
            deep = len(ids) - 50
            cases: list[tuple[str, dict[str, Any]]] = [
                ("first page (name)", {}),
                (f"deep page offset={deep} (name)", {"offset": deep}),
                ("root=true", {"root": True}),
                ("parent_id=central (34 provinces)", {"parent_id": tree.root_id}),
                ("parent_id=province", {"parent_id": province}),
                ("under=province", {"under": province}),
                ("under=province, deep page", {"under": province, "offset": 1000}),
                ("under=central&never_connected (first page)",
                 {"under": tree.root_id, "never_connected": True}),
                ("q=tan phu (no diacritics)", {"q": "tan phu"}),
                ("q=tan phu, deep page", {"q": "tan phu", "offset": 500}),
                ("level=commune", {"level": "commune"}),
                ("status=registered", {"status": "registered"}),
                ("problem=true", {"problem": True}),
                ("sort=code, deep page", {"sort": "code", "offset": deep}),
                ("sort=-headcount, first page", {"sort": "-headcount"}),
                ("sort=-headcount, deep page", {"sort": "-headcount", "offset": deep}),
                ("sort=status, deep page", {"sort": "status", "offset": deep}),
                ("sort=checked_in_at, deep page", {"sort": "checked_in_at", "offset": deep}),
                ("sort=-last_report_at, first page", {"sort": "-last_report_at"}),
            ]  # fmt: skip
            for label, params in cases:

                async def get(params: dict[str, Any] = params) -> httpx.Response:
                    r = await c.get(
                        f"{API}/seminars/{seminar_id}/sites", params=params, headers=headers
                    )
                    r.raise_for_status()
                    return r

                median, p95, r = await timed(repeat, get)
                line(label, median, p95, f"total {r.json()['total']}")

            print("\nlive snapshots (public, as sent on the socket):")
            for label, scope in (
                ("national depth-1 (scope = central)", tree.root_id),
                ("a province (scope = QG-01)", province),
            ):

                async def snap(scope: int = scope) -> Any:
                    async with db.read_sessions() as s:
                        return await live_snapshot(s, seminar_id, scope)

                median, p95, snapshot = await timed(repeat, snap)
                size = len(fastjson.dumps(snapshot).encode())
                line(label, median, p95, f"{len(snapshot['sites'])} rows, {size / 1024:.1f} KB")

            async def staff() -> httpx.Response:
                r = await c.get(
                    f"{API}/seminars/{seminar_id}/attendance",
                    params={"scope": tree.root_id},
                    headers=headers,
                )
                r.raise_for_status()
                return r

            median, p95, r = await timed(repeat, staff)
            line(
                "GET attendance?scope=central (staff)",
                median,
                p95,
                f"{len(r.content) / 1024:.1f} KB",
            )


def run_at_national_size(
    run: Callable[[str, Path, dict[str, int], int], Awaitable[None]], description: str, prefix: str
) -> None:
    """Parse the size options and call ``run`` on SQLite or a throw-away PostgreSQL."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--postgresql", action="store_true", help="a throw-away PostgreSQL")
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--units", type=int, default=36644)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    sizes = {"provinces": args.provinces, "communes": args.communes, "units": args.units}
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    if not args.postgresql:
        asyncio.run(run(f"sqlite+aiosqlite:///{tmp / 'bench.db'}", tmp, sizes, args.repeat))
        return
    from tests.services import PostgresServer

    server = PostgresServer()
    server.init()
    server.start()
    try:
        name = server.create_database()
        asyncio.run(run(server.url(name), tmp, sizes, args.repeat))
    finally:
        server.destroy()


def main() -> None:
    run_at_national_size(run, __doc__.split("\n\n")[0], "diemcau-seminar-sites-")


if __name__ == "__main__":
    main()
