"""Prometheus metrics at /metrics: off by default (404), and when on, the counters,
the connection gauge and the report → broadcast latency move with real traffic."""

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.core.metrics import NullMetrics
from app.sites.models import Site
from tests.conftest import Actor, LiveServer
from tests.factories import create_site
from tests.realtime.conftest import make_live_seminar
from tests.realtime.viewer import Viewer
from tests.reports.conftest import report


def sample(text: str, name: str, labels: str = "") -> float:
    match = re.search(rf"^{re.escape(name + labels)} (\S+)$", text, re.MULTILINE)
    assert match, (name, labels)
    return float(match.group(1))


async def test_metrics_are_off_by_default(client: httpx.AsyncClient, app: FastAPI) -> None:
    assert isinstance(app.state.live.metrics, NullMetrics)
    assert not app.state.live.metrics.enabled
    assert (await client.get("/metrics")).status_code == 404
    assert "/metrics" not in app.openapi()["paths"]


class TestMetricsOn:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"metrics_enabled": True})

    @pytest.fixture
    async def flat_sites(self, session: AsyncSession) -> list[Site]:
        return [await create_site(session, f"M{i}", f"Chi bộ {i}") for i in range(2)]

    async def test_reports_connections_and_latency_are_measured(
        self,
        live_server: LiveServer,
        client: httpx.AsyncClient,
        organizer: Actor,
        flat_sites: list[Site],
    ) -> None:
        empty = await client.get("/metrics")
        assert empty.status_code == 200
        assert empty.headers["content-type"].startswith("text/plain")
        assert sample(empty.text, "diemcau_headcount_reports_total", '{outcome="applied"}') == 0

        seminar = await make_live_seminar(client, organizer, flat_sites[:2])
        viewer = await Viewer().connect(live_server.url, {"seminar_id": seminar.id})
        first, _second = seminar.tokens.values()
        assert (await report(client, first, 12, rid="r-1")).json()["applied"] is True
        assert (await report(client, first, 12, rid="r-1")).status_code == 200  # repeated
        old = datetime.now(UTC) - timedelta(hours=1)
        assert (await report(client, first, 3, at=old)).json()["stale"] is True
        assert (await report(client, "not-a-token", 5)).status_code == 401
        await viewer.wait_for(lambda v: v.totals.get("headcount") == 12)

        text = (await client.get("/metrics")).text
        reports = "diemcau_headcount_reports_total"
        assert sample(text, reports, '{outcome="applied"}') == 1
        assert sample(text, reports, '{outcome="repeated"}') == 1
        assert sample(text, reports, '{outcome="stale"}') == 1
        assert sample(text, reports, '{outcome="refused"}') == 1
        assert sample(text, reports, '{outcome="failed"}') == 0
        assert sample(text, "diemcau_socket_connections", '{kind="view"}') == 1
        assert sample(text, "diemcau_socket_connections", '{kind="site"}') == 0
        latency = "diemcau_report_broadcast_latency_seconds"
        assert sample(text, latency + "_count") >= 1
        assert 0 < sample(text, latency + "_sum") < 10
        await viewer.disconnect()
