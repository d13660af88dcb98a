"""Prometheus metrics of the live side (``/metrics``, behind ``DIEMCAU_METRICS_ENABLED``).

Each app owns its registry (tests build many apps in one process). With metrics off the
hot path calls the no-op ``NullMetrics``: one attribute lookup and an empty call.
Figures are per process; several workers each expose their own.
"""

from typing import TYPE_CHECKING

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

if TYPE_CHECKING:
    from fastapi import FastAPI

# Outcomes of a headcount report, as counted.
REPORT_OUTCOMES = ("applied", "stale", "repeated", "refused", "failed")
CONNECTION_KINDS = ("view", "site")
# Report received → its change emitted to the views (coalescing alone adds up to 0.25 s).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class NullMetrics:
    """Metrics switched off: every hook does nothing."""

    enabled = False

    def report(self, outcome: str, count: int = 1) -> None:
        pass

    def connection_opened(self, kind: str) -> None:
        pass

    def connection_closed(self, kind: str) -> None:
        pass

    def broadcast_latency(self, seconds: float) -> None:
        pass


class LiveMetrics(NullMetrics):
    """The live side's counters, gauge and histogram in one registry."""

    enabled = True

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.reports = Counter(
            "diemcau_headcount_reports",
            "Headcount reports received, by outcome",
            ["outcome"],
            registry=self.registry,
        )
        self.connections = Gauge(
            "diemcau_socket_connections",
            "Open socket.io connections on /live (view: a display or dashboard; site: a "
            "site page marking its presence)",
            ["kind"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "diemcau_report_broadcast_latency_seconds",
            "From a headcount report reaching the server to its change being broadcast",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        # Pre-create the labelled series so that they show (at 0) from the start.
        self._reports = {outcome: self.reports.labels(outcome) for outcome in REPORT_OUTCOMES}
        self._connections = {kind: self.connections.labels(kind) for kind in CONNECTION_KINDS}

    def report(self, outcome: str, count: int = 1) -> None:
        self._reports[outcome].inc(count)

    def connection_opened(self, kind: str) -> None:
        self._connections[kind].inc()

    def connection_closed(self, kind: str) -> None:
        self._connections[kind].dec()

    def broadcast_latency(self, seconds: float) -> None:
        self.latency.observe(seconds)

    def exposition(self) -> tuple[bytes, str]:
        """The text exposition format and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


def make_metrics(enabled: bool) -> NullMetrics:
    return LiveMetrics() if enabled else NullMetrics()


def install_metrics(app: "FastAPI") -> None:
    """Serve ``/metrics`` (outside the API and its schema) from the app's live metrics.

    Only called when the setting is on; otherwise ``/metrics`` answers 404.
    """
    from fastapi import Response

    metrics = app.state.live.metrics

    @app.get("/metrics", include_in_schema=False)
    def prometheus_metrics() -> Response:
        body, content_type = metrics.exposition()
        return Response(body, media_type=content_type)
