"""A seminar lists its sites in the directory's name order from its own copy of each
site's sort key: inviting copies it, renaming a site (edit or CSV import) keeps it in step,
and the main hall has it too."""

from typing import Any

import httpx

from tests.conftest import Actor
from tests.factories import API, create_seminar, invite
from tests.sites.conftest import SITES, MakeSite, upload_csv


async def names_in_order(client: httpx.AsyncClient, actor: Actor, seminar_id: int) -> list[str]:
    response = await client.get(
        f"{API}/seminars/{seminar_id}/sites", params={"sort": "name"}, headers=actor.headers
    )
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


async def three_sites_invited(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    sites = [await make_site(name) for name in ("Bình Định", "Đà Nẵng", "An Giang")]
    seminar = await create_seminar(client, organizer, "published")
    await invite(client, organizer, seminar["id"], [site["id"] for site in sites])
    return seminar, sites


async def test_invited_sites_are_listed_in_vietnamese_name_order(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    seminar, _ = await three_sites_invited(client, organizer, make_site)
    assert await names_in_order(client, organizer, seminar["id"]) == [
        "An Giang",
        "Bình Định",
        "Đà Nẵng",
    ]


async def test_a_renamed_site_moves_to_its_new_place_in_every_seminar(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    seminar, (binh_dinh, *_) = await three_sites_invited(client, organizer, make_site)
    renamed = await client.patch(
        f"{SITES}/{binh_dinh['id']}", json={"name": "Yên Bái"}, headers=organizer.headers
    )
    assert renamed.status_code == 200, renamed.text
    assert await names_in_order(client, organizer, seminar["id"]) == [
        "An Giang",
        "Đà Nẵng",
        "Yên Bái",
    ]


async def test_sites_renamed_by_an_import_move_in_every_seminar(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    seminar, (binh_dinh, da_nang, _) = await three_sites_invited(client, organizer, make_site)
    csv = (f"code,name\n{binh_dinh['code']},Vĩnh Long\n{da_nang['code']},Cà Mau\n").encode()
    imported = await upload_csv(client, organizer, csv)
    assert imported.status_code == 200, imported.text
    assert await names_in_order(client, organizer, seminar["id"]) == [
        "An Giang",
        "Cà Mau",
        "Vĩnh Long",
    ]


async def test_the_main_hall_takes_its_place_in_the_name_order(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    hall = await make_site("Cần Thơ")
    seminar, _ = await three_sites_invited(client, organizer, make_site)
    moved = await client.patch(
        f"{API}/seminars/{seminar['id']}",
        json={"main_site_id": hall["id"]},
        headers=organizer.headers,
    )
    assert moved.status_code == 200, moved.text
    assert await names_in_order(client, organizer, seminar["id"]) == [
        "An Giang",
        "Bình Định",
        "Cần Thơ",
        "Đà Nẵng",
    ]
