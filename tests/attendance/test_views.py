"""A view's path (its breadcrumb) and its totals, read from the scope row's counters."""

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.views import live_snapshot
from app.sites.models import Site
from app.sites.national import commune_code, province_code
from tests.conftest import Actor
from tests.factories import API, create_seminar, national_directory, site_headers


async def test_a_scoped_view_names_its_path_and_totals_its_subtree(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    tree = await national_directory(session, provinces=2, communes=6, units=30)
    codes = {code: site_id for site_id, code in await session.execute(select(Site.id, Site.code))}
    await session.commit()
    province, commune = codes[province_code(1)], codes[commune_code(1, 1)]
    seminar = await create_seminar(client, organizer, "live")
    answer = await client.post(
        f"{API}/seminars/{seminar['id']}/sites",
        json={"subtree_of": province},  # the central site does not take part
        headers=organizer.headers,
    )
    tokens = {e["site_id"]: e["token"] for e in answer.json()}
    units = [s for s in tokens if s not in (province, commune)]
    below_commune = set(await session.scalars(select(Site.id).where(Site.parent_id == commune)))
    await session.commit()
    checked = sorted(below_commune)[:2]
    for site_id in checked:
        headers = site_headers(tokens[site_id])
        body = {"expected_attendees": 40}
        assert (await client.post(f"{API}/site/register", json=body, headers=headers)).is_success
        assert (await client.post(f"{API}/site/checkin", headers=headers)).is_success

    snapshot = await live_snapshot(session, seminar["id"], commune)
    names = dict((await session.execute(select(Site.id, Site.name))).all())
    await session.commit()
    assert snapshot["path"] == [
        {"id": province, "code": province_code(1), "name": names[province], "level": "province"},
        {"id": commune, "code": commune_code(1, 1), "name": names[commune], "level": "commune"},
    ]
    totals = snapshot["totals"]
    assert totals["sites_invited"] == 1 + len(below_commune)
    assert totals["sites_registered"] == totals["sites_connected"] == len(checked)
    assert totals["sites_waiting"] == 1 + len(below_commune) - len(checked)
    assert totals["expected_attendance"] == 40 * len(checked)
    assert totals["peak_at"] is None
    rows = {row["id"]: row for row in snapshot["sites"]}
    assert set(rows) == below_commune
    assert all(row["level"] == "unit" and row["parent_id"] == commune for row in rows.values())
    assert {s for s, r in rows.items() if r["sites_connected"]} == set(checked)

    whole = await live_snapshot(session, seminar["id"], None)
    assert whole["path"] == [] and [r["id"] for r in whole["sites"]] == [province]
    assert whole["sites"][0]["sites_waiting"] == len(tokens) - len(checked)
    assert whole["totals"]["sites_waiting"] == len(tokens) - len(checked)
    staff = await client.get(
        f"{API}/seminars/{seminar['id']}/attendance",
        params={"scope": commune},
        headers=organizer.headers,
    )
    assert staff.json()["path"] == snapshot["path"]
    assert staff.json()["totals"] == totals
    assert len(units) > len(below_commune) and tree.total > len(tokens)


async def test_a_scope_outside_the_seminar_is_not_found(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    tree = await national_directory(session, provinces=1, communes=2, units=4)
    seminar = await create_seminar(client, organizer, "live")
    answer = await client.get(
        f"{API}/seminars/{seminar['id']}/attendance",
        params={"scope": tree.root_id},
        headers=organizer.headers,
    )
    assert answer.status_code == 404
