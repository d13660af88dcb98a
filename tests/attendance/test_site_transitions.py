"""One table says which SeminarSite status moves are legal; every entry point obeys it."""

import uuid
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance import live_messages
from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.attendance.transitions import SITE_TRANSITIONS, check_site_transition
from app.core.errors import Conflict
from tests.conftest import Actor
from tests.factories import API, create_seminar, create_site, invite, site_headers

St = SeminarSiteStatus

# DESIGN.md "State machines", written out independently of the code: invited → registered
# | declined; declined → registered; registered → checked_in (or declined, or registered
# again to update); checked_in ↔ disconnected; a checked-in site stays checked in.
LEGAL = {
    (St.invited, St.registered),
    (St.invited, St.declined),
    (St.declined, St.registered),
    (St.registered, St.registered),
    (St.registered, St.declined),
    (St.registered, St.checked_in),
    (St.checked_in, St.checked_in),
    (St.checked_in, St.disconnected),
    (St.disconnected, St.checked_in),
}
EVERY_MOVE = [(current, target) for current in St for target in St]


def test_the_table_is_the_design_state_machine() -> None:
    assert {(c, t) for c, targets in SITE_TRANSITIONS.items() for t in targets} == LEGAL


@pytest.mark.parametrize(("current", "target"), EVERY_MOVE)
def test_each_move_is_legal_or_409_naming_the_allowed_moves(current: St, target: St) -> None:
    if (current, target) in LEGAL:
        check_site_transition(current, target)
        return
    with pytest.raises(Conflict) as refused:
        check_site_transition(current, target)
    body = refused.value.body("en")
    assert refused.value.status_code == 409
    assert body["code"] == "registration.transition"
    assert body["params"]["current"] == current
    assert body["params"]["target"] == target
    others = {t for c, t in LEGAL if c == current and t != current}
    assert set(body["params"]["allowed"]) == others


def test_an_action_may_name_its_own_refusal() -> None:
    with pytest.raises(Conflict) as refused:
        check_site_transition(St.declined, St.checked_in, live_messages.CHECKIN_REFUSED)
    assert refused.value.body("vi")["code"] == "attendance.checkin_refused"


# Each entry point that moves a site: its target status and the code it refuses with.
ACTIONS = {
    "register": (St.registered, lambda s: "registration.transition"),
    "decline": (St.declined, lambda s: "registration.transition"),
    "checkin": (
        St.checked_in,
        lambda s: (
            "attendance.checkin_not_registered" if s == St.invited else "attendance.checkin_refused"
        ),
    ),
    "override": (St.checked_in, lambda s: "attendance.override_not_registered"),
    "report": (St.checked_in, lambda s: "attendance.report_before_checkin"),
}


async def _act(
    client: httpx.AsyncClient,
    organizer: Actor,
    action: str,
    seminar_id: int,
    site_id: int,
    token: str,
) -> httpx.Response:
    headers = site_headers(token)
    if action == "register":
        return await client.post(
            f"{API}/site/register", json={"expected_attendees": 30}, headers=headers
        )
    if action in ("decline", "checkin"):
        return await client.post(f"{API}/site/{action}", headers=headers)
    if action == "override":
        return await client.post(
            f"{API}/seminars/{seminar_id}/sites/{site_id}/headcount",
            json={"headcount": 12},
            headers=organizer.headers,
        )
    report = {
        "headcount": 12,
        "request_id": str(uuid.uuid4()),
        "reported_at": datetime.now(UTC).isoformat(),
    }
    return await client.post(f"{API}/site/headcount", json=report, headers=headers)


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("status", list(St))
async def test_every_entry_point_moves_a_site_only_as_the_table_allows(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession, status: St, action: str
) -> None:
    site = await create_site(session, "HN-1", "Chi bộ Hà Nội 1")
    seminar = await create_seminar(client, organizer, status="live")
    token = (await invite(client, organizer, seminar["id"], [site.id]))[site.id]
    row = await session.scalar(select(SeminarSite).where(SeminarSite.site_id == site.id))
    assert row is not None
    row.status = status
    await session.commit()

    target, code = ACTIONS[action]
    legal = (status, target) in LEGAL
    if action == "report":  # a site's own report also needs its check-in first
        legal = legal and status in (St.checked_in, St.disconnected)
    response = await _act(client, organizer, action, seminar["id"], site.id, token)

    await session.refresh(row)
    if legal:
        assert response.status_code == 200, response.text
        assert row.status == target
    else:
        assert response.status_code == 409, response.text
        assert response.json()["code"] == code(status)
        assert row.status == status  # nothing written
