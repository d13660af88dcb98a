"""Live attendance over a real uvicorn: reports, totals, deltas, resync, roll-up, presence."""

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import socketio
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import AttendanceReport
from app.sites.models import Site
from tests.conftest import Actor, LiveServer
from tests.factories import API, site_headers
from tests.realtime.conftest import LiveSeminar, check_in, make_live_seminar
from tests.realtime.viewer import Viewer


def report_body(headcount: int, **extra: object) -> dict[str, object]:
    return {
        "headcount": headcount,
        "request_id": str(uuid.uuid4()),
        "reported_at": datetime.now(UTC).isoformat(),
        **extra,
    }


async def report(client: httpx.AsyncClient, token: str, headcount: int, **extra: object):
    return await client.post(
        f"{API}/site/headcount", json=report_body(headcount, **extra), headers=site_headers(token)
    )


async def attendance(client: httpx.AsyncClient, actor: Actor, seminar_id: int, scope=None):
    params = {"scope": scope} if scope else {}
    response = await client.get(
        f"{API}/seminars/{seminar_id}/attendance", params=params, headers=actor.headers
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_sixty_sites_report_concurrently_and_every_viewer_agrees_with_the_database(
    live_server: LiveServer,
    client: httpx.AsyncClient,
    organizer: Actor,
    flat_sites: list[Site],
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites)
    viewers = [
        await Viewer().connect(live_server.url, {"seminar_id": seminar.id}) for _ in range(3)
    ]
    last = {site_id: 10 + i for i, site_id in enumerate(seminar.tokens)}

    # Each site sends three reports in order; all sites at once.
    async def site_reports(site_id: int, token: str) -> None:
        for headcount in (1, 5, last[site_id]):
            assert (await report(client, token, headcount)).status_code == 200

    await asyncio.gather(*(site_reports(s, t) for s, t in seminar.tokens.items()))
    expected = sum(last.values())
    stored = await attendance(client, organizer, seminar.id)
    assert stored["totals"]["headcount"] == expected
    assert stored["totals"]["sites_connected"] == 60
    assert {row["id"]: row["headcount"] for row in stored["sites"]} == last
    for viewer in viewers:
        await viewer.wait_for(lambda v: v.totals["headcount"] == expected)
        assert viewer.totals == stored["totals"]
        assert {i: row["headcount"] for i, row in viewer.sites.items()} == last
        await viewer.disconnect()


async def test_a_repeated_request_id_is_applied_once_even_when_sent_concurrently(
    client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site], session: AsyncSession
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites[:1])
    token = next(iter(seminar.tokens.values()))
    body = report_body(42)
    answers = await asyncio.gather(
        *(
            client.post(f"{API}/site/headcount", json=body, headers=site_headers(token))
            for _ in range(10)
        )
    )
    assert {a.status_code for a in answers} == {200}
    assert len({(a.json()["applied"], a.json()["received_at"]) for a in answers}) == 1
    assert await session.scalar(select(func.count()).select_from(AttendanceReport)) == 1
    assert (await attendance(client, organizer, seminar.id))["totals"]["headcount"] == 42


async def test_a_stale_report_is_logged_but_does_not_overwrite_a_newer_one(
    client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site], session: AsyncSession
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites[:1])
    token = next(iter(seminar.tokens.values()))
    now = datetime.now(UTC)
    newer = await report(client, token, 30, reported_at=now.isoformat())
    older = await report(client, token, 12, reported_at=(now - timedelta(minutes=2)).isoformat())
    assert newer.json()["applied"] is True
    assert older.json() | {"received_at": None} == {
        "request_id": older.json()["request_id"],
        "applied": False,
        "stale": True,
        "headcount": 30,
        "received_at": None,
    }
    assert (await attendance(client, organizer, seminar.id))["totals"]["headcount"] == 30
    assert await session.scalar(select(func.count()).select_from(AttendanceReport)) == 2


