"""Baseline (b): a bare python-socketio server broadcasting the same payload.

Every connected client of namespace /live joins one room; the server emits an
``attendance`` message (totals + ``rows`` site rows, the shape the app sends) to that
room ``rate`` times per second. Each message carries ``seq`` and ``t`` (CLOCK_MONOTONIC
at emit), so clients on the same machine measure the fan-out latency.

    python bench/baseline_sio.py --fd N --rows 60 --rate 4
    python bench/baseline_sio.py --fd N --redis redis://127.0.0.1:6379/0 [--no-broadcast]

With ``--redis`` the server uses socket.io's AsyncRedisManager, so several of these
processes share the room: run one broadcasting and the others with ``--no-broadcast``.
"""

import argparse
import asyncio
import time

import socketio
import uvicorn

from app.realtime import fastjson  # the same encoder as the app, so the payload costs alike

NS = "/live"


def make_app(
    rows: int, rate: float, redis_url: str | None = None, broadcast: bool = True
) -> socketio.ASGIApp:
    manager = socketio.AsyncRedisManager(redis_url) if redis_url else None
    sio = socketio.AsyncServer(
        async_mode="asgi",
        client_manager=manager,
        json=fastjson,
        cors_allowed_origins=[],
        http_compression=False,
    )
    sites = [
        {
            "id": 1000 + i,
            "code": f"DC{i:05d}",
            "name": f"Điểm cầu xã Đồng Tâm số {i:05d}",
            "status": "checked_in",
            "headcount": 1234,
            "own_headcount": 1234,
            "peak_headcount": 1300,
            "is_main": False,
            "parent_id": None,
            "children": 0,
        }
        for i in range(rows)
    ]
    totals = {
        "sites_invited": 12000,
        "sites_registered": 12000,
        "sites_connected": 12000,
        "headcount": 123456,
        "peak_headcount": 130000,
        "peak_at": "2026-07-19T01:00:00+00:00",
        "expected_attendance": 360000,
    }
    state = {"task": None}

    async def broadcaster() -> None:
        seq = 0
        while True:
            await asyncio.sleep(1 / rate)
            seq += 1
            message = {"version": seq, "seq": seq, "t": time.monotonic(), "totals": totals}
            message["sites"] = sites
            await sio.emit("attendance", message, room="view", namespace=NS)

    @sio.on("connect", namespace=NS)
    async def connect(sid, _environ, _auth=None):  # type: ignore[no-untyped-def]
        await sio.enter_room(sid, "view", namespace=NS)
        if broadcast and state["task"] is None:
            state["task"] = asyncio.get_running_loop().create_task(broadcaster())

    return socketio.ASGIApp(sio, socketio_path="socket.io")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--fd", type=int)
    p.add_argument("--port", type=int, default=8002)
    p.add_argument("--rows", type=int, default=60)
    p.add_argument("--rate", type=float, default=4.0)
    p.add_argument("--redis", help="AsyncRedisManager on this URL (several processes)")
    p.add_argument("--no-broadcast", action="store_true", help="only serve viewers")
    a = p.parse_args()
    app = make_app(a.rows, a.rate, a.redis, not a.no_broadcast)
    uvicorn.run(app, fd=a.fd, port=a.port, log_level="info")
