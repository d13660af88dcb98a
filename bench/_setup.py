"""Builds the benchmark database: S sites, one live seminar, every site checked in.

Sites and the organizer are inserted directly; the seminar is created, published,
started and the sites invited through the app's own HTTP API (in process, as the tests
do). Registration and check-in of S sites are then done with one SQL UPDATE (12,000
HTTP round trips would take minutes of setup), after which the roll-up and the
seminar's counters are rebuilt with the app's own functions, exactly as after invites.
"""

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import insert, select, update

from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.attendance.rollup import rebuild_rollup
from app.auth.service import issue_token
from app.core.config import Settings
from app.core.migrations import upgrade_database
from app.core.security import hash_password
from app.main import create_app
from app.sites.models import Site, SiteLevel
from app.sites.service import derived_columns
from app.users.models import Role, User

API = "/api/v1"


def migrate(settings: Settings) -> None:
    """The app's migrations (outside any event loop: alembic runs its own)."""
    upgrade_database(settings.database_url)


async def build(settings: Settings, n_sites: int) -> tuple[int, dict[int, str]]:
    """Returns (seminar id, {site id: check-in token}) for a migrated, empty database."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        db = app.state.db
        async with db.write_sessions() as s:
            root = Site(
                code="BENCH",
                name="Ban tổ chức (không mời)",
                level=SiteLevel.province,
                **derived_columns("BENCH", "Ban tổ chức (không mời)", None),
            )
            s.add(root)
            await s.flush()
            rows = []
            for i in range(n_sites):
                code, name = f"DC{i:05d}", f"Điểm cầu xã Đồng Tâm số {i:05d}"
                rows.append(
                    dict(
                        code=code,
                        name=name,
                        parent_id=root.id,
                        level=SiteLevel.unit,
                        **derived_columns(code, name, None),
                    )
                )
            await s.execute(insert(Site), rows)
            site_ids = list(
                await s.scalars(select(Site.id).where(Site.parent_id == root.id).order_by(Site.id))
            )
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
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", timeout=600
        ) as client:
            starts = datetime.now(UTC).replace(microsecond=0)
            r = await client.post(
                f"{API}/seminars",
                json={
                    "title": "Hội nghị trực tuyến toàn quốc (benchmark)",
                    "slug": f"bench-{n_sites}",
                    "starts_at": starts.isoformat(),
                    "ends_at": (starts + timedelta(hours=4)).isoformat(),
                },
                headers=headers,
            )
            r.raise_for_status()
            seminar_id = r.json()["id"]
            for verb in ("publish", "start"):
                r = await client.post(f"{API}/seminars/{seminar_id}/{verb}", headers=headers)
                r.raise_for_status()
            r = await client.post(
                f"{API}/seminars/{seminar_id}/sites", json={"site_ids": site_ids}, headers=headers
            )
            r.raise_for_status()
            tokens = {e["site_id"]: e["token"] for e in r.json()}
        # Registration + check-in of every site at once (documented in the module docstring).
        async with db.write_sessions() as s:
            now = datetime.now(UTC)
            await s.execute(
                update(SeminarSite)
                .where(SeminarSite.seminar_id == seminar_id)
                .values(
                    status=SeminarSiteStatus.checked_in,
                    registered_at=now,
                    checked_in_at=now,
                    expected_attendees=30,
                    coordinator_name="Điều phối viên",
                    coordinator_phone="0912345678",
                )
            )
            await rebuild_rollup(s, seminar_id)
            await s.commit()
    return seminar_id, tokens
