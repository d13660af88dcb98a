"""Inviting a whole subtree: one transaction (all or nothing), and every view of the
seminar gets a fresh snapshot instead of thousands of rows."""

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.attendance.rollup import BULK_ROWS
from app.seminars.models import Seminar
from app.sites.models import Site
from app.sites.national import province_code
from tests.conftest import Actor, LiveServer
from tests.factories import API, create_seminar, invite, national_directory
from tests.realtime.viewer import Viewer
from tests.services import ON_POSTGRES


async def refuse_inserting(session: AsyncSession, site_id: int) -> None:
    """A trigger that fails the insert of one site's participation, as a concurrent
    invitation holding that row would (a unique violation)."""
    if ON_POSTGRES:
        await session.execute(
            text(
                "CREATE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.site_id = {site_id} THEN "
                "RAISE unique_violation USING MESSAGE = 'taken meanwhile'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
        )
        await session.execute(
            text(
                "CREATE TRIGGER refuse_one BEFORE INSERT ON seminar_sites "
                "FOR EACH ROW EXECUTE FUNCTION refuse_one()"
            )
        )
    else:
        await session.execute(
            text(
                "CREATE TRIGGER refuse_one BEFORE INSERT ON seminar_sites "
                f"WHEN NEW.site_id = {site_id} BEGIN SELECT RAISE(ABORT, 'taken meanwhile'); END"
            )
        )
    await session.commit()


async def test_inviting_a_subtree_is_all_or_nothing(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    tree = await national_directory(session, provinces=2, communes=6, units=40)
    province = await session.scalar(select(Site.id).where(Site.code == province_code(1)))
    last = await session.scalar(select(func.max(Site.id)))
    await session.commit()
    assert province is not None and last is not None
    seminar = await create_seminar(client, organizer, "published")
    await invite(client, organizer, seminar["id"], [province])
    await refuse_inserting(session, last)  # the very last row of the INSERT fails

    refused = await client.post(
        f"{API}/seminars/{seminar['id']}/sites",
        json={"subtree_of": tree.root_id},
        headers=organizer.headers,
    )

    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "registration.invite_race"
    rows = list(
        await session.scalars(select(SeminarSite).where(SeminarSite.seminar_id == seminar["id"]))
    )
    assert [r.site_id for r in rows] == [province]  # nothing of the subtree stayed
    assert (rows[0].parent_site_id, rows[0].sites_invited, rows[0].children_count) == (None, 1, 0)
    counts = await session.get(Seminar, seminar["id"])
    assert counts is not None and counts.sites_invited == 1
    await session.execute(
        text("DROP TRIGGER refuse_one" + (" ON seminar_sites" if ON_POSTGRES else ""))
    )
    await session.commit()

    again = await client.post(
        f"{API}/seminars/{seminar['id']}/sites",
        json={"subtree_of": tree.root_id},
        headers=organizer.headers,
    )
    assert again.status_code == 201
    assert len(again.json()) == tree.total - 1  # the province was already invited
    read = await client.get(f"{API}/seminars/{seminar['id']}", headers=organizer.headers)
    assert read.json()["sites_invited"] == read.json()["sites_waiting"] == tree.total


async def test_a_bulk_invitation_reaches_every_view_as_a_fresh_snapshot(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    tree = await national_directory(session, provinces=2, communes=10, units=BULK_ROWS + 100)
    province = await session.scalar(select(Site.id).where(Site.code == province_code(1)))
    await session.commit()
    assert province is not None
    seminar = await create_seminar(client, organizer, "published")
    await invite(client, organizer, seminar["id"], [tree.root_id, province])
    whole = await Viewer().connect(live_server.url, {"seminar_id": seminar["id"]})
    scoped = await Viewer().connect(
        live_server.url, {"seminar_id": seminar["id"], "scope": province}
    )
    assert whole.totals["sites_invited"] == 2 and whole.snapshots == scoped.snapshots == 1

    invited = await client.post(
        f"{API}/seminars/{seminar['id']}/sites",
        json={"subtree_of": tree.root_id},
        headers=organizer.headers,
    )
    assert invited.status_code == 201
    assert len(invited.json()) > BULK_ROWS

    await whole.wait_for(lambda v: v.snapshots == 2)
    await scoped.wait_for(lambda v: v.snapshots == 2)
    assert whole.totals["sites_invited"] == tree.total
    assert whole.attendance_messages == [] and whole.resyncs == 0
    assert whole.applied[-1] == whole.applied[-2] + 1  # numbered like any message
    province_row = await session.scalar(
        select(SeminarSite).where(
            SeminarSite.seminar_id == seminar["id"], SeminarSite.site_id == province
        )
    )
    await session.commit()
    assert province_row is not None
    assert scoped.totals["sites_invited"] == province_row.sites_invited > 1
    assert set(scoped.sites) == {
        r
        for r in await session.scalars(
            select(SeminarSite.site_id).where(
                SeminarSite.seminar_id == seminar["id"], SeminarSite.parent_site_id == province
            )
        )
    }
    for viewer in (whole, scoped):
        await viewer.disconnect()
