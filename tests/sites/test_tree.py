"""The directory is a tree: parents must exist and a site can never become its own ancestor."""

import asyncio

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.service import subtree_site_ids
from tests.conftest import Actor
from tests.sites.conftest import SITES, MakeSite


async def _tree(make_site: MakeSite) -> dict[str, dict]:
    """central → province → district → commune, plus a second province."""
    central = await make_site("Trung ương", level="central")
    province = await make_site("Tỉnh ủy Bắc Giang", parent=central, level="province")
    district = await make_site("Huyện ủy Lục Nam", parent=province, level="district")
    commune = await make_site("Đảng ủy xã Bảo Đài", parent=district, level="commune")
    other = await make_site("Tỉnh ủy Lạng Sơn", parent=central, level="province")
    return {
        "central": central,
        "province": province,
        "district": district,
        "commune": commune,
        "other": other,
    }


async def test_a_site_cannot_become_its_own_parent_or_descendant(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    tree = await _tree(make_site)
    province = tree["province"]
    for below in ("province", "district", "commune"):
        response = await client.patch(
            f"{SITES}/{province['id']}",
            json={"parent_id": tree[below]["id"]},
            headers=organizer.headers,
        )
        assert response.status_code == 409, below
        assert response.json()["code"] == "site.parent_cycle"
    unchanged = await client.get(f"{SITES}/{province['id']}", headers=organizer.headers)
    assert unchanged.json()["parent_id"] == tree["central"]["id"]


async def test_a_site_moves_elsewhere_in_the_tree_or_to_the_top(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    tree = await _tree(make_site)
    url = f"{SITES}/{tree['district']['id']}"
    moved = await client.patch(
        url, json={"parent_id": tree["other"]["id"]}, headers=organizer.headers
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["parent_id"] == tree["other"]["id"]
    # Moving the province under the district's old sibling branch is fine now.
    ok = await client.patch(
        f"{SITES}/{tree['province']['id']}",
        json={"parent_id": tree["commune"]["id"]},
        headers=organizer.headers,
    )
    assert ok.status_code == 200, ok.text
    top = await client.patch(url, json={"parent_id": None}, headers=organizer.headers)
    assert top.status_code == 200
    assert top.json()["parent_id"] is None


async def test_children_and_top_level_filters(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    tree = await _tree(make_site)
    children = await client.get(
        SITES, params={"parent_id": tree["central"]["id"]}, headers=organizer.headers
    )
    assert [s["name"] for s in children.json()["items"]] == [
        "Tỉnh ủy Bắc Giang",
        "Tỉnh ủy Lạng Sơn",
    ]
    assert children.json()["total"] == 2
    roots = await client.get(SITES, params={"root": "true"}, headers=organizer.headers)
    assert [s["id"] for s in roots.json()["items"]] == [tree["central"]["id"]]
    provinces = await client.get(SITES, params={"level": "province"}, headers=organizer.headers)
    assert provinces.json()["total"] == 2
    both = await client.get(
        SITES, params={"root": "true", "parent_id": 1}, headers=organizer.headers
    )
    assert both.status_code == 422


async def test_subtree_site_ids_returns_the_root_and_everything_below(
    make_site: MakeSite, session: AsyncSession
) -> None:
    tree = await _tree(make_site)
    ids = {name: site["id"] for name, site in tree.items()}
    assert sorted(await subtree_site_ids(session, ids["province"])) == sorted(
        [ids["province"], ids["district"], ids["commune"]]
    )
    assert sorted(await subtree_site_ids(session, ids["central"])) == sorted(ids.values())
    assert await subtree_site_ids(session, ids["commune"]) == [ids["commune"]]
    assert await subtree_site_ids(session, 999999) == []


async def test_two_moves_at_once_that_together_would_make_a_cycle_let_only_one_through(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    pairs = [(await make_site(f"A{i}"), await make_site(f"B{i}")) for i in range(10)]

    async def move(site: dict, parent: dict) -> httpx.Response:
        return await client.patch(
            f"{SITES}/{site['id']}", json={"parent_id": parent["id"]}, headers=organizer.headers
        )

    answers = await asyncio.gather(*(m for a, b in pairs for m in (move(a, b), move(b, a))))
    for i in range(len(pairs)):
        statuses = sorted(r.status_code for r in answers[2 * i : 2 * i + 2])
        assert statuses == [200, 409], [r.text for r in answers[2 * i : 2 * i + 2]]
    for a, b in pairs:  # the stored tree has no cycle: one of the two is still on top
        parents = [
            (await client.get(f"{SITES}/{s['id']}", headers=organizer.headers)).json()["parent_id"]
            for s in (a, b)
        ]
        assert parents.count(None) == 1, parents


async def test_under_lists_everything_below_a_site_and_combines_with_search(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    tree = await _tree(make_site)
    below = await client.get(
        SITES, params={"under": tree["province"]["id"]}, headers=organizer.headers
    )
    assert below.status_code == 200
    assert [s["name"] for s in below.json()["items"]] == ["Đảng ủy xã Bảo Đài", "Huyện ủy Lục Nam"]
    everything = await client.get(
        SITES, params={"under": tree["central"]["id"], "q": "tinh uy"}, headers=organizer.headers
    )
    assert [s["name"] for s in everything.json()["items"]] == [
        "Tỉnh ủy Bắc Giang",
        "Tỉnh ủy Lạng Sơn",
    ]
    leaf = await client.get(
        SITES, params={"under": tree["commune"]["id"]}, headers=organizer.headers
    )
    assert leaf.json() == {"items": [], "total": 0}
