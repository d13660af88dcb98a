"""A viewer process of bench/national.py: scoped displays and site pages on one server.

Each socket is ``(key, auth)``: a display connects with ``{"seminar_id", "scope"}`` and
keeps the scope's totals from ``snapshot`` and ``attendance``; a site page connects with
``{"site_token"}`` and keeps the seminar's totals from ``totals``. ``key`` names whose
headcount the socket shows (a scope's site id, or "seminar").

Driven over a pipe by the orchestrator:
  ("start",)              forget what was recorded, count frames from now
  ("stop",)               → {"frames", "display_frames", "site_frames", "rows", "connected"}
  ("latency", probes)     probes = [(key, threshold)] → per probe (the latest time a socket
                          of that key first showed a headcount ≥ threshold, or None when
                          none of mine has that key; how many of them never showed it)
  ("quit",)
Headcounts only grow while probes run, so "first ≥ threshold" is when a socket showed it.
"""

import asyncio
import bisect
import time
from array import array
from typing import Any

import socketio
from _common import CLIENT_CORE, pin_to
from _viewers import _Fastjson

NS = "/live"


class Counters:
    def __init__(self) -> None:
        self.recording = False
        self.display_frames = 0
        self.site_frames = 0
        self.rows = 0


class Socket:
    __slots__ = ("auth", "c", "display", "key", "sio", "times", "values")

    def __init__(self, key: Any, auth: dict, c: Counters) -> None:
        self.key, self.auth, self.c = key, auth, c
        self.display = "scope" in auth
        self.sio = socketio.AsyncClient(reconnection=False, json=_Fastjson)
        self.times, self.values = array("d"), array("l")
        if self.display:
            self.sio.on("snapshot", self.on_totals, namespace=NS)
            self.sio.on("attendance", self.on_totals, namespace=NS)
        else:
            self.sio.on("totals", self.on_totals, namespace=NS)

    async def on_totals(self, data: dict[str, Any]) -> None:
        t = time.monotonic()
        c = self.c
        if c.recording:
            if self.display:
                c.display_frames += 1
                c.rows += len(data.get("sites") or ())
            else:
                c.site_frames += 1
        totals = data.get("totals")
        if totals is not None:
            self.times.append(t)
            self.values.append(int(totals["headcount"]))

    def first_seen(self, threshold: int) -> float | None:
        i = bisect.bisect_left(self.values, threshold)
        return self.times[i] if i < len(self.values) else None


async def _main(conn: Any, url: str, sockets: list[tuple[Any, dict]]) -> None:
    loop = asyncio.get_running_loop()
    c = Counters()
    views = [Socket(key, auth, c) for key, auth in sockets]
    gate = asyncio.Semaphore(16)
    failures: list[str] = []

    async def connect(v: Socket) -> None:
        async with gate:
            try:
                await v.sio.connect(
                    url, namespaces=[NS], auth=v.auth, transports=["websocket"], wait_timeout=120
                )
            except Exception as exc:
                failures.append(repr(exc))

    t0 = time.monotonic()
    await asyncio.gather(*(connect(v) for v in views))
    conn.send(
        {
            "connected": len(views) - len(failures),
            "failures": failures[:3],
            "connect_s": time.monotonic() - t0,
        }
    )
    while True:
        cmd = await loop.run_in_executor(None, conn.recv)
        if cmd[0] == "start":
            c.display_frames = c.site_frames = c.rows = 0
            for v in views:
                v.times, v.values = array("d"), array("l")
            c.recording = True
            conn.send("ok")
        elif cmd[0] == "stop":
            c.recording = False
            conn.send(
                {
                    "frames": c.display_frames + c.site_frames,
                    "display_frames": c.display_frames,
                    "site_frames": c.site_frames,
                    "rows": c.rows,
                    "connected": sum(1 for v in views if v.sio.connected),
                }
            )
        elif cmd[0] == "latency":
            by_key: dict[Any, list[Socket]] = {}
            for v in views:
                by_key.setdefault(v.key, []).append(v)
            out: list[tuple[float | None, int]] = []
            for key, threshold in cmd[1]:
                worst, missing = None, 0
                for v in by_key.get(key, ()):
                    t = v.first_seen(threshold)
                    if t is None:
                        missing += 1
                    elif worst is None or t > worst:
                        worst = t
                out.append((worst, missing))
            conn.send(out)
        elif cmd[0] == "quit":
            await asyncio.gather(*(v.sio.disconnect() for v in views), return_exceptions=True)
            conn.send("bye")
            return


def run(conn: Any, url: str, sockets: list[tuple[Any, dict]]) -> None:
    """Process entry point (pinned to the client core)."""
    pin_to(CLIENT_CORE)
    try:
        import uvloop

        uvloop.run(_main(conn, url, sockets))
    except ImportError:
        asyncio.run(_main(conn, url, sockets))
