"""GET /seminars/{id}/sites at national size: a seminar of the whole generated directory
(40,000 sites, invited with one request), paged, filtered and sorted on the server.

The seminar is built once for the module (through the API); every answer is compared
with what a brute-force pass over all of its rows expects.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from app.attendance.live import set_presence
from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.core.config import Settings
from app.core.text import fold
from app.sites.models import Site
from app.sites.national import commune_code, province_code
from tests.conftest import Actor, MakeActor
from tests.factories import API, create_seminar, national_directory, site_headers

St = SeminarSiteStatus
SITES = 40_000


# --- one national seminar for the module ------------------------------------------------
# The tests share one app (tests/conftest.py `module_app`); the per-test fixtures (client,
# organizer) run against it.


@pytest.fixture(scope="module")
def settings(module_settings: Settings) -> Settings:
    return module_settings


@pytest.fixture(scope="module")
def app(module_app: FastAPI) -> FastAPI:
    return module_app


@dataclass
class National:
    seminar_id: int
    root_id: int
    province_id: int
    commune_id: int
    invite_status: int
    invited: int
    owner: Actor
    rows: list[dict[str, Any]]  # every participation with its directory fields


@pytest.fixture(scope="module")
async def national(app: FastAPI, make_module_actor: MakeActor) -> National:
    async with app.state.db.write_sessions() as s:
        tree = await national_directory(s)
        province_id = await s.scalar(select(Site.id).where(Site.code == province_code(1)))
        commune_id = await s.scalar(select(Site.id).where(Site.code == commune_code(1, 1)))
    owner = await make_module_actor()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        seminar = await create_seminar(client, owner, "live")
        invited = await client.post(
            f"{API}/seminars/{seminar['id']}/sites",
            json={"subtree_of": tree.root_id},
            headers=owner.headers,
        )
        tokens = {e["site_id"]: e["token"] for e in invited.json()}
        await _give_the_sites_a_history(app, client, owner, seminar["id"], tokens)
    async with app.state.db.read_sessions() as s:
        found = await s.execute(
            select(SeminarSite, Site).join(Site).where(SeminarSite.seminar_id == seminar["id"])
        )
        rows = [_flat(row, site) for row, site in found]
    assert province_id is not None and commune_id is not None
    return National(
        seminar["id"],
        tree.root_id,
        province_id,
        commune_id,
        invited.status_code,
        len(tokens),
        owner,
        rows,
    )


async def _give_the_sites_a_history(
    app: FastAPI, client: httpx.AsyncClient, owner: Actor, seminar_id: int, tokens: dict[int, str]
) -> None:
    """Some sites register, some check in and report, some decline, some drop."""
    ids = sorted(tokens)[::400]  # 100 sites spread over the tree
    for n, site_id in enumerate(ids):
        headers = site_headers(tokens[site_id])
        if n % 10 == 9:
            assert (await client.post(f"{API}/site/decline", headers=headers)).status_code == 200
            continue
        body = {"expected_attendees": 10 + n}
        assert (await client.post(f"{API}/site/register", json=body, headers=headers)).is_success
        if n % 2:
            continue
        assert (await client.post(f"{API}/site/checkin", headers=headers)).status_code == 200
        report = {
            "headcount": n % 37,
            "request_id": str(uuid.uuid4()),
            "reported_at": datetime.now(UTC).isoformat(),
        }
        assert (await client.post(f"{API}/site/headcount", json=report, headers=headers)).is_success
        if n % 8 == 0:
            async with app.state.db.read_sessions() as s:
                row_id = await s.scalar(
                    select(SeminarSite.id).where(
                        SeminarSite.seminar_id == seminar_id, SeminarSite.site_id == site_id
                    )
                )
            assert row_id is not None
            publisher = app.state.live.publisher
            await set_presence(app.state.db, row_id, present=False, since=None, publisher=publisher)


def _flat(row: SeminarSite, site: Site) -> dict[str, Any]:
    return {
        "site_id": site.id,
        "id": row.id,
        "code": site.code,
        "sort_key": site.sort_key,
        "search_text": site.search_text,
        "level": site.level.value,
        "is_main": row.is_main,
        "status": row.status.value,
        "headcount": row.headcount,
        "checked_in_at": row.checked_in_at,
        "last_report_at": row.last_report_at,
        "parent_site_id": row.parent_site_id,
        "rollup_path": row.rollup_path,
        "children": row.children_count,
        "sites_invited": row.sites_invited,
        "sites_waiting": row.sites_waiting,
        "subtree_headcount": row.subtree_headcount,
    }


# --- helpers ------------------------------------------------------------------------------


def ordered(rows: list[dict[str, Any]], sort: str = "name") -> list[dict[str, Any]]:
    """The order the API promises: the column (nulls last), then the directory id."""
    name = sort.removeprefix("-")
    column = {"name": "sort_key"}.get(name, name)
    present = [r for r in rows if r[column] is not None]
    missing = [r for r in rows if r[column] is None]
    present.sort(key=lambda r: r["site_id"])
    present.sort(key=lambda r: r[column], reverse=sort.startswith("-"))
    return present + sorted(missing, key=lambda r: r["site_id"])


async def listed(
    client: httpx.AsyncClient, actor: Actor, seminar_id: int, **params: Any
) -> dict[str, Any]:
    answer = await client.get(
        f"{API}/seminars/{seminar_id}/sites", params=params, headers=actor.headers
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def ids(page: dict[str, Any]) -> list[int]:
    return [item["site_id"] for item in page["items"]]


def expect_pages(rows: list[dict[str, Any]]) -> Callable[[int, int], list[int]]:
    return lambda offset, limit: [r["site_id"] for r in rows[offset : offset + limit]]


# --- the tests ------------------------------------------------------------------------------


async def test_a_national_subtree_is_invited_with_one_request(national: National) -> None:
    assert national.invite_status == 201
    assert national.invited == SITES
    central = next(r for r in national.rows if r["site_id"] == national.root_id)
    assert central["sites_invited"] == SITES
    assert central["children"] == 34


async def test_pages_run_through_the_whole_seminar_in_vietnamese_order(
    client: httpx.AsyncClient, national: National
) -> None:
    expected = expect_pages(ordered(national.rows))
    for offset, limit in ((0, 50), (20_000, 100), (SITES - 50, 50), (SITES - 7, 50)):
        page = await listed(client, national.owner, national.seminar_id, offset=offset, limit=limit)
        assert page["total"] == SITES
        assert ids(page) == expected(offset, limit)


@pytest.mark.parametrize(
    "sort",
    ["name", "-name", "code", "-code", "status", "-status", "headcount", "-headcount",
     "checked_in_at", "-checked_in_at", "last_report_at", "-last_report_at"],
)  # fmt: skip
async def test_every_sort_orders_the_whole_seminar_both_ways(
    client: httpx.AsyncClient, national: National, sort: str
) -> None:
    expected = expect_pages(ordered(national.rows, sort))
    for offset in (0, SITES - 60):
        page = await listed(
            client, national.owner, national.seminar_id, sort=sort, offset=offset, limit=60
        )
        assert ids(page) == expected(offset, 60)


@pytest.mark.parametrize("sort", ["size", "-", "--name", "name,code", "headcount desc"])
async def test_an_unknown_sort_is_refused_in_vietnamese(
    client: httpx.AsyncClient, national: National, sort: str
) -> None:
    answer = await client.get(
        f"{API}/seminars/{national.seminar_id}/sites",
        params={"sort": sort},
        headers=national.owner.headers,
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "registration.sites_sort"
    assert "Không sắp xếp được theo" in body["detail"]
    assert body["errors"][0]["loc"] == ["query", "sort"]


async def test_the_seminar_tree_is_walked_level_by_level(
    client: httpx.AsyncClient, national: National
) -> None:
    top = await listed(client, national.owner, national.seminar_id, root=True)
    assert ids(top) == [national.root_id]
    provinces = await listed(
        client, national.owner, national.seminar_id, parent_id=national.root_id, limit=100
    )
    children = [r for r in national.rows if r["parent_site_id"] == national.root_id]
    assert provinces["total"] == 34
    assert ids(provinces) == [r["site_id"] for r in ordered(children)]
    by_site = {r["site_id"]: r for r in national.rows}
    for item in provinces["items"]:
        row = by_site[item["site_id"]]
        assert item["level"] == "province"
        assert (
            item["children"],
            item["sites_invited"],
            item["sites_waiting"],
            item["subtree_headcount"],
        ) == (row["children"], row["sites_invited"], row["sites_waiting"], row["subtree_headcount"])
    communes = await listed(
        client, national.owner, national.seminar_id, parent_id=national.province_id, limit=1000
    )
    assert {i["level"] for i in communes["items"]} == {"commune"}
    assert communes["total"] == by_site[national.province_id]["children"]


async def test_root_and_parent_id_together_are_refused(
    client: httpx.AsyncClient, national: National
) -> None:
    answer = await client.get(
        f"{API}/seminars/{national.seminar_id}/sites",
        params={"root": True, "parent_id": national.root_id},
        headers=national.owner.headers,
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "registration.sites_root_and_parent"


def _below(rows: list[dict[str, Any]], site_id: int) -> list[dict[str, Any]]:
    row_id = next(r["id"] for r in rows if r["site_id"] == site_id)
    return [r for r in rows if f"/{row_id}/" in r["rollup_path"]]


@pytest.mark.parametrize("where", ["root_id", "province_id", "commune_id"])
async def test_under_lists_everything_below_a_site_and_pages_through_it(
    client: httpx.AsyncClient, national: National, where: str
) -> None:
    site_id = getattr(national, where)
    below = ordered(_below(national.rows, site_id))
    page = await listed(client, national.owner, national.seminar_id, under=site_id, limit=50)
    assert page["total"] == len(below)
    assert ids(page) == [r["site_id"] for r in below[:50]]
    last = await listed(
        client, national.owner, national.seminar_id, under=site_id, offset=len(below) - 10
    )
    assert ids(last) == [r["site_id"] for r in below[-10:]]


async def test_search_ignores_diacritics_and_combines_with_under(
    client: httpx.AsyncClient, national: National
) -> None:
    commune = next(r for r in national.rows if r["site_id"] == national.commune_id)
    words = commune["search_text"].split()[1:3]  # the commune's name, folded
    query = " ".join(words)
    assert fold(query) == query  # typed without diacritics
    matches = ordered([r for r in national.rows if all(w in r["search_text"] for w in words)])
    page = await listed(client, national.owner, national.seminar_id, q=query, limit=1000)
    assert page["total"] == len(matches) > 0
    assert ids(page) == [r["site_id"] for r in matches[:1000]]
    inside = {r["site_id"] for r in _below(national.rows, national.province_id)}
    scoped = await listed(
        client, national.owner, national.seminar_id, q=query, under=national.province_id
    )
    assert scoped["total"] == sum(1 for r in matches if r["site_id"] in inside)


@pytest.mark.parametrize(
    ("params", "keep"),
    [
        ({"level": "commune"}, lambda r: r["level"] == "commune"),
        ({"status": "registered"}, lambda r: r["status"] == "registered"),
        ({"status": "disconnected"}, lambda r: r["status"] == "disconnected"),
        (
            {"never_connected": True},
            lambda r: not r["is_main"] and r["status"] != "declined" and not r["checked_in_at"],
        ),
        # The seminar is live: disconnected, or not checked in yet.
        (
            {"problem": True},
            lambda r: r["status"] in ("disconnected", "invited", "registered"),
        ),
        (
            {"status": "checked_in", "sort": "-headcount"},
            lambda r: r["status"] == "checked_in",
        ),
    ],
)
async def test_filters_keep_exactly_the_matching_sites(
    client: httpx.AsyncClient,
    national: National,
    params: dict[str, Any],
    keep: Callable[[dict[str, Any]], bool],
) -> None:
    matching = ordered([r for r in national.rows if keep(r)], params.get("sort", "name"))
    first = await listed(client, national.owner, national.seminar_id, **params, limit=100)
    assert first["total"] == len(matching) > 0
    assert ids(first) == [r["site_id"] for r in matching[:100]]
    offset = max(0, len(matching) - 30)
    last = await listed(client, national.owner, national.seminar_id, **params, offset=offset)
    assert ids(last) == [r["site_id"] for r in matching[offset:]]


async def test_a_member_limited_to_a_province_sees_only_it(
    client: httpx.AsyncClient, national: National, organizer: Actor
) -> None:
    added = await client.post(
        f"{API}/seminars/{national.seminar_id}/members",
        json={"user_id": organizer.user.id, "subtree_site_id": national.province_id},
        headers=national.owner.headers,
    )
    assert added.status_code == 201, added.text
    province = [
        national.province_id,
        *(r["site_id"] for r in _below(national.rows, national.province_id)),
    ]
    everything = await listed(client, organizer, national.seminar_id, limit=1000)
    assert everything["total"] == len(province)
    assert set(ids(everything)) <= set(province)
    top = await listed(client, organizer, national.seminar_id, root=True)
    assert ids(top) == [national.province_id]
    seminar = await client.get(f"{API}/seminars/{national.seminar_id}", headers=organizer.headers)
    assert seminar.json()["my_subtree"]["id"] == national.province_id
    assert seminar.json()["my_subtree"]["code"] == province_code(1)
    mine = await client.get(f"{API}/seminars/{national.seminar_id}", headers=national.owner.headers)
    assert mine.json()["my_subtree"] is None