async def test_refusals_unknown_token_not_checked_in_after_end_and_implausible_values(
    client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites[:2], checked_in=False)
    first, second = seminar.tokens.values()
    assert (await report(client, "not-a-token", 5)).status_code == 401
    not_checked_in = await report(client, first, 5)
    assert not_checked_in.status_code == 409
    assert not_checked_in.json()["code"] == "attendance.report_before_checkin"
    await check_in(client, second)
    assert (await report(client, second, -1)).status_code == 422
    assert (await report(client, second, 10_000_000)).status_code == 422
    assert (await report(client, second, 7)).status_code == 200
    ended = await client.post(f"{API}/seminars/{seminar.id}/end", headers=organizer.headers)
    assert ended.status_code == 200
    after = await report(client, second, 8)
    assert after.status_code == 409
    assert after.json()["code"] == "attendance.ended"
    assert (await attendance(client, organizer, seminar.id))["totals"]["headcount"] == 7


async def test_check_in_follows_the_state_machine_and_the_seminar_day(
    client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    # Published, but its day is in the future: check-in is not open yet.
    future = await make_live_seminar(
        client, organizer, flat_sites[:1], checked_in=False, status="published"
    )
    token = next(iter(future.tokens.values()))
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    patched = await client.patch(
        f"{API}/seminars/{future.id}",
        json={"starts_at": tomorrow, "ends_at": None},
        headers=organizer.headers,
    )
    assert patched.status_code == 200, patched.text
    headers = site_headers(token)
    await client.post(f"{API}/site/register", json={"expected_attendees": 5}, headers=headers)
    early = await client.post(f"{API}/site/checkin", headers=headers)
    assert early.status_code == 409
    assert early.json()["code"] == "attendance.not_yet_open"

    live = await make_live_seminar(client, organizer, flat_sites[1:3], checked_in=False)
    invited, registered = live.tokens.values()
    assert (
        await client.post(f"{API}/site/checkin", headers=site_headers(invited))
    ).status_code == 409
    await client.post(
        f"{API}/site/register", json={"expected_attendees": 5}, headers=site_headers(registered)
    )
    first = await client.post(f"{API}/site/checkin", headers=site_headers(registered))
    again = await client.post(f"{API}/site/checkin", headers=site_headers(registered))
    assert first.status_code == again.status_code == 200
    assert again.json()["participation"]["status"] == "checked_in"
    assert (await attendance(client, organizer, live.id))["totals"]["sites_connected"] == 1


async def test_a_burst_is_coalesced_into_few_messages_without_version_gaps(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites)
    viewer = await Viewer().connect(live_server.url, {"seminar_id": seminar.id})
    tokens = list(seminar.tokens.values())
    started = time.monotonic()
    answers = await asyncio.gather(
        *(report(client, tokens[i % len(tokens)], i % 50) for i in range(500))
    )
    elapsed = time.monotonic() - started
    assert {a.status_code for a in answers} == {200}
    stored = await attendance(client, organizer, seminar.id)
    await viewer.wait_for(lambda v: v.totals == stored["totals"])
    messages = viewer.attendance_messages
    versions = [m["version"] for m in messages]
    assert versions == list(range(versions[0], versions[0] + len(versions)))
    # At most one message per 250 ms window (plus the first, sent at once): a handful,
    # not one per report.
    assert len(messages) <= 2 + elapsed / 0.25
    assert len(messages) < 50
    await viewer.disconnect()


async def test_a_viewer_that_misses_a_message_resyncs_and_converges(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites[:3])
    first, second, third = seminar.tokens.values()
    viewer = await Viewer().connect(live_server.url, {"seminar_id": seminar.id})
    # Lose the message that carries the first report.
    viewer.drop_attendance_if = lambda m: m.get("totals", {}).get("headcount") == 11
    await report(client, first, 11)
    await viewer.wait_for(lambda v: len(v.dropped) == 1)
    await report(client, second, 22)  # the next version reveals the gap
    await viewer.wait_for(lambda v: v.snapshots == 2)
    await report(client, third, 33)
    stored = await attendance(client, organizer, seminar.id)
    await viewer.wait_for(lambda v: v.totals == stored["totals"])
    assert viewer.resyncs == 1
    assert viewer.totals["headcount"] == 66
    await viewer.disconnect()


async def test_a_commune_report_rolls_up_to_its_district_province_and_seminar(
    live_server: LiveServer,
    client: httpx.AsyncClient,
    organizer: Actor,
    tree_sites: dict[str, Site],
) -> None:
    seminar = await make_live_seminar(client, organizer, list(tree_sites.values()))
    province, district = tree_sites["province"], tree_sites["district"]
    whole = await Viewer().connect(live_server.url, {"seminar_id": seminar.id})
    in_district = await Viewer().connect(
        live_server.url, {"seminar_id": seminar.id, "scope": district.id}
    )
    assert list(whole.sites) == [province.id]  # the view lists the top level only
    assert list(in_district.sites) == [tree_sites["commune"].id]

    await report(client, seminar.tokens[district.id], 20)
    await report(client, seminar.tokens[tree_sites["commune"].id], 15)
    await report(client, seminar.tokens[tree_sites["other"].id], 7)

    await whole.wait_for(lambda v: v.totals["headcount"] == 42)
    assert whole.sites[province.id]["headcount"] == 42
    await in_district.wait_for(lambda v: v.totals["headcount"] == 35)
    assert in_district.sites[tree_sites["commune"].id]["headcount"] == 15
    by_province = await attendance(client, organizer, seminar.id, scope=province.id)
    assert {row["id"]: row["headcount"] for row in by_province["sites"]} == {
        district.id: 35,
        tree_sites["other"].id: 7,
    }
    assert by_province["totals"]["headcount"] == 42
    for viewer in (whole, in_district):
        await viewer.disconnect()


async def test_a_site_whose_socket_is_gone_past_the_grace_period_leaves_the_total(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites[:2])
    (site_a, token_a), (_site_b, token_b) = seminar.tokens.items()
    await report(client, token_a, 25)
    await report(client, token_b, 10)
    viewer = await Viewer().connect(live_server.url, {"seminar_id": seminar.id})
    assert viewer.totals["headcount"] == 35

    site_page = socketio.AsyncClient(reconnection=False)
    await site_page.connect(
        live_server.url, namespaces=["/live"], auth={"site_token": token_a},
        transports=["websocket"],
    )  # fmt: skip
    await site_page.disconnect()
    # The test settings make the grace period half a second.
    await viewer.wait_for(lambda v: v.sites[site_a]["status"] == "disconnected")
    assert viewer.totals["headcount"] == 10
    assert viewer.totals["sites_connected"] == 1
    assert (await attendance(client, organizer, seminar.id))["totals"]["headcount"] == 10

    # Reporting again brings it back.
    await report(client, token_a, 26)
    await viewer.wait_for(lambda v: v.totals["headcount"] == 36)
    assert viewer.sites[site_a]["status"] == "checked_in"
    await viewer.disconnect()


async def test_views_of_unknown_or_unpublished_seminars_are_refused(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    draft = await make_live_seminar(
        client, organizer, flat_sites[:1], checked_in=False, status="draft"
    )
    for auth in ({"seminar_id": draft.id}, {"seminar_id": 999_999}, {"site_token": "nope"}, {}):
        viewer = Viewer()
        with pytest.raises(socketio.exceptions.ConnectionError):
            await viewer.connect(live_server.url, auth)


async def test_agenda_and_status_changes_reach_viewers(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites[:1])
    item = await client.post(
        f"{API}/seminars/{seminar.id}/agenda",
        json={"kind": "report", "title": "Báo cáo đề dẫn", "speaker_name": "Đ/c Bí thư"},
        headers=organizer.headers,
    )
    viewer = await Viewer().connect(live_server.url, {"seminar_id": seminar.id})
    started = await client.post(
        f"{API}/seminars/{seminar.id}/agenda/{item.json()['id']}/start", headers=organizer.headers
    )
    assert started.status_code == 200
    await viewer.wait_for(lambda v: v.current is not None)
    assert viewer.current["title"] == "Báo cáo đề dẫn"
    assert viewer.current["speaker_name"] == "Đ/c Bí thư"
    await client.post(f"{API}/seminars/{seminar.id}/end", headers=organizer.headers)
    await viewer.wait_for(lambda v: v.status == "ended" and v.current is None)
    await viewer.disconnect()


async def test_the_organizer_reports_the_main_hall_and_it_is_recorded_as_such(
    client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site], session: AsyncSession
) -> None:
    main = flat_sites[0]
    seminar = await make_live_seminar(client, organizer, flat_sites[1:3])
    patched = await client.patch(
        f"{API}/seminars/{seminar.id}", json={"main_site_id": main.id}, headers=organizer.headers
    )
    assert patched.status_code == 409  # the main hall cannot move while live
    # A fresh seminar with its main hall from the start.
    created = await client.post(
        f"{API}/seminars",
        json={"title": "Hội nghị", "starts_at": datetime.now(UTC).isoformat(),
              "main_site_id": main.id},
        headers=organizer.headers,
    )  # fmt: skip
    seminar_id = created.json()["id"]
    for verb in ("publish", "start"):
        await client.post(f"{API}/seminars/{seminar_id}/{verb}", headers=organizer.headers)
    response = await client.post(
        f"{API}/seminars/{seminar_id}/sites/{main.id}/headcount",
        json={"headcount": 400},
        headers=organizer.headers,
    )
    assert response.status_code == 200, response.text
    stored = await attendance(client, organizer, seminar_id)
    assert stored["totals"]["headcount"] == 400
    assert stored["totals"]["sites_connected"] == 0  # the main hall is not a remote site
    row = await session.scalar(select(AttendanceReport))
    assert (row.source.value, row.recorded_by_id) == ("organizer", organizer.user.id)


async def test_the_timeline_replays_reports_and_presence(
    client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites[:2])
    first, second = seminar.tokens.values()
    await report(client, first, 10)
    await report(client, second, 5)
    await report(client, first, 12)
    response = await client.get(
        f"{API}/seminars/{seminar.id}/attendance/timeline",
        params={"resolution": 60, "per_site": True},
        headers=organizer.headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["points"][-1]["headcount"] == 17
    assert max(p["peak_headcount"] for p in body["points"]) == 17
    assert {int(k): v[-1]["headcount"] for k, v in body["sites"].items()} == {
        site_id: count for site_id, count in zip(seminar.tokens, (12, 5), strict=True)
    }


async def test_public_seminar_page_data_has_figures_and_no_personal_data(
    client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar: LiveSeminar = await make_live_seminar(client, organizer, flat_sites[:2])
    await report(client, next(iter(seminar.tokens.values())), 9)
    response = await client.get(f"{API}/public/seminars/{seminar.slug}")
    assert response.status_code == 200
    body = response.json()
    assert body["totals"]["headcount"] == 9
    assert "coordinator" not in response.text
    draft = await client.post(
        f"{API}/seminars",
        json={"title": "Nháp", "slug": "nhap", "starts_at": datetime.now(UTC).isoformat()},
        headers=organizer.headers,
    )
    assert draft.status_code == 201
    assert (await client.get(f"{API}/public/seminars/nhap")).status_code == 404


async def test_the_report_path_answers_like_the_rest_of_the_api(
    client: httpx.AsyncClient, organizer: Actor, flat_sites: list[Site]
) -> None:
    seminar = await make_live_seminar(client, organizer, flat_sites[:1])
    token = next(iter(seminar.tokens.values()))
    missing = await client.post(f"{API}/site/headcount", json=report_body(1))
    assert (missing.status_code, missing.json()["code"]) == (401, "attendance.site_token_missing")
    invalid = await client.post(
        f"{API}/site/headcount", json={"headcount": "many"}, headers=site_headers(token)
    )
    assert invalid.status_code == 422
    assert invalid.json()["code"] == "request.invalid"
    assert {tuple(e["loc"]) for e in invalid.json()["errors"]} >= {
        ("body", "headcount"),
        ("body", "request_id"),
    }
    huge = await client.post(
        f"{API}/site/headcount",
        content=b'{"headcount": 1, "pad": "' + b"x" * 10_000 + b'"}',
        headers=site_headers(token),
    )
    assert huge.status_code == 413
