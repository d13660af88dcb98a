"""A view's path (its breadcrumb) and its totals, read from the scope row's counters."""

import uuid
from datetime import UTC, datetime

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.views import live_snapshot
from app.sites.models import Site
from app.sites.national import commune_code, province_code
from tests.conftest import Actor, MakeActor
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


async def test_a_member_limited_to_a_province_gets_its_totals_without_a_scope(
    client: httpx.AsyncClient, organizer: Actor, make_actor: MakeActor, session: AsyncSession
) -> None:
    tree = await national_directory(session, provinces=2, communes=6, units=30)
    codes = {code: site_id for site_id, code in await session.execute(select(Site.id, Site.code))}
    await session.commit()
    mine, other = codes[province_code(1)], codes[province_code(2)]
    seminar = await create_seminar(client, organizer, "live")
    answer = await client.post(
        f"{API}/seminars/{seminar['id']}/sites",
        json={"subtree_of": tree.root_id},
        headers=organizer.headers,
    )
    tokens = {e["code"]: e["token"] for e in answer.json()}
    in_mine = [c for c in tokens if c.startswith(f"{province_code(1)}-")]
    in_other = [c for c in tokens if c.startswith(f"{province_code(2)}-")]
    for code, headcount in ((in_mine[0], 30), (in_mine[1], 12), (in_other[0], 500)):
        headers = site_headers(tokens[code])
        body = {"expected_attendees": 40}
        assert (await client.post(f"{API}/site/register", json=body, headers=headers)).is_success
        assert (await client.post(f"{API}/site/checkin", headers=headers)).is_success
        reported = await client.post(
            f"{API}/site/headcount",
            json={
                "headcount": headcount,
                "request_id": str(uuid.uuid4()),
                "reported_at": datetime.now(UTC).isoformat(),
            },
            headers=headers,
        )
        assert reported.status_code == 200, reported.text
    staff = await make_actor()
    added = await client.post(
        f"{API}/seminars/{seminar['id']}/members",
        json={"user_id": staff.user.id, "subtree_site_id": mine},
        headers=organizer.headers,
    )
    assert added.status_code == 201, added.text

    whole = await client.get(f"{API}/seminars/{seminar['id']}/attendance", headers=staff.headers)
    scoped = await client.get(
        f"{API}/seminars/{seminar['id']}/attendance",
        params={"scope": mine},
        headers=staff.headers,
    )

    assert whole.status_code == scoped.status_code == 200, whole.text
    totals = whole.json()["totals"]
    assert totals["headcount"] == 42 and totals["sites_connected"] == 2
    assert totals["sites_invited"] == 1 + len(in_mine)
    assert totals["sites_waiting"] == 1 + len(in_mine) - 2
    assert totals["expected_attendance"] == 80
    assert {k: v for k, v in totals.items() if k != "peak_at"} == {
        k: v for k, v in scoped.json()["totals"].items() if k != "peak_at"
    }
    assert [row["id"] for row in whole.json()["sites"]] == [mine]
    assert other not in {row["id"] for row in whole.json()["sites"]}
    everyone = await client.get(
        f"{API}/seminars/{seminar['id']}/attendance", headers=organizer.headers
    )
    assert everyone.json()["totals"]["headcount"] == 542
