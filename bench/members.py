"""What seminar membership costs on the organizers' views of a national seminar.

    .venv/bin/python bench/members.py              # 12,000 sites: 63 provinces × 190
    .venv/bin/python bench/members.py --sites 600  # a quick run

Builds (in a temporary SQLite database, through the app's own HTTP API in process) a
seminar with a central main hall and every site invited, an unlimited member and a
member limited to one province. Then times, for each of them, the registrations list,
the live view (top level and the province's level) and a token rotation: median and
p95 over ``--repeat`` requests, in milliseconds. In process (httpx ASGI transport):
the figures compare the two members, they are not a server's latency.
"""

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert, select

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from app.auth.service import issue_token  # noqa: E402
from app.core.config import Settings  # noqa: E402
from app.core.migrations import upgrade_database  # noqa: E402
from app.main import create_app  # noqa: E402
from app.sites.models import Site, SiteLevel  # noqa: E402
from app.sites.service import derived_columns  # noqa: E402
from app.users.models import Role, User  # noqa: E402

API = "/api/v1"
PROVINCES = 63


def _site(code: str, name: str, parent_id: int | None, level: SiteLevel) -> dict:
    return dict(
        code=code, name=name, parent_id=parent_id, level=level, **derived_columns(code, name, None)
    )


async def run(n_sites: int, repeat: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="diemcau-members-"))
    settings = Settings(
        _env_file=None, database_url=f"sqlite+aiosqlite:///{tmp / 'bench.db'}", data_dir=tmp
    )
    await asyncio.to_thread(upgrade_database, settings.database_url)
    app = create_app(settings)
    per_province = max(1, n_sites // PROVINCES)
    async with app.router.lifespan_context(app):
        async with app.state.db.write_sessions() as s:
            await s.execute(insert(Site), [_site("TW", "Trung ương", None, SiteLevel.central)])
            central = await s.scalar(select(Site.id).where(Site.code == "TW"))
            await s.execute(
                insert(Site),
                [
                    _site(f"T{p:02d}", f"Tỉnh ủy số {p:02d}", central, SiteLevel.province)
                    for p in range(PROVINCES)
                ],
            )
            provinces = dict(
                (await s.execute(select(Site.code, Site.id).where(Site.parent_id == central))).all()
            )
            rows = [
                _site(
                    f"T{p:02d}-{c:04d}",
                    f"Xã số {c:04d} tỉnh {p:02d}",
                    provinces[f"T{p:02d}"],
                    SiteLevel.commune,
                )
                for p in range(PROVINCES)
                for c in range(per_province)
            ]
            await s.execute(insert(Site), rows)
            all_ids = list(await s.scalars(select(Site.id).where(Site.id != central)))
            users = [
                User(email=f"{n}@example.vn", full_name=n, role=Role.organizer, password_hash="x")
                for n in ("whole", "province")
            ]
            s.add_all(users)
            await s.commit()
            tokens = [await issue_token(s, u, settings) for u in users]
            user_ids = [u.id for u in users]
        whole, limited = ({"Authorization": f"Bearer {t}"} for t in tokens)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://b", timeout=600) as c:
            starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
            r = await c.post(
                f"{API}/seminars",
                json={
                    "title": "Hội nghị toàn quốc",
                    "starts_at": starts.isoformat(),
                    "main_site_id": central,
                },
                headers=whole,
            )
            r.raise_for_status()
            seminar = r.json()["id"]
            await c.post(f"{API}/seminars/{seminar}/publish", headers=whole)
            r = await c.post(
                f"{API}/seminars/{seminar}/sites", json={"site_ids": all_ids}, headers=whole
            )
            r.raise_for_status()
            province = provinces["T07"]
            r = await c.post(
                f"{API}/seminars/{seminar}/members",
                json={"user_id": user_ids[1], "subtree_site_id": province},
                headers=whole,
            )
            r.raise_for_status()
            inside = (
                await c.get(
                    f"{API}/seminars/{seminar}/attendance",
                    params={"scope": province},
                    headers=whole,
                )
            ).json()["sites"][0]["id"]
            cases = [
                (
                    "GET registrations (limit 1000)",
                    "GET",
                    f"/seminars/{seminar}/sites",
                    {"limit": 1000},
                ),
                ("GET live view, top level", "GET", f"/seminars/{seminar}/attendance", None),
                (
                    "GET live view, the province",
                    "GET",
                    f"/seminars/{seminar}/attendance",
                    {"scope": province},
                ),
                (
                    "POST rotate a commune's token",
                    "POST",
                    f"/seminars/{seminar}/sites/{inside}/token",
                    None,
                ),
            ]
            print(
                f"{len(all_ids) + 1} sites, {per_province} communes per province, "
                f"{repeat} requests each"
            )
            print(f"{'request':34} {'member':9} {'rows':>5} {'median ms':>10} {'p95 ms':>8}")
            for label, method, path, params in cases:
                for who, headers in (("whole", whole), ("province", limited)):
                    times = []
                    for _ in range(repeat):
                        t0 = time.perf_counter()
                        r = await c.request(method, API + path, params=params, headers=headers)
                        times.append((time.perf_counter() - t0) * 1000)
                        r.raise_for_status()
                    body = r.json()
                    listed = body.get("items", body.get("sites"))
                    n = "-" if listed is None else str(len(listed))
                    p95 = sorted(times)[int(0.95 * (len(times) - 1))]
                    print(f"{label:34} {who:9} {n:>5} {statistics.median(times):10.1f} {p95:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=12_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(run(args.sites, args.repeat))


if __name__ == "__main__":
    main()
