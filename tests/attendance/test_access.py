"""Who reaches what: every seminar, agenda and registration endpoint against every caller.

Staff endpoints: anonymous → 401, speaker → 403, organizer and admin → allowed, and a
site token (in X-Site-Token or misused as a bearer token) → 401. Site endpoints answer
only to a site token, and only about that token's own site in its own seminar.
"""

from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.users.models import Role
from tests.conftest import Actor, MakeActor
from tests.factories import API, STARTS_AT, create_seminar, create_site, invite, site_headers

# (method, path, body, success status). Placeholders come from the World below; every
# call touches its own seminar or item so that the order of calls does not matter.
STAFF_ENDPOINTS = [
    ("GET", "/seminars", None, 200),
    ("POST", "/seminars", {"title": "Hội thảo", "starts_at": STARTS_AT.isoformat()}, 201),
    ("GET", "/seminars/{pub}", None, 200),
    ("PATCH", "/seminars/{pub}", {"venue": "Hội trường"}, 200),
    ("POST", "/seminars/{draft}/publish", None, 200),
    ("POST", "/seminars/{to_start}/start", None, 200),
    ("POST", "/seminars/{to_cancel}/cancel", None, 200),
    ("POST", "/seminars/{to_end}/end", None, 200),
    ("GET", "/seminars/{pub}/agenda", None, 200),
    ("POST", "/seminars/{pub}/agenda", {"kind": "paper", "title": "Tham luận"}, 201),
    ("PATCH", "/seminars/{live}/agenda/{item_edit}", {"title": "Tham luận 2"}, 200),
    ("DELETE", "/seminars/{live}/agenda/{item_delete}", None, 204),
    ("POST", "/seminars/{live}/agenda/{item_running}/end", None, 200),
    ("POST", "/seminars/{live}/agenda/{item_start}/start", None, 200),
    ("GET", "/seminars/{pub}/sites", None, 200),
    ("POST", "/seminars/{pub}/sites", {"site_ids": ["{uninvited}"]}, 201),
    ("PATCH", "/seminars/{pub}/sites/{site}", {"expected_attendees": 9}, 200),
    ("POST", "/seminars/{pub}/sites/{site}/token", None, 200),
]


@dataclass
class World:
    ids: dict[str, int]
    own_token: str  # a site of seminar {pub}
    other_token: str  # a site of another seminar

    def fill(self, value: object) -> object:
        """Replace {placeholders} in a path or body."""
        if isinstance(value, str):
            if value.startswith("{") and value.endswith("}") and value[1:-1] in self.ids:
                return self.ids[value[1:-1]]
            return value.format(**self.ids)
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items()}
        return value


@pytest.fixture
async def world(client: httpx.AsyncClient, organizer: Actor, session: AsyncSession) -> World:
    site = await create_site(session, "A", "Đảng ủy Khối cơ quan")
    uninvited = await create_site(session, "B", "Ban Tuyên giáo")
    pub = await create_seminar(client, organizer, "published")
    other = await create_seminar(client, organizer, "published")
    live = await create_seminar(client, organizer, "published")
    items = {}
    for name in ("item_edit", "item_delete", "item_running", "item_start"):
        response = await client.post(
            f"{API}/seminars/{live['id']}/agenda",
            json={"kind": "paper", "title": name},
            headers=organizer.headers,
        )
        items[name] = response.json()["id"]
    await client.post(f"{API}/seminars/{live['id']}/start", headers=organizer.headers)
    await client.post(
        f"{API}/seminars/{live['id']}/agenda/{items['item_running']}/start",
        headers=organizer.headers,
    )
    own = await invite(client, organizer, pub["id"], [site.id])
    foreign = await invite(client, organizer, other["id"], [site.id])
    return World(
        ids={
            "pub": pub["id"],
            "live": live["id"],
            "draft": (await create_seminar(client, organizer))["id"],
            "to_start": (await create_seminar(client, organizer, "published"))["id"],
            "to_cancel": (await create_seminar(client, organizer))["id"],
            "to_end": (await create_seminar(client, organizer, "live"))["id"],
            "site": site.id,
            "uninvited": uninvited.id,
            **items,
        },
        own_token=own[site.id],
        other_token=foreign[site.id],
    )


CALLERS = {
    "anonymous": 401,
    "speaker": 403,
    "site token": 401,
    "site token of another seminar": 401,
    "site token as bearer": 401,
    "organizer": None,  # None: the endpoint's success status
    "admin": None,
}


@pytest.mark.parametrize(("caller", "expected"), CALLERS.items())
async def test_staff_endpoints_by_caller(
    client: httpx.AsyncClient,
    make_actor: MakeActor,
    world: World,
    caller: str,
    expected: int | None,
) -> None:
    headers = {
        "anonymous": {},
        "site token": site_headers(world.own_token),
        "site token of another seminar": site_headers(world.other_token),
        "site token as bearer": {"Authorization": f"Bearer {world.own_token}"},
    }.get(caller)
    if headers is None:
        role = {"speaker": Role.speaker, "organizer": Role.organizer, "admin": Role.admin}[caller]
        headers = (await make_actor(role)).headers
    for method, path, body, success in STAFF_ENDPOINTS:
        response = await client.request(
            method, API + str(world.fill(path)), json=world.fill(body), headers=headers
        )
        assert response.status_code == (expected or success), (method, path, response.text)


async def test_site_endpoints_refuse_everyone_without_a_site_token(
    client: httpx.AsyncClient, organizer: Actor, speaker: Actor, world: World
) -> None:
    callers = [
        {},
        organizer.headers,
        speaker.headers,
        {"Authorization": f"Bearer {world.own_token}"},
        site_headers("not-a-token"),
        site_headers(""),
    ]
    for headers in callers:
        for method, path in [("GET", ""), ("POST", "/register"), ("POST", "/decline")]:
            response = await client.request(
                method, f"{API}/site{path}", json={"expected_attendees": 1}, headers=headers
            )
            assert response.status_code == 401, (headers, path)
            assert response.json()["detail"]


async def test_a_site_token_reaches_its_own_site_in_its_own_seminar_only(
    client: httpx.AsyncClient, organizer: Actor, world: World
) -> None:
    own = (await client.get(f"{API}/site", headers=site_headers(world.own_token))).json()
    other = (await client.get(f"{API}/site", headers=site_headers(world.other_token))).json()
    assert own["seminar"]["id"] == world.ids["pub"]
    assert other["seminar"]["id"] != world.ids["pub"]
    assert own["site"]["id"] == other["site"]["id"] == world.ids["site"]

    # Registering through one seminar's token leaves the other seminar untouched.
    response = await client.post(
        f"{API}/site/register",
        json={"expected_attendees": 12},
        headers=site_headers(world.own_token),
    )
    assert response.status_code == 200
    other_after = (await client.get(f"{API}/site", headers=site_headers(world.other_token))).json()
    assert other_after["participation"]["status"] == "invited"
    assert other_after["participation"]["expected_attendees"] is None
