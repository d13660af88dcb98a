"""Every live message, socket or HTTP, has exactly the shape the OpenAPI document gives it."""

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import socketio
from fastapi import FastAPI
from pydantic import TypeAdapter

from app.attendance.wire import (
    LIVE_EVENTS,
    Attendance,
    AttendanceTimeline,
    LiveTotals,
)
from app.sites.models import Site
from tests.conftest import Actor, LiveServer
from tests.factories import API, site_headers
from tests.realtime.conftest import make_live_seminar
from tests.realtime.viewer import WAIT_S

Message = tuple[str, dict[str, Any]]


class Recorder:
    """A socket.io client of ``/live`` that keeps every message as it arrived."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.messages: list[Message] = []
        self._arrived = asyncio.Condition()
        for event in LIVE_EVENTS:
            self.sio.on(event, self._keeper(event), namespace="/live")

    def _keeper(self, event: str) -> Callable[[dict[str, Any]], Any]:
        async def keep(data: dict[str, Any]) -> None:
            self.messages.append((event, data))
            async with self._arrived:
                self._arrived.notify_all()

        return keep

    async def connect(self, url: str, auth: dict[str, Any]) -> "Recorder":
        await self.sio.connect(
            url, namespaces=["/live"], auth=auth, transports=["websocket"], wait_timeout=WAIT_S
        )
        return self

    async def next(self, event: str, where: Callable[[dict[str, Any]], bool] = bool) -> dict:
        """The first ``event`` message satisfying ``where`` (bounded by WAIT_S)."""

        def found() -> dict[str, Any] | None:
            return next((d for e, d in self.messages if e == event and where(d)), None)

        async with self._arrived:
            await asyncio.wait_for(self._arrived.wait_for(lambda: found() is not None), WAIT_S)
        message = found()
        assert message is not None
        return message


def check(event: str, message: dict[str, Any]) -> None:
    """Validate a message against its model: no field missing, none undocumented."""
    TypeAdapter(LIVE_EVENTS[event]).validate_python(message)


async def report(client: httpx.AsyncClient, token: str, headcount: int) -> None:
    sent = await client.post(
        f"{API}/site/headcount",
        json={
            "headcount": headcount,
            "request_id": str(uuid.uuid4()),
            "reported_at": datetime.now(UTC).isoformat(),
        },
        headers=site_headers(token),
    )
    assert sent.status_code == 200, sent.text


def test_the_openapi_document_names_each_socket_message(app: FastAPI) -> None:
    document = app.openapi()
    events = document["x-socket-events"]
    assert events["namespace"] == "/live"
    schemas = document["components"]["schemas"]
    for event, model in LIVE_EVENTS.items():
        ref = events["events"][event]["$ref"]
        assert ref == f"#/components/schemas/{model.__name__}"
        assert schemas[model.__name__]["additionalProperties"] is False
    for name in ("LiveSiteRow", "LiveStaffSiteRow", "LiveTotals", "LiveSubtreeTotals"):
        assert name in schemas


async def test_socket_messages_have_their_documented_shape(
    live_server: LiveServer,
    client: httpx.AsyncClient,
    organizer: Actor,
    tree_sites: dict[str, Site],
) -> None:
    province, district, commune = (tree_sites[k] for k in ("province", "district", "commune"))
    seminar = await make_live_seminar(client, organizer, [province, district, commune])
    item = await client.post(
        f"{API}/seminars/{seminar.id}/agenda",
        json={"kind": "report", "title": "Báo cáo đề dẫn", "speaker_name": "Đ/c Bí thư"},
        headers=organizer.headers,
    )
    whole = await Recorder().connect(live_server.url, {"seminar_id": seminar.id})
    scoped = await Recorder().connect(
        live_server.url, {"seminar_id": seminar.id, "scope": province.id}
    )
    for viewer in (whole, scoped):
        check("snapshot", await viewer.next("snapshot"))

    await report(client, seminar.tokens[commune.id], 25)
    whole_delta = await whole.next(
        "attendance", lambda d: d.get("totals", {}).get("headcount") == 25
    )
    check("attendance", whole_delta)
    assert set(whole_delta["totals"]) == LiveTotals.__required_keys__  # the seminar's
    scoped_delta = await scoped.next("attendance", lambda d: bool(d["sites"]))
    check("attendance", scoped_delta)
    assert [row["id"] for row in scoped_delta["sites"]] == [district.id]
    if "totals" in scoped_delta:  # a scoped view gets its subtree's totals
        assert set(scoped_delta["totals"]) == LiveTotals.__required_keys__
        assert scoped_delta["totals"]["peak_at"] is None

    started = await client.post(
        f"{API}/seminars/{seminar.id}/agenda/{item.json()['id']}/start", headers=organizer.headers
    )
    assert started.status_code == 200
    check("agenda", await whole.next("agenda", lambda d: d["current"] is not None))
    ended = await client.post(f"{API}/seminars/{seminar.id}/end", headers=organizer.headers)
    assert ended.status_code == 200
    check("seminar", await whole.next("seminar"))
    check("agenda", await whole.next("agenda", lambda d: d["current"] is None))

    for viewer in (whole, scoped):
        assert {event for event, _ in viewer.messages} <= set(LIVE_EVENTS)
        for event, message in viewer.messages:
            check(event, message)
        await viewer.sio.disconnect()


async def test_the_staff_answers_have_their_documented_shape(
    client: httpx.AsyncClient, organizer: Actor, tree_sites: dict[str, Site]
) -> None:
    sites = list(tree_sites.values())
    seminar = await make_live_seminar(client, organizer, sites)
    await report(client, seminar.tokens[sites[0].id], 12)
    attendance = await client.get(
        f"{API}/seminars/{seminar.id}/attendance", headers=organizer.headers
    )
    Attendance.model_validate(attendance.json())
    assert attendance.json()["sites"][0]["coordinator_name"] == "A"
    timeline = await client.get(
        f"{API}/seminars/{seminar.id}/attendance/timeline",
        params={"per_site": True},
        headers=organizer.headers,
    )
    AttendanceTimeline.model_validate(timeline.json())
    assert timeline.json()["points"][-1]["headcount"] == 12
