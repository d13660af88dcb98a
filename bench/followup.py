"""The follow-up board of a 40,000-site seminar: what assigning a task and reading the
board cost.

    .venv/bin/python bench/followup.py                # SQLite, 40,000 sites
    .venv/bin/python bench/followup.py --postgresql   # a throw-away PostgreSQL
    .venv/bin/python bench/followup.py --units 3000   # a quick run

Builds the generated national directory in a fresh migrated database, starts a seminar,
invites the whole tree, then times POST /seminars/{id}/tasks with ``all_sites`` (one
INSERT … SELECT), marks a third of the sites done and another third in progress (SQL),
and times, median and p95 over ``--repeat`` calls, GET /tasks (the counts) and the
per-site board pages. In process (httpx ASGI transport). Not a test: nothing asserts.
"""

import asyncio
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select, update

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from seminar_sites import line, run_at_national_size, timed  # noqa: E402

from app.auth.service import issue_token  # noqa: E402
from app.core.config import Settings  # noqa: E402
from app.core.migrations import upgrade_database  # noqa: E402
from app.core.security import hash_password  # noqa: E402
from app.followup.models import TaskAssignment, TaskStatus  # noqa: E402
from app.main import create_app  # noqa: E402
from app.sites.national import load_national_tree  # noqa: E402
from app.users.models import Role, User  # noqa: E402

API = "/api/v1"


async def run(url: str, tmp: Path, sizes: dict[str, int], repeat: int) -> None:
    settings = Settings(_env_file=None, database_url=url, data_dir=tmp)
    await asyncio.to_thread(upgrade_database, url)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        db = app.state.db
        async with db.write_sessions() as s:
            tree = await load_national_tree(s, **sizes)
            user = User(
                email="bench@example.vn",
                full_name="Bench",
                role=Role.organizer,
                password_hash=hash_password("bench-password"),
            )
            s.add(user)
            await s.commit()
            bearer = await issue_token(s, user, settings)
        headers = {"Authorization": f"Bearer {bearer}"}
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://b", timeout=600) as c:
            starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
            r = await c.post(
                f"{API}/seminars",
                json={"title": "Hội nghị toàn quốc (benchmark)", "starts_at": starts.isoformat()},
                headers=headers,
            )
            seminar = f"{API}/seminars/{r.json()['id']}"
            for verb in ("publish", "start"):
                (await c.post(f"{seminar}/{verb}", headers=headers)).raise_for_status()
            invited = await c.post(
                f"{seminar}/sites", json={"subtree_of": tree.root_id}, headers=headers
            )
            invited.raise_for_status()
            start = time.perf_counter()
            r = await c.post(
                f"{seminar}/tasks",
                json={
                    "title": "Quán triệt kết luận",
                    "due_on": str(date.today() - timedelta(days=1)),
                    "all_sites": True,
                },
                headers=headers,
            )
            r.raise_for_status()
            task = r.json()
            print(
                f"POST tasks all_sites: {task['assigned']} assignments, "
                f"{(time.perf_counter() - start) * 1000:.0f} ms (one transaction)"
            )
            async with db.write_sessions() as s:
                ids = list(
                    await s.scalars(
                        select(TaskAssignment.id)
                        .where(TaskAssignment.task_id == task["id"])
                        .order_by(TaskAssignment.id)
                    )
                )
                third = len(ids) // 3
                for status, chosen in (
                    (TaskStatus.done, ids[:third]),
                    (TaskStatus.in_progress, ids[third : 2 * third]),
                ):
                    for i in range(0, len(chosen), 1000):
                        await s.execute(
                            update(TaskAssignment)
                            .where(TaskAssignment.id.in_(chosen[i : i + 1000]))
                            .values(status=status, note="Đã báo cáo")
                        )
                await s.commit()

            print(f"\nthe board ({len(ids)} sites), median of {repeat}:")
            board = f"{seminar}/tasks/{task['id']}/sites"
            cases: list[tuple[str, str, dict[str, Any]]] = [
                ("GET tasks (counts)", f"{seminar}/tasks", {}),
                ("GET sites, first page", board, {}),
                ("GET sites, deep page", board, {"offset": len(ids) - 50}),
                ("GET sites status=done", board, {"status": "done"}),
                ("GET sites status=overdue, deep page", board,
                 {"status": "overdue", "offset": third}),
                ("GET sites q=tan phu", board, {"q": "tan phu"}),
            ]  # fmt: skip
            for label, path, params in cases:

                async def get(path: str = path, params: dict[str, Any] = params) -> Any:
                    r = await c.get(path, params=params, headers=headers)
                    r.raise_for_status()
                    return r

                median, p95, r = await timed(repeat, get)
                body = r.json()
                line(label, median, p95, f"total {body.get('total')}")


def main() -> None:
    run_at_national_size(run, __doc__.split("\n\n")[0], "diemcau-followup-")


if __name__ == "__main__":
    main()
