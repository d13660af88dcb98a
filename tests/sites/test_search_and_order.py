"""Search ignores case and diacritics (đ = d); lists follow the Vietnamese alphabet."""

import httpx

from tests.conftest import Actor
from tests.sites.conftest import SITES, MakeSite


async def _names(client: httpx.AsyncClient, actor: Actor, **params: object) -> list[str]:
    response = await client.get(SITES, params=params, headers=actor.headers)
    assert response.status_code == 200, response.text
    return [site["name"] for site in response.json()["items"]]


async def test_search_ignores_case_diacritics_and_d_stroke(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    await make_site("Đảng ủy Các cơ quan tỉnh Bắc Giang", locality="Bắc Giang")
    await make_site("Sở Nội vụ", locality="Lạng Sơn")
    await make_site("Sở Nông nghiệp và Phát triển nông thôn")
    await make_site("Ban Dân vận Tỉnh ủy")

    assert await _names(client, organizer, q="dang uy bac giang") == [
        "Đảng ủy Các cơ quan tỉnh Bắc Giang"
    ]
    assert await _names(client, organizer, q="SỞ NỘI VỤ") == ["Sở Nội vụ"]
    assert await _names(client, organizer, q="ĐẢNG ỦY") == ["Đảng ủy Các cơ quan tỉnh Bắc Giang"]
    # Every word must occur, in any order; a word may be part of a longer one.
    assert await _names(client, organizer, q="giang bac") == ["Đảng ủy Các cơ quan tỉnh Bắc Giang"]
    assert await _names(client, organizer, q="so no") == [
        "Sở Nội vụ",
        "Sở Nông nghiệp và Phát triển nông thôn",
    ]
    assert await _names(client, organizer, q="dan") == [
        "Ban Dân vận Tỉnh ủy",
        "Đảng ủy Các cơ quan tỉnh Bắc Giang",
    ]
    assert await _names(client, organizer, q="sở nội vụ hà nội") == []
    # The locality is searchable too.
    assert await _names(client, organizer, q="lang son") == ["Sở Nội vụ"]
    assert len(await _names(client, organizer, q="   ")) == 4


async def test_search_finds_codes_and_treats_like_wildcards_literally(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    await make_site("Chi bộ 1", code="CB_01")
    await make_site("Chi bộ 2", code="CBX01")
    await make_site("Văn phòng 100% vốn")
    assert await _names(client, organizer, q="cb_01") == ["Chi bộ 1"]
    assert await _names(client, organizer, q="100%") == ["Văn phòng 100% vốn"]
    assert await _names(client, organizer, q="%") == ["Văn phòng 100% vốn"]
    too_long = await client.get(SITES, params={"q": "x" * 201}, headers=organizer.headers)
    assert too_long.status_code == 422


async def test_lists_sort_in_vietnamese_alphabetical_order(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    for name in ["Ban Tuyên giáo", "Đảng ủy Khối", "Ăn uống", "Ân", "An", "Đoàn", "Dân vận", "Em"]:
        await make_site(name)
    assert await _names(client, organizer) == [
        "An",
        "Ăn uống",
        "Ân",
        "Ban Tuyên giáo",
        "Dân vận",
        "Đảng ủy Khối",
        "Đoàn",
        "Em",
    ]


async def test_same_names_are_ordered_by_code(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    await make_site("Chi bộ", code="B")
    await make_site("Chi bộ", code="A")
    response = await client.get(SITES, headers=organizer.headers)
    assert [s["code"] for s in response.json()["items"]] == ["A", "B"]


async def test_pagination_reports_the_total_of_the_whole_match(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    for i in range(7):
        await make_site(f"Chi bộ số {i}")
    await make_site("Văn phòng")
    first = await client.get(SITES, params={"q": "chi bo", "limit": 3}, headers=organizer.headers)
    assert first.json()["total"] == 7
    assert [s["name"] for s in first.json()["items"]] == [f"Chi bộ số {i}" for i in range(3)]
    last = await client.get(
        SITES, params={"q": "chi bo", "limit": 3, "offset": 6}, headers=organizer.headers
    )
    assert [s["name"] for s in last.json()["items"]] == ["Chi bộ số 6"]
    assert last.json()["total"] == 7
    bad = await client.get(SITES, params={"limit": 0}, headers=organizer.headers)
    assert bad.status_code == 422


async def test_the_directory_sorts_by_name_code_or_level_either_way(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    unit = await make_site("Ấp Bắc", code="Z-1", level="unit")
    commune = await make_site("Đa Mai", code="A-1", level="commune")
    province = await make_site("Yên Dũng", code="M-1", level="province")
    central = await make_site("Bảo Đài", code="T-1", level="central")
    names = {site["id"]: site["name"] for site in (unit, commune, province, central)}

    assert await _names(client, organizer) == ["Ấp Bắc", "Bảo Đài", "Đa Mai", "Yên Dũng"]
    assert await _names(client, organizer, sort="-name") == [
        "Yên Dũng",
        "Đa Mai",
        "Bảo Đài",
        "Ấp Bắc",
    ]
    assert await _names(client, organizer, sort="code") == [
        "Đa Mai",
        "Yên Dũng",
        "Bảo Đài",
        "Ấp Bắc",
    ]
    assert await _names(client, organizer, sort="-code") == [
        "Ấp Bắc",
        "Bảo Đài",
        "Yên Dũng",
        "Đa Mai",
    ]
    # The level from the top of the tree down, not alphabetically.
    assert await _names(client, organizer, sort="level") == [
        names[central["id"]],
        names[province["id"]],
        names[commune["id"]],
        names[unit["id"]],
    ]
    assert await _names(client, organizer, sort="-level") == [
        "Ấp Bắc",
        "Đa Mai",
        "Yên Dũng",
        "Bảo Đài",
    ]


async def test_an_unknown_directory_sort_is_refused_in_vietnamese(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    await make_site("Sở Nội vụ")
    for sort in ("phone", "--name", "", "Name"):
        response = await client.get(SITES, params={"sort": sort}, headers=organizer.headers)
        assert response.status_code == 422, (sort, response.text)
        assert response.json()["code"] == "site.sort"
        assert "Không sắp xếp được" in response.json()["detail"]
        assert response.json()["errors"][0]["loc"] == ["query", "sort"]
