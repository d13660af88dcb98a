"""Seminar members: organizers act on the seminars they created or were added to; a member
limited to a subtree of sites sees and acts on those sites only; admins see every seminar."""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from alembic import command
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.migrations import alembic_config
from app.sites.models import Site, SiteLevel
from app.users.models import Role
from tests.conftest import Actor, MakeActor
from tests.factories import API, create_seminar, create_site, invite, site_headers

HN_PHONE = "0912 000 111"


async def add_member(
    client: httpx.AsyncClient,
    by: Actor,
    seminar_id: int,
    user_id: int,
    subtree_site_id: int | None = None,
) -> httpx.Response:
    return await client.post(
        f"{API}/seminars/{seminar_id}/members",
        json={"user_id": user_id, "subtree_site_id": subtree_site_id},
        headers=by.headers,
    )


def codes_of(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(item["code"] for item in response.json()["items"])


# --- who is a member ---------------------------------------------------------------------


async def test_the_creator_is_the_first_member_and_runs_the_whole_seminar(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    seminar = await create_seminar(client, organizer)
    response = await client.get(
        f"{API}/seminars/{seminar['id']}/members", headers=organizer.headers
    )
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    (member,) = body["items"]
    assert member["user_id"] == organizer.user.id
    assert member["email"] == organizer.user.email
    assert member["role"] == "organizer"
    assert member["subtree_site"] is None


async def test_another_organizer_gets_the_same_404_as_for_a_seminar_that_does_not_exist(
    client: httpx.AsyncClient, organizer: Actor, make_actor: MakeActor
) -> None:
    seminar = await create_seminar(client, organizer, "published")
    stranger = await make_actor(Role.organizer)
    existing = await client.get(f"{API}/seminars/{seminar['id']}", headers=stranger.headers)
    missing = await client.get(f"{API}/seminars/999999", headers=stranger.headers)
    assert existing.status_code == missing.status_code == 404
    assert existing.json()["code"] == missing.json()["code"] == "seminar.not_member"
    assert "thành viên" in existing.json()["detail"]  # Vietnamese by default


async def test_organizers_list_only_their_seminars_and_admins_list_all(
    client: httpx.AsyncClient, organizer: Actor, make_actor: MakeActor, admin: Actor
) -> None:
    mine = await create_seminar(client, organizer)
    other = await make_actor(Role.organizer)
    theirs = await create_seminar(client, other)

    def ids(response: httpx.Response) -> set[int]:
        assert response.status_code == 200
        assert response.json()["total"] == len(response.json()["items"])
        return {s["id"] for s in response.json()["items"]}

    assert ids(await client.get(f"{API}/seminars", headers=organizer.headers)) == {mine["id"]}
    assert ids(await client.get(f"{API}/seminars", headers=other.headers)) == {theirs["id"]}
    everything = ids(await client.get(f"{API}/seminars", headers=admin.headers))
    assert {mine["id"], theirs["id"]} <= everything


async def test_a_member_added_can_act_and_loses_access_when_removed(
    client: httpx.AsyncClient, organizer: Actor, make_actor: MakeActor
) -> None:
    seminar = await create_seminar(client, organizer)
    colleague = await make_actor(Role.organizer)
    url = f"{API}/seminars/{seminar['id']}"
    assert (
        await client.patch(url, json={"venue": "A"}, headers=colleague.headers)
    ).status_code == 404

    added = await add_member(client, organizer, seminar["id"], colleague.user.id)
    assert added.status_code == 201, added.text
    assert added.json()["added_by_id"] == organizer.user.id
    assert (
        await client.patch(url, json={"venue": "B"}, headers=colleague.headers)
    ).status_code == 200
    publish = await client.post(f"{url}/publish", headers=colleague.headers)
    assert publish.status_code == 200

    removed = await client.delete(f"{url}/members/{colleague.user.id}", headers=organizer.headers)
    assert removed.status_code == 204
    assert (await client.get(url, headers=colleague.headers)).status_code == 404


async def test_admins_act_on_any_seminar_without_being_members(
    client: httpx.AsyncClient, organizer: Actor, admin: Actor
) -> None:
    seminar = await create_seminar(client, organizer)
    url = f"{API}/seminars/{seminar['id']}"
    assert (await client.post(f"{url}/publish", headers=admin.headers)).status_code == 200
    members = await client.get(f"{url}/members", headers=admin.headers)
    assert [m["user_id"] for m in members.json()["items"]] == [organizer.user.id]


# --- managing members ---------------------------------------------------------------------


async def test_only_active_organizers_can_be_added_and_only_once(
    client: httpx.AsyncClient, organizer: Actor, make_actor: MakeActor, admin: Actor
) -> None:
    seminar = await create_seminar(client, organizer)
    speaker = await make_actor(Role.speaker)
    inactive = await make_actor(Role.organizer, is_active=False)
    for user_id in (speaker.user.id, inactive.user.id, admin.user.id, 999999):
        response = await add_member(client, organizer, seminar["id"], user_id)
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "seminar.member_not_organizer"
    colleague = await make_actor(Role.organizer)
    assert (
        await add_member(client, organizer, seminar["id"], colleague.user.id)
    ).status_code == 201
    again = await add_member(client, organizer, seminar["id"], colleague.user.id)
    assert again.status_code == 409
    assert again.json()["code"] == "seminar.member_exists"


async def test_unknown_fields_and_an_unknown_limiting_site_are_refused(
    client: httpx.AsyncClient, organizer: Actor, make_actor: MakeActor
) -> None:
    seminar = await create_seminar(client, organizer)
    colleague = await make_actor(Role.organizer)
    url = f"{API}/seminars/{seminar['id']}/members"
    extra = await client.post(
        url, json={"user_id": colleague.user.id, "role": "admin"}, headers=organizer.headers
    )
    assert extra.status_code == 422
    unknown = await add_member(client, organizer, seminar["id"], colleague.user.id, 999999)
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "seminar.member_site_unknown"
    listed = await client.get(url, headers=organizer.headers)
    assert listed.json()["total"] == 1  # nothing half-written


async def test_the_last_member_running_the_whole_seminar_cannot_be_removed_or_limited(
    client: httpx.AsyncClient, organizer: Actor, make_actor: MakeActor, session: AsyncSession
) -> None:
    seminar = await create_seminar(client, organizer)
    site = await create_site(session, "BG", "Tỉnh ủy Bắc Giang", level=SiteLevel.province)
    url = f"{API}/seminars/{seminar['id']}/members/{organizer.user.id}"
    removed = await client.delete(url, headers=organizer.headers)
    assert removed.status_code == 409
    assert removed.json()["code"] == "seminar.last_unlimited_member"
    limited = await client.patch(url, json={"subtree_site_id": site.id}, headers=organizer.headers)
    assert limited.status_code == 409

    colleague = await make_actor(Role.organizer)
    await add_member(client, organizer, seminar["id"], colleague.user.id)
    limited = await client.patch(url, json={"subtree_site_id": site.id}, headers=organizer.headers)
    assert limited.status_code == 200, limited.text
    assert limited.json()["subtree_site"] == {"id": site.id, "code": "BG", "name": site.name}
    # Now limited, the creator no longer manages members; the colleague does.
    colleague_url = f"{API}/seminars/{seminar['id']}/members/{colleague.user.id}"
    refused = await client.delete(colleague_url, headers=organizer.headers)
    assert refused.status_code == 403
    assert refused.json()["code"] == "seminar.member_limited"
    alone = await client.delete(colleague_url, headers=colleague.headers)
    assert alone.status_code == 409  # the colleague is now the only unlimited member
    unlimited = await client.patch(url, json={"subtree_site_id": None}, headers=colleague.headers)
    assert unlimited.status_code == 200
    assert unlimited.json()["subtree_site"] is None
    assert (await client.delete(colleague_url, headers=colleague.headers)).status_code == 204


async def test_unknown_members_answer_404(
    client: httpx.AsyncClient, organizer: Actor, make_actor: MakeActor
) -> None:
    seminar = await create_seminar(client, organizer)
    stranger = await make_actor(Role.organizer)
    url = f"{API}/seminars/{seminar['id']}/members/{stranger.user.id}"
    response = await client.delete(url, headers=organizer.headers)
    assert response.status_code == 404
    assert response.json()["code"] == "seminar.member_not_found"


async def test_candidates_are_active_organizers_not_yet_members_searched_without_diacritics(
    client: httpx.AsyncClient, organizer: Actor, make_actor: MakeActor
) -> None:
    seminar = await create_seminar(client, organizer)
    lan = await make_actor(Role.organizer, full_name="Nguyễn Thị Lan", unit="Ban Tuyên giáo")
    await make_actor(Role.organizer, full_name="Trần Văn Lân", is_active=False)
    await make_actor(Role.speaker, full_name="Lê Lan Anh")
    url = f"{API}/seminars/{seminar['id']}/members/candidates"
    found = await client.get(url, params={"q": "nguyen lan"}, headers=organizer.headers)
    assert found.status_code == 200
    assert [c["id"] for c in found.json()["items"]] == [lan.user.id]
    by_unit = await client.get(url, params={"q": "tuyen giao"}, headers=organizer.headers)
    assert [c["id"] for c in by_unit.json()["items"]] == [lan.user.id]
    await add_member(client, organizer, seminar["id"], lan.user.id)
    after = await client.get(url, params={"q": "lan"}, headers=organizer.headers)
    assert after.json()["items"] == []
    # Only members who manage members may look colleagues up.
    stranger = await make_actor(Role.organizer)
    assert (await client.get(url, headers=stranger.headers)).status_code == 404


# --- members limited to a subtree ---------------------------------------------------------


@dataclass
class Tree:
    """A national seminar: central main hall, two provinces with a district each."""

    seminar_id: int
    ids: dict[str, int]
    tokens: dict[str, str]
    province_staff: Actor  # limited to Bắc Giang


@pytest.fixture
async def tree(
    client: httpx.AsyncClient, organizer: Actor, make_actor: MakeActor, session: AsyncSession
) -> Tree:
    central = await create_site(session, "TW", "Trung ương", level=SiteLevel.central)
    bg = await create_site(session, "BG", "Tỉnh ủy Bắc Giang", central, SiteLevel.province)
    bg1 = await create_site(session, "BG-1", "Huyện ủy Yên Thế", bg, SiteLevel.district)
    hn = await create_site(session, "HN", "Thành ủy Hà Nội", central, SiteLevel.province)
    hn1 = await create_site(session, "HN-1", "Quận ủy Ba Đình", hn, SiteLevel.district)
    ids = {"TW": central.id, "BG": bg.id, "BG-1": bg1.id, "HN": hn.id, "HN-1": hn1.id}
    seminar = await create_seminar(client, organizer, "published", main_site_id=central.id)
    by_id = await invite(client, organizer, seminar["id"], [bg.id, bg1.id, hn.id, hn1.id])
    tokens = {code: by_id[site_id] for code, site_id in ids.items() if site_id in by_id}
    for code, phone in (("HN", HN_PHONE), ("BG", "0987 000 222")):
        registered = await client.post(
            f"{API}/site/register",
            json={"expected_attendees": 30, "coordinator_phone": phone},
            headers=site_headers(tokens[code]),
        )
        assert registered.status_code == 200, registered.text
    staff = await make_actor(Role.organizer)
    added = await add_member(client, organizer, seminar["id"], staff.user.id, bg.id)
    assert added.status_code == 201, added.text
    return Tree(seminar["id"], ids, tokens, staff)


async def test_a_limited_member_lists_only_the_registrations_of_their_subtree(
    client: httpx.AsyncClient, tree: Tree
) -> None:
    url = f"{API}/seminars/{tree.seminar_id}/sites"
    response = await client.get(url, headers=tree.province_staff.headers)
    assert codes_of(response) == ["BG", "BG-1"]
    assert response.json()["total"] == 2
    assert HN_PHONE not in response.text


async def test_a_limited_member_cannot_rotate_or_edit_a_site_outside_their_subtree(
    client: httpx.AsyncClient, tree: Tree
) -> None:
    headers = tree.province_staff.headers
    base = f"{API}/seminars/{tree.seminar_id}/sites"
    for code in ("TW", "HN", "HN-1"):  # the main hall included
        rotated = await client.post(f"{base}/{tree.ids[code]}/token", headers=headers)
        assert rotated.status_code == 404, code
        assert rotated.json()["code"] == "seminar.site_outside_subtree"
        edited = await client.patch(
            f"{base}/{tree.ids[code]}", json={"expected_attendees": 1}, headers=headers
        )
        assert edited.status_code == 404, code
    # The old Hà Nội token still works: nothing was rotated.
    assert (
        await client.get(f"{API}/site", headers=site_headers(tree.tokens["HN"]))
    ).status_code == 200
    rotated = await client.post(f"{base}/{tree.ids['BG-1']}/token", headers=headers)
    assert rotated.status_code == 200
    old = await client.get(f"{API}/site", headers=site_headers(tree.tokens["BG-1"]))
    assert old.status_code == 401


async def test_a_limited_member_invites_only_inside_their_subtree(
    client: httpx.AsyncClient, tree: Tree, session: AsyncSession
) -> None:
    bg = await session.get(Site, tree.ids["BG"])
    hn = await session.get(Site, tree.ids["HN"])
    bg2 = await create_site(session, "BG-2", "Huyện ủy Lục Nam", bg, SiteLevel.district)
    hn2 = await create_site(session, "HN-2", "Quận ủy Hoàn Kiếm", hn, SiteLevel.district)
    url = f"{API}/seminars/{tree.seminar_id}/sites"
    headers = tree.province_staff.headers
    outside = await client.post(url, json={"site_ids": [bg2.id, hn2.id]}, headers=headers)
    assert outside.status_code == 404
    assert outside.json()["params"]["site_id"] == hn2.id
    whole = await client.post(url, json={"subtree_of": tree.ids["HN"]}, headers=headers)
    assert whole.status_code == 404
    invited = await client.post(url, json={"site_ids": [bg2.id]}, headers=headers)
    assert invited.status_code == 201, invited.text
    assert [t["site_id"] for t in invited.json()] == [bg2.id]
    listed = await client.get(url, headers=headers)
    assert codes_of(listed) == ["BG", "BG-1", "BG-2"]  # HN-2 was not invited half-way


async def test_a_limited_members_live_view_shows_only_their_sites_and_coordinators(
    client: httpx.AsyncClient, tree: Tree
) -> None:
    url = f"{API}/seminars/{tree.seminar_id}/attendance"
    headers = tree.province_staff.headers
    top = await client.get(url, headers=headers)
    assert top.status_code == 200
    assert [row["code"] for row in top.json()["sites"]] == ["BG"]
    assert HN_PHONE not in top.text
    inside = await client.get(url, params={"scope": tree.ids["BG"]}, headers=headers)
    assert [row["code"] for row in inside.json()["sites"]] == ["BG-1"]
    for code in ("TW", "HN"):
        outside = await client.get(url, params={"scope": tree.ids[code]}, headers=headers)
        assert outside.status_code == 404, code


async def test_an_unlimited_members_live_view_is_unchanged(
    client: httpx.AsyncClient, tree: Tree, organizer: Actor
) -> None:
    url = f"{API}/seminars/{tree.seminar_id}/attendance"
    top = await client.get(url, headers=organizer.headers)
    assert [row["code"] for row in top.json()["sites"]] == ["TW"]
    under = await client.get(url, params={"scope": tree.ids["TW"]}, headers=organizer.headers)
    assert sorted(row["code"] for row in under.json()["sites"]) == ["BG", "HN"]
    assert HN_PHONE in under.text


async def test_a_limited_member_reports_headcounts_only_inside_their_subtree(
    client: httpx.AsyncClient, tree: Tree, organizer: Actor
) -> None:
    base = f"{API}/seminars/{tree.seminar_id}/sites"
    headers = tree.province_staff.headers
    refused = await client.post(
        f"{base}/{tree.ids['HN']}/headcount", json={"headcount": 40}, headers=headers
    )
    assert refused.status_code == 404
    accepted = await client.post(
        f"{base}/{tree.ids['BG']}/headcount", json={"headcount": 25}, headers=headers
    )
    assert accepted.status_code == 200, accepted.text
    rows = await client.get(
        f"{API}/seminars/{tree.seminar_id}/attendance",
        params={"scope": tree.ids["TW"]},
        headers=organizer.headers,
    )
    headcounts = {row["code"]: row["headcount"] for row in rows.json()["sites"]}
    assert headcounts == {"BG": 25, "HN": 0}


async def test_a_limited_members_timeline_lists_only_their_sites(
    client: httpx.AsyncClient, tree: Tree, organizer: Actor
) -> None:
    for code, headcount in (("BG", 20), ("HN", 30)):
        response = await client.post(
            f"{API}/seminars/{tree.seminar_id}/sites/{tree.ids[code]}/headcount",
            json={"headcount": headcount},
            headers=organizer.headers,
        )
        assert response.status_code == 200, response.text
    url = f"{API}/seminars/{tree.seminar_id}/attendance/timeline"
    mine = await client.get(url, params={"per_site": True}, headers=tree.province_staff.headers)
    assert mine.status_code == 200
    assert set(mine.json()["sites"]) == {str(tree.ids["BG"])}
    everyone = await client.get(url, params={"per_site": True}, headers=organizer.headers)
    assert set(everyone.json()["sites"]) == {str(tree.ids["BG"]), str(tree.ids["HN"])}


async def test_a_limited_member_reads_the_seminar_but_cannot_act_on_the_whole_of_it(
    client: httpx.AsyncClient, tree: Tree
) -> None:
    headers = tree.province_staff.headers
    url = f"{API}/seminars/{tree.seminar_id}"
    assert (await client.get(url, headers=headers)).status_code == 200
    assert (await client.get(f"{url}/agenda", headers=headers)).status_code == 200
    assert (await client.get(f"{url}/members", headers=headers)).status_code == 200
    listed = await client.get(f"{API}/seminars", headers=headers)
    assert [s["id"] for s in listed.json()["items"]] == [tree.seminar_id]
    for method, path in (
        ("PATCH", ""),
        ("POST", "/start"),
        ("POST", "/agenda"),
        ("GET", "/report"),
        ("GET", "/exports/attendance.csv"),
        ("GET", "/members/candidates"),
    ):
        body = {"title": "Khai mạc", "kind": "opening"} if path == "/agenda" else {}
        response = await client.request(method, f"{url}{path}", json=body, headers=headers)
        assert response.status_code == 403, (path, response.text)
        assert response.json()["code"] == "seminar.member_limited"
        assert "Tỉnh ủy Bắc Giang" in response.json()["detail"]
    english = await client.get(f"{url}/report", headers={**headers, "Accept-Language": "en"})
    assert english.json()["detail"].startswith("Your membership of this seminar is limited")


async def test_a_site_limiting_a_member_cannot_be_deleted(
    client: httpx.AsyncClient, organizer: Actor, make_actor: MakeActor, session: AsyncSession
) -> None:
    seminar = await create_seminar(client, organizer)
    site = await create_site(session, "LC", "Tỉnh ủy Lào Cai", level=SiteLevel.province)
    colleague = await make_actor(Role.organizer)
    assert (
        await add_member(client, organizer, seminar["id"], colleague.user.id, site.id)
    ).status_code == 201
    response = await client.delete(f"{API}/sites/{site.id}", headers=organizer.headers)
    assert response.status_code == 409


# --- papers --------------------------------------------------------------------------------


async def test_papers_are_reviewed_by_the_seminars_members_only(
    client: httpx.AsyncClient, organizer: Actor, speaker: Actor, make_actor: MakeActor
) -> None:
    seminar = await create_seminar(client, organizer, "published", submissions_open=True)
    created = await client.post(
        f"{API}/seminars/{seminar['id']}/submissions",
        json={"title": "Tham luận về chuyển đổi số"},
        headers=speaker.headers,
    )
    assert created.status_code == 201, created.text
    paper_id = created.json()["id"]
    stranger = await make_actor(Role.organizer)
    assert (
        await client.get(f"{API}/submissions/{paper_id}", headers=stranger.headers)
    ).status_code == 404
    listed = await client.get(
        f"{API}/seminars/{seminar['id']}/submissions", headers=stranger.headers
    )
    assert listed.status_code == 200
    assert listed.json()["items"] == []
    member = await client.get(f"{API}/submissions/{paper_id}", headers=organizer.headers)
    assert member.status_code == 200
    decided = await client.post(
        f"{API}/submissions/{paper_id}/decision",
        json={"status": "under_review"},
        headers=stranger.headers,
    )
    assert decided.status_code == 404


# --- the migration --------------------------------------------------------------------------


def test_the_migration_makes_creators_members_and_gives_creatorless_seminars_to_organizers(
    tmp_path: Path,
) -> None:
    db_file = tmp_path / "before.db"
    config = alembic_config(f"sqlite+aiosqlite:///{db_file}")
    command.upgrade(config, "39788af0b4ea")  # the revision before seminar members
    now = "2026-07-01 00:00:00.000000"
    with sqlite3.connect(db_file) as db:
        for user_id, role, active in (
            (1, "organizer", 1),
            (2, "organizer", 1),
            (3, "organizer", 0),
            (4, "speaker", 1),
            (5, "admin", 1),
        ):
            db.execute(
                "INSERT INTO users (id, email, full_name, role, password_hash, is_active, "
                "created_at, failed_logins) VALUES (?, ?, 'U', ?, 'x', ?, ?, 0)",
                (user_id, f"u{user_id}@example.vn", role, active, now),
            )
        for seminar_id, creator in ((10, 2), (11, None), (12, 5)):
            db.execute(
                "INSERT INTO seminars (id, slug, title, mode, status, timezone, starts_at, "
                "submissions_open, created_by_id, created_at, updated_at) "
                "VALUES (?, ?, 'T', 'hybrid', 'draft', 'Asia/Ho_Chi_Minh', ?, 0, ?, ?, ?)",
                (seminar_id, f"s{seminar_id}", now, creator, now, now),
            )
    command.upgrade(config, "head")
    with sqlite3.connect(db_file) as db:
        members = set(
            db.execute("SELECT seminar_id, user_id, subtree_site_id FROM seminar_members")
        )
    # Creators (an admin creator too); the seminar without one: every active organizer.
    assert members == {(10, 2, None), (12, 5, None), (11, 1, None), (11, 2, None)}


async def test_an_inactive_colleague_does_not_count_as_someone_running_the_seminar(
    client: httpx.AsyncClient, organizer: Actor, make_actor: MakeActor, admin: Actor
) -> None:
    seminar = await create_seminar(client, organizer)
    colleague = await make_actor(Role.organizer)
    await add_member(client, organizer, seminar["id"], colleague.user.id)
    deactivated = await client.patch(
        f"{API}/users/{colleague.user.id}", json={"is_active": False}, headers=admin.headers
    )
    assert deactivated.status_code == 200, deactivated.text
    url = f"{API}/seminars/{seminar['id']}/members/{organizer.user.id}"
    assert (await client.delete(url, headers=organizer.headers)).status_code == 409


async def test_a_draft_calendar_is_for_the_seminars_members_only(
    client: httpx.AsyncClient, organizer: Actor, make_actor: MakeActor
) -> None:
    seminar = await create_seminar(client, organizer)
    url = f"{API}/seminars/{seminar['id']}/calendar.ics"
    assert (await client.get(url, headers=organizer.headers)).status_code == 200
    stranger = await make_actor(Role.organizer)
    assert (await client.get(url, headers=stranger.headers)).status_code == 404


async def test_a_limited_member_is_told_their_subtree_and_starts_on_it(
    client: httpx.AsyncClient, tree: Tree, organizer: Actor
) -> None:
    staff = tree.province_staff
    one = await client.get(f"{API}/seminars/{tree.seminar_id}", headers=staff.headers)
    listed = await client.get(f"{API}/seminars", headers=staff.headers)
    bg = {"id": tree.ids["BG"], "code": "BG", "name": "Tỉnh ủy Bắc Giang"}
    assert one.json()["my_subtree"] == bg
    assert listed.json()["items"][0]["my_subtree"] == bg
    owner = await client.get(f"{API}/seminars/{tree.seminar_id}", headers=organizer.headers)
    assert owner.json()["my_subtree"] is None
    top = await client.get(
        f"{API}/seminars/{tree.seminar_id}/sites", params={"root": True}, headers=staff.headers
    )
    assert codes_of(top) == ["BG"]  # the top of what they see, under the central main hall
