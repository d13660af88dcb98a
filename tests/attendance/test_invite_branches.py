"""Inviting several branches at once (``subtrees_of``): one transaction for all of them;
and every invitation's answer names its sites, so the console writes the list of links
(40,000 of them) from it alone."""

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.sites.models import Site
from app.sites.national import commune_code, province_code
from tests.attendance.test_invite_subtree import refuse_inserting
from tests.conftest import Actor, MakeActor
from tests.factories import API, create_seminar, national_directory
from tests.seminars.test_members import add_member


async def site_id(session: AsyncSession, code: str) -> int:
    found = await session.scalar(select(Site.id).where(Site.code == code))
    await session.commit()  # no transaction left open: the API writes next
    assert found is not None
    return found


async def subtree_size(session: AsyncSession, code: str) -> int:
    prefix = await session.scalar(select(func.count()).where(Site.code.startswith(f"{code}-")))
    await session.commit()
    return 1 + (prefix or 0)


async def invited_site_ids(session: AsyncSession, seminar_id: int) -> set[int]:
    rows = await session.scalars(
        select(SeminarSite.site_id).where(SeminarSite.seminar_id == seminar_id)
    )
    ids = set(rows)
    await session.commit()
    return ids


def invite_url(seminar: dict) -> str:
    return f"{API}/seminars/{seminar['id']}/sites"


async def test_the_answer_names_each_invited_site_with_its_link(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    tree = await national_directory(session, provinces=2, communes=4, units=12)
    seminar = await create_seminar(client, organizer, "published")

    invited = await client.post(
        invite_url(seminar), json={"subtree_of": tree.root_id}, headers=organizer.headers
    )

    assert invited.status_code == 201, invited.text
    directory = {
        site.id: site
        for site in await session.scalars(
            select(Site).where(Site.id.in_([entry["site_id"] for entry in invited.json()]))
        )
    }
    await session.commit()
    assert len(directory) == len(invited.json()) == tree.total
    for entry in invited.json():
        site = directory[entry["site_id"]]
        assert (entry["code"], entry["name"], entry["locality"]) == (
            site.code,
            site.name,
            site.locality,
        )
        assert entry["checkin_url"].endswith(f"/site#{entry['token']}")
    rotated = await client.post(
        f"{invite_url(seminar)}/{tree.root_id}/token", headers=organizer.headers
    )
    assert rotated.status_code == 200, rotated.text
    assert rotated.json()["code"] == "QG" and rotated.json()["name"] == directory[tree.root_id].name


async def test_several_branches_are_invited_in_one_request_each_site_once(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    await national_directory(session, provinces=3, communes=9, units=30)
    first, second = province_code(1), province_code(2)
    inside_first = commune_code(1, 1)  # overlaps the first branch
    seminar = await create_seminar(client, organizer, "published")

    invited = await client.post(
        invite_url(seminar),
        json={
            "subtrees_of": [
                await site_id(session, first),
                await site_id(session, inside_first),
                await site_id(session, second),
            ]
        },
        headers=organizer.headers,
    )

    assert invited.status_code == 201, invited.text
    codes = [entry["code"] for entry in invited.json()]
    assert len(codes) == len(set(codes))
    expected = await subtree_size(session, first) + await subtree_size(session, second)
    assert len(codes) == expected
    assert all(code.startswith((first, second)) for code in codes)
    assert len(await invited_site_ids(session, seminar["id"])) == expected


async def test_several_branches_are_all_or_nothing(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    await national_directory(session, provinces=2, communes=6, units=20)
    branches = [await site_id(session, province_code(p)) for p in (1, 2)]
    last = await session.scalar(select(func.max(Site.id)))  # in the second branch
    await session.commit()
    assert last is not None
    seminar = await create_seminar(client, organizer, "published")
    await refuse_inserting(session, last)

    refused = await client.post(
        invite_url(seminar), json={"subtrees_of": branches}, headers=organizer.headers
    )

    assert refused.status_code == 409, refused.text
    assert await invited_site_ids(session, seminar["id"]) == set()


async def test_an_unknown_branch_invites_nothing_and_is_named(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    await national_directory(session, provinces=2, communes=4, units=8)
    seminar = await create_seminar(client, organizer, "published")

    refused = await client.post(
        invite_url(seminar),
        json={"subtrees_of": [await site_id(session, province_code(1)), 999_999]},
        headers=organizer.headers,
    )

    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "registration.subtree_unknown"
    assert refused.json()["errors"][0]["loc"] == ["body", "subtrees_of", 1]
    assert await invited_site_ids(session, seminar["id"]) == set()


async def test_exactly_one_way_of_inviting_is_given(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    tree = await national_directory(session, provinces=1, communes=2, units=4)
    seminar = await create_seminar(client, organizer, "published")
    for body in (
        {},
        {"subtree_of": tree.root_id, "subtrees_of": [tree.root_id]},
        {"site_ids": [tree.root_id], "subtrees_of": [tree.root_id]},
        {"site_ids": [tree.root_id], "subtree_of": tree.root_id},
    ):
        refused = await client.post(invite_url(seminar), json=body, headers=organizer.headers)
        assert refused.status_code == 422, (body, refused.text)
        (error,) = refused.json()["errors"]
        assert error["type"] == "registration.invite_target"
        assert "đúng một cách mời" in error["msg"]  # Vietnamese by default
    empty = await client.post(
        invite_url(seminar), json={"subtrees_of": []}, headers=organizer.headers
    )
    assert empty.status_code == 422
    assert await invited_site_ids(session, seminar["id"]) == set()


async def test_a_member_limited_to_a_province_cannot_invite_another_branch_with_it(
    client: httpx.AsyncClient,
    organizer: Actor,
    make_actor: MakeActor,
    session: AsyncSession,
) -> None:
    await national_directory(session, provinces=2, communes=4, units=8)
    mine, other = [await site_id(session, province_code(p)) for p in (1, 2)]
    seminar = await create_seminar(client, organizer, "published")
    staff = await make_actor()
    added = await add_member(client, organizer, seminar["id"], staff.user.id, mine)
    assert added.status_code == 201, added.text

    refused = await client.post(
        invite_url(seminar), json={"subtrees_of": [mine, other]}, headers=staff.headers
    )

    assert refused.status_code == 404, refused.text
    assert await invited_site_ids(session, seminar["id"]) == set()
    allowed = await client.post(
        invite_url(seminar), json={"subtrees_of": [mine]}, headers=staff.headers
    )
    assert allowed.status_code == 201, allowed.text
