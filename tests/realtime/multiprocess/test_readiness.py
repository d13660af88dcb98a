"""Readiness across processes: a check sent to one process reaches the organizers' staff
view on the other at once; the public view there gets the counts, never the row."""

import json
import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.models import SiteLevel
from tests.conftest import Actor
from tests.factories import API, create_seminar, create_site, invite, site_headers
from tests.faults.conftest import DiemcauServer
from tests.realtime.multiprocess.test_two_processes import started
from tests.realtime.viewer import Socket


async def test_a_check_on_one_process_reaches_the_staff_view_on_the_other(
    pair: list[DiemcauServer],
    https: list[httpx.AsyncClient],
    client: httpx.AsyncClient,
    organizer: Actor,
    session: AsyncSession,
) -> None:
    province = await create_site(session, "QN", "Tỉnh Quảng Ninh", level=SiteLevel.province)
    commune = await create_site(session, "QN1", "Xã Cô Tô", parent=province)
    commune.coordinator_phone = "0203 111 222"
    await session.commit()
    seminar = await create_seminar(client, organizer, "published")
    tokens = await invite(client, organizer, seminar["id"], [province.id, commune.id])
    await started(pair, https)
    _a, b = pair
    sid = seminar["id"]
    staff = await Socket().connect(b.url, {"access_token": organizer.token, "seminar_id": sid})
    public = await Socket().connect(b.url, {"seminar_id": sid})
    try:
        await staff.got("snapshot")
        await public.got("snapshot")
        sent = await https[0].post(
            f"{API}/site/techcheck",
            json={
                "video": "problem",
                "audio": "ok",
                "network": "ok",
                "note": "Máy chiếu hỏng",
                "request_id": str(uuid.uuid4()),
            },
            headers=site_headers(tokens[commune.id]),
        )
        assert sent.status_code == 200, sent.text
        await staff.got("readiness")
        (event,) = staff.events("readiness")
        assert event["site"]["site_id"] == commune.id
        assert event["site"]["readiness"] == "problem"
        await public.got("attendance")
        assert public.events("attendance")[-1]["totals"]["sites_problem"] == 1
        wire = json.dumps(public.received, ensure_ascii=False)
        assert "readiness" not in [name for name, _ in public.received]
        assert "0203 111 222" not in wire and "Máy chiếu hỏng" not in wire
    finally:
        await staff.close()
        await public.close()
