"""A technical check reaches the organizers' staff views at once (event ``readiness``
with the board row); public views and site pages get the counts only, never a phone."""

import json
import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.models import SiteLevel
from tests.conftest import Actor, LiveServer
from tests.factories import API, create_seminar, create_site, invite, site_headers
from tests.realtime.viewer import Socket

PHONE = "0987 654 321"


async def test_a_check_reaches_staff_views_and_public_views_get_counts_only(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    province = await create_site(session, "T", "Tỉnh Hà Nam", level=SiteLevel.province)
    commune = await create_site(session, "X", "Xã Kim Bảng", parent=province)
    commune.coordinator_name, commune.coordinator_phone = "Anh Tuấn", PHONE
    await session.commit()
    seminar = await create_seminar(client, organizer, "published")
    tokens = await invite(client, organizer, seminar["id"], [province.id, commune.id])
    url, sid = live_server.url, seminar["id"]
    staff = await Socket().connect(url, {"access_token": organizer.token, "seminar_id": sid})
    public = await Socket().connect(url, {"seminar_id": sid})
    page = await Socket().connect(url, {"site_token": tokens[province.id]})
    try:
        await staff.got("snapshot")
        await public.got("snapshot")
        sent = await client.post(
            f"{API}/site/techcheck",
            json={
                "video": "ok",
                "audio": "problem",
                "network": "ok",
                "note": "Loa rè",
                "rtt_ms": 120,
                "request_id": str(uuid.uuid4()),
            },
            headers=site_headers(tokens[commune.id]),
        )
        assert sent.status_code == 200, sent.text

        await staff.got("readiness")
        (event,) = staff.events("readiness")
        assert event["site"]["site_id"] == commune.id
        assert event["site"]["readiness"] == "problem"
        assert event["site"]["coordinator_phone"] == PHONE
        assert event["site"]["rtt_ms"] == 120

        # The public view's figures follow (counts only), and nothing personal reaches it.
        def problem_counted(name: str, data: dict) -> bool:
            return name == "attendance" and data["totals"]["sites_problem"] == 1

        await public.got("attendance")
        assert any(problem_counted(n, d) for n, d in public.received)
        await page.got("totals")
        for socket in (public, page):
            assert socket.events("readiness") == []
            wire = json.dumps(socket.received, ensure_ascii=False)
            assert PHONE not in wire and "Loa rè" not in wire and "Anh Tuấn" not in wire
    finally:
        for socket in (staff, public, page):
            await socket.close()
