"""A viewer process: N python-socketio AsyncClients (websocket) on the client core.

Driven over a multiprocessing pipe by the orchestrator:
  ("start",)            start recording (clears what was recorded)
  ("stop",)             → {"msg_times": [...], "rows": int, "gaps": int, ...}
  ("latency", reports)  reports = [(site_id, value)] → [max over my viewers of the
                        first time each viewer's row showed value ≥ that value, or None]
  ("quit",)             disconnect everyone and exit
In baseline mode (bare socket.io server) each message carries its emit time ``t`` and a
sequence number ``seq``; "stop" then returns {seq: (t, latest arrival, arrivals)}.
"""

import asyncio
import bisect
import time
from array import array
from typing import Any

import socketio
from _common import CLIENT_CORE, pin_to

NS = "/live"


class _Fastjson:
    """orjson for the clients' packet decoding (so the clients are not the bottleneck)."""

    @staticmethod
    def dumps(obj: Any, **_kw: Any) -> str:
        import orjson

        return orjson.dumps(obj).decode()

    @staticmethod
    def loads(data: Any, **_kw: Any) -> Any:
        import orjson

        return orjson.loads(data)


class Shared:
    def __init__(self, probes: set[int]) -> None:
        self.probes = probes
        self.recording = False
        self.msg_times = array("d")
        self.rows = 0
        self.gaps = 0
        self.snapshot_s: list[float] = []
        self.baseline: dict[int, list[float]] = {}  # seq -> [t_emit, last_arrival, count]


class AppViewer:
    __slots__ = ("last", "seen", "sh", "sio", "t_connect", "version")

    def __init__(self, sh: Shared) -> None:
        self.sh = sh
        self.sio = socketio.AsyncClient(reconnection=False, json=_Fastjson)
        self.version: int | None = None
        self.last: dict[int, int] = {}
        self.seen: dict[int, tuple[array, array]] = {}
        self.t_connect = 0.0
        self.sio.on("snapshot", self.on_snapshot, namespace=NS)
        self.sio.on("attendance", self.on_attendance, namespace=NS)

    async def on_snapshot(self, data: dict[str, Any]) -> None:
        t = time.monotonic()
        if self.version is None:
            self.sh.snapshot_s.append(t - self.t_connect)
        self.version = data["version"]
        probes = self.sh.probes
        for row in data["sites"]:
            if row["id"] in probes:
                self.last[row["id"]] = row["own_headcount"]

    async def on_attendance(self, data: dict[str, Any]) -> None:
        t = time.monotonic()
        sh = self.sh
        if self.version is not None and data["version"] != self.version + 1:
            sh.gaps += 1
        self.version = data["version"]
        rows = data["sites"]
        probes = sh.probes
        for row in rows:
            site = row["id"]
            if site in probes:
                value = row["own_headcount"]
                if value > self.last.get(site, -1):
                    self.last[site] = value
                    if sh.recording:
                        pair = self.seen.get(site)
                        if pair is None:
                            pair = self.seen[site] = (array("l"), array("d"))
                        pair[0].append(value)
                        pair[1].append(t)
        if sh.recording:
            sh.msg_times.append(t)
            sh.rows += len(rows)

    def first_seen(self, site: int, value: int) -> float | None:
        pair = self.seen.get(site)
        if pair is None:
            return None
        i = bisect.bisect_left(pair[0], value)
        return pair[1][i] if i < len(pair[0]) else None


class BaselineViewer:
    __slots__ = ("sh", "sio", "t_connect")

    def __init__(self, sh: Shared) -> None:
        self.sh = sh
        self.sio = socketio.AsyncClient(reconnection=False, json=_Fastjson)
        self.t_connect = 0.0
        self.sio.on("attendance", self.on_attendance, namespace=NS)

    async def on_attendance(self, data: dict[str, Any]) -> None:
        t = time.monotonic()
        sh = self.sh
        if not sh.recording:
            return
        sh.msg_times.append(t)
        sh.rows += len(data["sites"])
        entry = sh.baseline.get(data["seq"])
        if entry is None:
            sh.baseline[data["seq"]] = [data["t"], t, 1]
        else:
            entry[1] = max(entry[1], t)
            entry[2] += 1


async def _main(conn: Any, url: str, auth: dict, n: int, probes: list[int], baseline: bool) -> None:
    loop = asyncio.get_running_loop()
    sh = Shared(set(probes))
    cls = BaselineViewer if baseline else AppViewer
    viewers = [cls(sh) for _ in range(n)]
    gate = asyncio.Semaphore(16)
    failures: list[str] = []

    async def connect(v: Any) -> None:
        async with gate:
            v.t_connect = time.monotonic()
            try:
                await v.sio.connect(
                    url, namespaces=[NS], auth=auth, transports=["websocket"], wait_timeout=120
                )
            except Exception as exc:
                failures.append(repr(exc))

    t0 = time.monotonic()
    await asyncio.gather(*(connect(v) for v in viewers))
    if not baseline:  # wait (bounded) for every snapshot
        deadline = time.monotonic() + 120
        while len(sh.snapshot_s) < n - len(failures) and time.monotonic() < deadline:  # noqa: ASYNC110 - bounded poll
            await asyncio.sleep(0.05)
    conn.send(
        {
            "connected": n - len(failures),
            "failures": failures[:3],
            "connect_s": time.monotonic() - t0,
            "snapshot_s": sh.snapshot_s,
        }
    )
    while True:
        cmd = await loop.run_in_executor(None, conn.recv)
        if cmd[0] == "start":
            sh.msg_times = array("d")
            sh.rows = sh.gaps = 0
            sh.baseline = {}
            for v in viewers:
                if not baseline:
                    v.seen = {}
            sh.recording = True
            conn.send("ok")
        elif cmd[0] == "stop":
            sh.recording = False
            conn.send(
                {
                    "msg_times": sh.msg_times.tolist(),
                    "rows": sh.rows,
                    "gaps": sh.gaps,
                    "baseline": sh.baseline,
                    "connected": sum(1 for v in viewers if v.sio.connected),
                }
            )
        elif cmd[0] == "latency":
            out: list[tuple[float | None, int]] = []
            for site, value in cmd[1]:
                worst: float | None = 0.0
                missing = 0
                for v in viewers:
                    t = v.first_seen(site, value)
                    if t is None:
                        missing += 1
                    elif worst is not None and t > worst:
                        worst = t
                out.append((worst, missing))
            conn.send(out)
        elif cmd[0] == "quit":
            await asyncio.gather(*(v.sio.disconnect() for v in viewers), return_exceptions=True)
            conn.send("bye")
            return


def run(conn: Any, url: str, auth: dict, n: int, probes: list[int], baseline: bool) -> None:
    """Process entry point."""
    pin_to(CLIENT_CORE)
    try:
        import uvloop

        uvloop.run(_main(conn, url, auth, n, probes, baseline))
    except ImportError:
        asyncio.run(_main(conn, url, auth, n, probes, baseline))
