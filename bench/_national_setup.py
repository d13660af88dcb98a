"""bench/national.py's database steps, in process against the cluster's PostgreSQL."""

import time
from datetime import timedelta
from typing import Any


async def build(database_url: str, sizes: dict[str, int]) -> dict[str, Any]:
    """The tree, an organizer with a bearer token, a live seminar (main hall = central)."""
    from app.auth.service import issue_token
    from app.core.config import Settings
    from app.core.db import Database, utcnow
    from app.core.security import hash_password
    from app.realtime.hub import LiveHub
    from app.seminars.models import SeminarStatus
    from app.seminars.schemas import SeminarCreate
    from app.seminars.service import change_seminar_status, create_seminar
    from app.sites.national import load_national_tree
    from app.users.models import Role, User

    settings = Settings(_env_file=None, database_url=database_url)
    db = Database(database_url)
    try:
        async with db.write_sessions() as s:
            t0 = time.monotonic()
            tree = await load_national_tree(s, **sizes)
            user = User(
                email="bench@example.vn",
                full_name="Bench",
                role=Role.organizer,
                password_hash=hash_password("bench-password"),
            )
            s.add(user)
            await s.commit()
            tree_s = time.monotonic() - t0
            starts = utcnow().replace(microsecond=0) - timedelta(minutes=5)
            seminar = await create_seminar(
                s,
                user,
                SeminarCreate(
                    title="Hội nghị toàn quốc (benchmark)",
                    slug="bench-national",
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=5),
                    main_site_id=tree.root_id,
                ),
            )
            for target in (SeminarStatus.published, SeminarStatus.live):
                await change_seminar_status(s, user, seminar.id, target, LiveHub.offline())
            bearer = await issue_token(s, user, settings)
            return {
                "seminar_id": seminar.id,
                "root_id": tree.root_id,
                "sites": tree.total,
                "tree_s": tree_s,
                "bearer": bearer,
            }
    finally:
        await db.dispose()


async def register_all(database_url: str, seminar_id: int) -> float:
    """Every invited site registered (one UPDATE), then every counter rebuilt."""
    from sqlalchemy import update

    from app.attendance.models import SeminarSite, SeminarSiteStatus
    from app.attendance.rebuild import rebuild_rollup
    from app.core.db import Database, utcnow

    db = Database(database_url)
    try:
        async with db.write_sessions() as s:
            t0 = time.monotonic()
            await s.execute(
                update(SeminarSite)
                .where(
                    SeminarSite.seminar_id == seminar_id,
                    SeminarSite.status == SeminarSiteStatus.invited,
                )
                .values(
                    status=SeminarSiteStatus.registered,
                    registered_at=utcnow(),
                    expected_attendees=40,
                )
            )
            await rebuild_rollup(s, seminar_id)
            await s.commit()
            return time.monotonic() - t0
    finally:
        await db.dispose()


async def check_in_rest(database_url: str, seminar_id: int) -> int:
    """Sites the storm left registered checked in (one UPDATE + rebuild_rollup), so the
    later phases run on the whole national state; how many there were."""
    from sqlalchemy import update

    from app.attendance.models import SeminarSite, SeminarSiteStatus
    from app.attendance.rebuild import rebuild_rollup
    from app.core.db import Database, utcnow

    db = Database(database_url)
    try:
        async with db.write_sessions() as s:
            result = await s.execute(
                update(SeminarSite)
                .where(
                    SeminarSite.seminar_id == seminar_id,
                    SeminarSite.is_main.is_(False),
                    SeminarSite.status == SeminarSiteStatus.registered,
                )
                .values(status=SeminarSiteStatus.checked_in, checked_in_at=utcnow(), headcount=30)
            )
            await rebuild_rollup(s, seminar_id)
            await s.commit()
            return result.rowcount
    finally:
        await db.dispose()


async def tree_facts(database_url: str, seminar_id: int) -> dict[str, Any]:
    """Site id → (level, parent id); live headcounts per participating site; seminar total."""
    from sqlalchemy import select

    from app.attendance.models import SeminarSite
    from app.core.db import Database
    from app.seminars.models import Seminar
    from app.sites.models import Site

    db = Database(database_url)
    try:
        async with db.read_sessions() as s:
            sites = {
                sid: (str(level), parent)
                for sid, level, parent in await s.execute(
                    select(Site.id, Site.level, Site.parent_id)
                )
            }
            rows = {
                sid: (own, subtree, str(status))
                for sid, own, subtree, status in await s.execute(
                    select(
                        SeminarSite.site_id,
                        SeminarSite.headcount,
                        SeminarSite.subtree_headcount,
                        SeminarSite.status,
                    ).where(SeminarSite.seminar_id == seminar_id)
                )
            }
            total = await s.scalar(select(Seminar.live_headcount).where(Seminar.id == seminar_id))
            return {"sites": sites, "rows": rows, "total": total}
    finally:
        await db.dispose()
