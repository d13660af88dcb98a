"""Who reaches what: every endpoint of the API against every kind of caller.

Staff endpoints: anonymous → 401, speaker → 403, organizer and admin → allowed; admin
endpoints: organizers → 403 too. Seminar-scoped endpoints answer only the seminar's
members (MEMBER_RULES): an organizer of another seminar gets 404, as if the seminar did
not exist; a member limited to another subtree of sites reads the seminar but gets 404
for sites outside their subtree and 403 for actions on the whole seminar. A site token
(in X-Site-Token or misused as a bearer token) → 401 everywhere but the site endpoints,
which answer only to a site token, and only about that token's own site in its own
seminar. A test fails when an endpoint is
added without a row here.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.demo import minimal_pdf
from app.users.models import Role
from tests.conftest import Actor, MakeActor
from tests.factories import API, STARTS_AT, create_seminar, create_site, invite, site_headers

CSV_FILE = {"file": ("sites.csv", "code,name\nCSV-1,Chi bộ nhập từ tệp\n".encode(), "text/csv")}
PDF_FILE = {"file": ("tham-luan.pdf", minimal_pdf(["Tham luận"]), "application/pdf")}
UPLOADS = (CSV_FILE, PDF_FILE)

CONCLUSION_BODY = {"text": "Kết luận", "signed_by": "Nguyễn Văn An", "issued_on": "2026-07-22"}
TASK_BODY = {"title": "Quán triệt kết luận", "due_on": "2026-08-01", "all_sites": True}
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
    ("GET", "/seminars/{pub}/attendance", None, 200),
    ("GET", "/seminars/{pub}/attendance/timeline", None, 200),
    ("POST", "/seminars/{pub}/sites/{site}/headcount", {"headcount": 5}, 200),
    ("GET", "/seminars/{pub}/report", None, 200),
    ("GET", "/seminars/{pub}/report.html", None, 200),
    ("GET", "/seminars/{pub}/minutes.docx", None, 200),
    ("GET", "/seminars/{pub}/exports/attendance.csv", None, 200),
    ("GET", "/seminars/{pub}/exports/attendance.xlsx", None, 200),
    ("GET", "/seminars/{pub}/exports/polls.xlsx", None, 200),
    ("GET", "/seminars/{pub}/readiness", None, 200),
    ("GET", "/seminars/{pub}/incidents", None, 200),
    ("POST", "/seminars/{pub}/incidents/{incident_ack}/ack", {}, 200),
    ("POST", "/seminars/{pub}/incidents/{incident_resolve}/resolve", {}, 200),
    ("GET", "/sites", None, 200),
    ("POST", "/sites", {"code": "NEW-{caller}", "name": "Chi bộ mới"}, 201),
    ("GET", "/sites/{site}", None, 200),
    ("PATCH", "/sites/{site}", {"locality": "Bắc Giang"}, 200),
    ("DELETE", "/sites/{deletable}", None, 204),
    ("POST", "/sites/import", CSV_FILE, 200),
    ("POST", "/submissions/{sub_decide}/decision", {"status": "under_review"}, 200),
    (
        "POST",
        "/seminars/{call}/submissions/decisions",
        {"submission_ids": ["{sub_bulk}"], "status": "rejected"},
        200,
    ),
    ("GET", "/seminars/{call}/exports/proceedings.zip", None, 200),
    ("GET", "/seminars/{call}/exports/papers.xlsx", None, 200),
    ("GET", "/seminars/{call}/exports/papers.csv", None, 200),
    ("GET", "/seminars/{pub}/members", None, 200),
    ("GET", "/seminars/{pub}/members/candidates", None, 200),
    ("POST", "/seminars/{pub}/members", {"user_id": "{candidate}"}, 201),
    ("PATCH", "/seminars/{pub}/members/{member_edit}", {"subtree_site_id": "{site}"}, 200),
    ("DELETE", "/seminars/{pub}/members/{member_remove}", None, 204),
    # Speaking requests (app/speaking)
    ("GET", "/seminars/{live}/speaking", None, 200),
    ("POST", "/seminars/{live}/speaking", {"speaker_name": "Ông {caller}"}, 201),
    ("PATCH", "/seminars/{live}/speaking/{speak_edit}", {"planned_seconds": 120}, 200),
    ("POST", "/seminars/{live}/speaking/{speak_call}/call", None, 200),
    ("POST", "/seminars/{live}/speaking/{speak_start}/start", None, 200),
    ("POST", "/seminars/{live}/speaking/{speak_start}/end", None, 200),
    ("POST", "/seminars/{live}/speaking/{speak_reject}/reject", {"note": "Trùng ý"}, 200),
    # Follow-up (app/followup)
    ("GET", "/seminars/{live}/conclusion", None, 200),
    ("PUT", "/seminars/{live}/conclusion", CONCLUSION_BODY, 200),
    ("GET", "/seminars/{live}/conclusion.docx", None, 200),
    ("GET", "/seminars/{live}/tasks", None, 200),
    ("POST", "/seminars/{live}/tasks", TASK_BODY, 201),
    ("PATCH", "/seminars/{live}/tasks/{task_edit}", {"title": "Việc đã sửa"}, 200),
    ("DELETE", "/seminars/{live}/tasks/{task_delete}", None, 204),
    ("GET", "/seminars/{live}/tasks/{task_edit}/sites", None, 200),
    # Polls (app/polls)
    ("GET", "/seminars/{live}/polls", None, 200),
    (
        "POST",
        "/seminars/{live}/polls",
        {"question": "Ý kiến {caller}?", "options": ["Có", "Không"]},
        201,
    ),
    ("GET", "/seminars/{live}/polls/{poll_edit}", None, 200),
    ("PATCH", "/seminars/{live}/polls/{poll_edit}", {"show_live": True}, 200),
    ("DELETE", "/seminars/{live}/polls/{poll_delete}", None, 204),
    ("POST", "/seminars/{live}/polls/{poll_open}/open", None, 200),
    ("POST", "/seminars/{live}/polls/{poll_close}/close", None, 200),
    ("POST", "/seminars/{live}/polls/{poll_publish}/publish", None, 200),
    ("GET", "/seminars/{live}/polls/{poll_publish}/results", None, 200),
]
# Seminar-scoped staff endpoints → (organizer of another seminar, member limited to
# another subtree); None: the endpoint's success. Endpoints not listed are the directory
# and the seminar list, open to every organizer.
READ = (404, None)
WHOLE = (404, 403)
SITE = (404, 404)
MEMBER_RULES = {
    ("GET", "/seminars/{pub}"): READ,
    ("PATCH", "/seminars/{pub}"): WHOLE,
    ("POST", "/seminars/{draft}/publish"): WHOLE,
    ("POST", "/seminars/{to_start}/start"): WHOLE,
    ("POST", "/seminars/{to_cancel}/cancel"): WHOLE,
    ("POST", "/seminars/{to_end}/end"): WHOLE,
    ("GET", "/seminars/{pub}/agenda"): READ,
    ("POST", "/seminars/{pub}/agenda"): WHOLE,
    ("PATCH", "/seminars/{live}/agenda/{item_edit}"): WHOLE,
    ("DELETE", "/seminars/{live}/agenda/{item_delete}"): WHOLE,
    ("POST", "/seminars/{live}/agenda/{item_running}/end"): WHOLE,
    ("POST", "/seminars/{live}/agenda/{item_start}/start"): WHOLE,
    # Lists and live views: a limited member sees their own sites (none here).
    ("GET", "/seminars/{pub}/sites"): READ,
    ("POST", "/seminars/{pub}/sites"): SITE,
    ("PATCH", "/seminars/{pub}/sites/{site}"): SITE,
    ("POST", "/seminars/{pub}/sites/{site}/token"): SITE,
    ("GET", "/seminars/{pub}/attendance"): READ,
    ("GET", "/seminars/{pub}/attendance/timeline"): READ,
    ("POST", "/seminars/{pub}/sites/{site}/headcount"): SITE,
    ("GET", "/seminars/{pub}/report"): WHOLE,
    ("GET", "/seminars/{pub}/report.html"): WHOLE,
    ("GET", "/seminars/{pub}/minutes.docx"): WHOLE,
    ("GET", "/seminars/{pub}/exports/attendance.csv"): WHOLE,
    ("GET", "/seminars/{pub}/exports/attendance.xlsx"): WHOLE,
    ("GET", "/seminars/{pub}/exports/polls.xlsx"): WHOLE,
    ("GET", "/seminars/{pub}/readiness"): READ,
    ("GET", "/seminars/{pub}/incidents"): READ,
    ("POST", "/seminars/{pub}/incidents/{incident_ack}/ack"): SITE,
    ("POST", "/seminars/{pub}/incidents/{incident_resolve}/resolve"): SITE,
    # Papers are not tied to sites: a limited member does not see them at all.
    ("POST", "/submissions/{sub_decide}/decision"): SITE,
    ("POST", "/seminars/{call}/submissions/decisions"): WHOLE,
    ("GET", "/seminars/{call}/exports/proceedings.zip"): WHOLE,
    ("GET", "/seminars/{call}/exports/papers.xlsx"): WHOLE,
    ("GET", "/seminars/{call}/exports/papers.csv"): WHOLE,
    ("GET", "/seminars/{pub}/members"): READ,
    ("GET", "/seminars/{pub}/members/candidates"): WHOLE,
    ("POST", "/seminars/{pub}/members"): WHOLE,
    ("PATCH", "/seminars/{pub}/members/{member_edit}"): WHOLE,
    ("DELETE", "/seminars/{pub}/members/{member_remove}"): WHOLE,
    # The queue is the whole floor's: a limited member reads its sites' requests only.
    ("GET", "/seminars/{live}/speaking"): READ,
    ("POST", "/seminars/{live}/speaking"): WHOLE,
    ("PATCH", "/seminars/{live}/speaking/{speak_edit}"): WHOLE,
    ("POST", "/seminars/{live}/speaking/{speak_call}/call"): WHOLE,
    ("POST", "/seminars/{live}/speaking/{speak_start}/start"): WHOLE,
    ("POST", "/seminars/{live}/speaking/{speak_start}/end"): WHOLE,
    ("POST", "/seminars/{live}/speaking/{speak_reject}/reject"): WHOLE,
    # The conclusion and the tasks are the whole seminar's; a limited member reads them
    # and counts their own sites' progress only.
    ("GET", "/seminars/{live}/conclusion"): READ,
    ("PUT", "/seminars/{live}/conclusion"): WHOLE,
    ("GET", "/seminars/{live}/conclusion.docx"): WHOLE,
    ("GET", "/seminars/{live}/tasks"): READ,
    ("POST", "/seminars/{live}/tasks"): WHOLE,
    ("PATCH", "/seminars/{live}/tasks/{task_edit}"): WHOLE,
    ("DELETE", "/seminars/{live}/tasks/{task_delete}"): WHOLE,
    ("GET", "/seminars/{live}/tasks/{task_edit}/sites"): READ,
    # Polls: a limited member reads them and their subtree's results; moves are the
    # whole seminar's.
    ("GET", "/seminars/{live}/polls"): READ,
    ("POST", "/seminars/{live}/polls"): WHOLE,
    ("GET", "/seminars/{live}/polls/{poll_edit}"): READ,
    ("PATCH", "/seminars/{live}/polls/{poll_edit}"): WHOLE,
    ("DELETE", "/seminars/{live}/polls/{poll_delete}"): WHOLE,
    ("POST", "/seminars/{live}/polls/{poll_open}/open"): WHOLE,
    ("POST", "/seminars/{live}/polls/{poll_close}/close"): WHOLE,
    ("POST", "/seminars/{live}/polls/{poll_publish}/publish"): WHOLE,
    ("GET", "/seminars/{live}/polls/{poll_publish}/results"): READ,
}
# Papers: anyone logged in reaches their own (speakers) or every one (staff); the
# {own_*} submissions belong to the caller. Others' papers are covered in
# tests/submissions/test_access.py.
PAPER_ENDPOINTS = [
    ("GET", "/submissions", None, 200),
    ("GET", "/seminars/{call}/submissions", None, 200),
    ("POST", "/seminars/{call}/submissions", {"title": "Tham luận mới"}, 201),
    ("GET", "/submissions/{own_edit}", None, 200),
    ("PATCH", "/submissions/{own_edit}", {"abstract": "Tóm tắt"}, 200),
    ("POST", "/submissions/{own_edit}/files", PDF_FILE, 201),
    ("GET", "/submissions/{own_filed}/files/{first_version}", None, 200),
    ("POST", "/submissions/{own_filed}/submit", None, 200),
    ("POST", "/submissions/{own_withdraw}/withdraw", None, 200),
]
ADMIN_ENDPOINTS = [
    ("GET", "/users", None, 200),
    (
        "POST",
        "/users",
        {"email": "u-{caller}@example.vn", "full_name": "U", "password": "12345678u"},
        201,
    ),
    ("PATCH", "/users/{user}", {"position": "Chuyên viên"}, 200),
]
# Endpoints with their own rules, tested in their domains and below.
OPEN_ENDPOINTS = {
    ("POST", "/auth/token"),
    ("POST", "/auth/register"),
    ("POST", "/auth/logout"),
    ("GET", "/auth/me"),
    ("GET", "/health"),
    ("GET", "/public/seminars/{}"),
    # Public for published (live, ended) seminars: the public page's "add to calendar";
    # it carries only what that page shows. Drafts: staff only (tests/reports).
    ("GET", "/seminars/{}/calendar.ics"),
    ("GET", "/public/calls"),
    # A poll's public link and a big screen's polls (tests/polls).
    ("GET", "/public/polls/{}"),
    ("POST", "/public/polls/{}/answers"),
    ("GET", "/public/seminars/{}/polls"),
}
# One body valid for every site endpoint, so that only the token decides.
# A valid body for each site endpoint: only the missing token may be the reason to refuse.
SITE_BODY = {"expected_attendees": 1}
HEADCOUNT_BODY = {
    "headcount": 1,
    "request_id": "b6f1c2a4",
    "reported_at": datetime.now(UTC).isoformat(),  # within the window around the server clock
}
SITE_ENDPOINTS = [
    ("GET", ""),
    ("POST", "/register"),
    ("POST", "/decline"),
    ("POST", "/checkin"),
    ("POST", "/headcount"),
    ("POST", "/techcheck"),
    ("GET", "/speaking"),
    ("POST", "/speaking"),
    ("POST", "/speaking/{}/withdraw"),
    ("GET", "/incidents"),
    ("POST", "/incidents"),
    ("GET", "/tasks"),
    ("POST", "/tasks/{}/progress"),
    ("GET", "/polls"),
    ("POST", "/polls/{}/tally"),
]


@dataclass
class World:
    ids: dict[str, int]
    own_token: str  # a site of seminar {pub}
    other_token: str  # a site of another seminar
    seminars: list[int]  # every seminar above, for making a caller their member
    creator: Actor  # an unlimited member of each

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


async def own_papers(client: httpx.AsyncClient, headers: dict[str, str], call: int) -> dict:
    """Three drafts of the caller in seminar ``call``, one of them with a file."""
    ids = {}
    for name in ("own_edit", "own_filed", "own_withdraw"):
        created = await client.post(
            f"{API}/seminars/{call}/submissions", json={"title": name}, headers=headers
        )
        assert created.status_code == 201, created.text
        ids[name] = created.json()["id"]
    uploaded = await client.post(
        f"{API}/submissions/{ids['own_filed']}/files", files=PDF_FILE, headers=headers
    )
    assert uploaded.status_code == 201, uploaded.text
    return ids


async def join(
    client: httpx.AsyncClient, world: World, user_id: int, subtree_site_id: int | None = None
) -> None:
    """Make ``user_id`` a member of every seminar of the world."""
    for seminar_id in world.seminars:
        added = await client.post(
            f"{API}/seminars/{seminar_id}/members",
            json={"user_id": user_id, "subtree_site_id": subtree_site_id},
            headers=world.creator.headers,
        )
        assert added.status_code == 201, added.text


@pytest.fixture
async def world(
    client: httpx.AsyncClient,
    organizer: Actor,
    speaker: Actor,
    session: AsyncSession,
    make_actor: MakeActor,
) -> World:
    site = await create_site(session, "A", "Đảng ủy Khối cơ quan")
    uninvited = await create_site(session, "B", "Ban Tuyên giáo")
    elsewhere = await create_site(session, "C", "Tỉnh ủy Bắc Giang")
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
    speaking = {}
    for name in ("speak_edit", "speak_call", "speak_start", "speak_reject"):
        response = await client.post(
            f"{API}/seminars/{live['id']}/speaking",
            json={"speaker_name": name},
            headers=organizer.headers,
        )
        assert response.status_code == 201, response.text
        speaking[name] = response.json()["id"]
    await client.post(
        f"{API}/seminars/{live['id']}/agenda/{items['item_running']}/start",
        headers=organizer.headers,
    )
    await invite(client, organizer, live["id"], [site.id])
    tasks = {}
    for name in ("task_edit", "task_delete"):
        created = await client.post(
            f"{API}/seminars/{live['id']}/tasks", json=TASK_BODY, headers=organizer.headers
        )
        assert created.status_code == 201, created.text
        tasks[name] = created.json()["id"]
    written = await client.put(
        f"{API}/seminars/{live['id']}/conclusion", json=CONCLUSION_BODY, headers=organizer.headers
    )
    assert written.status_code == 200, written.text
    polls = {}
    for name, moves in (
        ("poll_edit", []),
        ("poll_delete", []),
        ("poll_open", []),
        ("poll_close", ["open"]),
        ("poll_publish", ["open", "close"]),
    ):
        response = await client.post(
            f"{API}/seminars/{live['id']}/polls",
            json={"question": name, "options": ["Có", "Không"]},
            headers=organizer.headers,
        )
        assert response.status_code == 201, response.text
        polls[name] = response.json()["id"]
        for action in moves:
            moved = await client.post(
                f"{API}/seminars/{live['id']}/polls/{polls[name]}/{action}",
                headers=organizer.headers,
            )
            assert moved.status_code == 200, moved.text
    call = await create_seminar(client, organizer, "published", submissions_open=True)
    papers = await own_papers(client, speaker.headers, call["id"])
    for name in ("sub_decide", "sub_bulk"):
        created = await client.post(
            f"{API}/seminars/{call['id']}/submissions",
            json={"title": name},
            headers=speaker.headers,
        )
        papers[name] = created.json()["id"]
        await client.post(
            f"{API}/submissions/{papers[name]}/files", files=PDF_FILE, headers=speaker.headers
        )
        submitted = await client.post(
            f"{API}/submissions/{papers[name]}/submit", headers=speaker.headers
        )
        assert submitted.status_code == 200, submitted.text
    own = await invite(client, organizer, pub["id"], [site.id])
    foreign = await invite(client, organizer, other["id"], [site.id])
    # Registered, so that organizers may report its headcount.
    registered = await client.post(
        f"{API}/site/register", json={"expected_attendees": 20}, headers=site_headers(own[site.id])
    )
    assert registered.status_code == 200, registered.text
    incidents = {}
    for name, kind in (("incident_ack", "audio"), ("incident_resolve", "video")):
        reported = await client.post(
            f"{API}/site/incidents",
            json={"kind": kind, "request_id": name},
            headers=site_headers(own[site.id]),
        )
        assert reported.status_code == 201, reported.text
        incidents[name] = reported.json()["id"]
    seminars = {
        "pub": pub["id"],
        "live": live["id"],
        "call": call["id"],
        "draft": (await create_seminar(client, organizer))["id"],
        "to_start": (await create_seminar(client, organizer, "published"))["id"],
        "to_cancel": (await create_seminar(client, organizer))["id"],
        "to_end": (await create_seminar(client, organizer, "live"))["id"],
    }
    colleagues = {
        name: (await make_actor(Role.organizer)).user.id
        for name in ("candidate", "member_edit", "member_remove")
    }
    world = World(
        ids={
            **seminars,
            "site": site.id,
            "uninvited": uninvited.id,
            "deletable": (await create_site(session, "DEL", "Chi bộ sẽ xóa")).id,
            "elsewhere": elsewhere.id,
            "user": organizer.user.id,
            "first_version": 1,
            **items,
            **speaking,
            **polls,
            **papers,
            **colleagues,
            **incidents,
            **tasks,
        },
        own_token=own[site.id],
        other_token=foreign[site.id],
        seminars=[*seminars.values(), other["id"]],
        creator=organizer,
    )
    for name in ("member_edit", "member_remove"):
        added = await client.post(
            f"{API}/seminars/{pub['id']}/members",
            json={"user_id": colleagues[name]},
            headers=organizer.headers,
        )
        assert added.status_code == 201, added.text
    return world


# caller → status on staff endpoints, on admin endpoints (None: the endpoint's success).
CALLERS = {
    "anonymous": (401, 401),
    "speaker": (403, 403),
    "site token": (401, 401),
    "site token of another seminar": (401, 401),
    "site token as bearer": (401, 401),
    "organizer": (None, 403),
    "organizer of another seminar": (None, 403),
    "member limited to another subtree": (None, 403),
    "admin": (None, None),
}


async def _call(
    client: httpx.AsyncClient,
    world: World,
    endpoint: tuple[str, str, object, int],
    headers: dict[str, str],
    caller: str,
) -> httpx.Response:
    method, path, body, _ = endpoint
    url = API + str(world.fill(path)).replace("{caller}", caller.replace(" ", "-"))
    if any(body is upload for upload in UPLOADS):
        return await client.request(method, url, files=body, headers=headers)
    if isinstance(body, dict):
        body = {
            k: v.replace("{caller}", caller.replace(" ", "-")) if isinstance(v, str) else v
            for k, v in body.items()
        }
    return await client.request(method, url, json=world.fill(body), headers=headers)


@pytest.mark.parametrize(("caller", "expected"), CALLERS.items())
async def test_every_endpoint_by_caller(
    client: httpx.AsyncClient,
    make_actor: MakeActor,
    world: World,
    caller: str,
    expected: tuple[int | None, int | None],
) -> None:
    headers = {
        "anonymous": {},
        "site token": site_headers(world.own_token),
        "site token of another seminar": site_headers(world.other_token),
        "site token as bearer": {"Authorization": f"Bearer {world.own_token}"},
    }.get(caller)
    if headers is None:
        role = Role.organizer
        if caller in ("speaker", "admin"):
            role = Role[caller]
        actor = await make_actor(role)
        headers = actor.headers
        if caller == "organizer":
            await join(client, world, actor.user.id)
        elif caller == "member limited to another subtree":
            await join(client, world, actor.user.id, world.ids["elsewhere"])
        elif caller == "organizer of another seminar":
            await create_seminar(client, actor)
    staff_expected, admin_expected = expected
    rule = {"organizer of another seminar": 0, "member limited to another subtree": 1}.get(caller)
    for endpoints, status in ((STAFF_ENDPOINTS, staff_expected), (ADMIN_ENDPOINTS, admin_expected)):
        for endpoint in endpoints:
            wanted = status
            if rule is not None and endpoints is STAFF_ENDPOINTS:
                wanted = MEMBER_RULES.get(endpoint[:2], (None, None))[rule]
            response = await _call(client, world, endpoint, headers, caller)
            assert response.status_code == (wanted or endpoint[3]), (endpoint, response.text)
            if wanted == 404 and endpoint[1].startswith("/seminars/"):
                code = response.json()["code"]
                assert code == ("seminar.not_member", "seminar.site_outside_subtree")[rule]
    # Papers: every logged-in user reaches their own; no one else gets in at all.
    logged_in = caller in ("speaker", "admin") or caller.startswith(("organizer", "member"))
    if logged_in:
        world.ids.update(await own_papers(client, headers, world.ids["call"]))
    for endpoint in PAPER_ENDPOINTS:
        response = await _call(client, world, endpoint, headers, caller)
        expected_status = endpoint[3] if logged_in else 401
        assert response.status_code == expected_status, (endpoint, response.text)


def test_every_seminar_scoped_endpoint_has_a_member_rule() -> None:
    scoped = {e[:2] for e in STAFF_ENDPOINTS if e[1].startswith(("/seminars/{", "/submissions/{"))}
    assert scoped == set(MEMBER_RULES)


def test_the_matrix_lists_every_endpoint(app: FastAPI) -> None:
    listed = {
        (m, re.sub(r"\{[^}]+\}", "{}", p))
        for m, p, _, _ in STAFF_ENDPOINTS + ADMIN_ENDPOINTS + PAPER_ENDPOINTS
    }
    listed |= {(m, re.sub(r"\{[^}]+\}", "{}", p)) for m, p in OPEN_ENDPOINTS}
    listed |= {(m, "/site" + p) for m, p in SITE_ENDPOINTS}
    served = {
        (method, re.sub(r"\{[^}]+\}", "{}", path.removeprefix(API)))
        for path, operations in app.openapi()["paths"].items()
        for method in (m.upper() for m in operations)
    }
    assert served - listed == set(), "endpoints missing from the access matrix"


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
        for method, path in SITE_ENDPOINTS:
            response = await client.request(
                method,
                f"{API}/site{path}",
                json=HEADCOUNT_BODY if path == "/headcount" else SITE_BODY,
                headers=headers,
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
