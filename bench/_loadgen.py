"""Open-loop headcount load from simulated sites (raw HTTP/1.1 keep-alive, client core).

Requests are due at fixed times (rate r: one every 1/r s, whatever the answers); each
is measured from its due time, so a slow server cannot hide behind a slow generator
(no coordinated omission). Every site sends increasing headcounts (base, base+1, …), so
a viewer showing value ≥ k for a site has seen that site's report k (or a later one).
Bounded: a step stops after its duration, unanswered requests are given ``drain_s``,
and at most ``max_backlog`` requests may wait for a free connection (the rest are
counted as "not sent").
"""

import asyncio
import contextlib
import json
import random
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from _common import CLIENT_CORE, core_busy_seconds, pin_to, proc_cpu_seconds

PATH = "/api/v1/site/headcount"


class Conn:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def post(self, head: bytes, body: bytes) -> int:
        self.writer.write(head + body)
        status_line = await self.reader.readuntil(b"\r\n\r\n")
        status = int(status_line[9:12])
        lower = status_line.lower()
        i = lower.find(b"content-length:")
        length = int(lower[i + 15 : lower.find(b"\r\n", i)]) if i >= 0 else 0
        if length:
            await self.reader.readexactly(length)
        return status


async def _main(conn: Any, params: dict) -> None:
    host = params["host"]
    # Several server processes: site i reports to ports[i % n] over its own pool.
    ports: list[int] = params.get("ports") or [params["port"]]
    server_pids: list[int] = params.get("server_pids") or [params["server_pid"]]
    tokens: list[tuple[int, str]] = params["tokens"]  # (site id, token)
    probes = set(params["probes"])
    base = params["base"]
    per_port = max(1, params["conns"] // len(ports))
    conns: list[Conn] = []
    pools: list[asyncio.Queue[Conn]] = []
    for p in ports:
        pool: asyncio.Queue[Conn] = asyncio.Queue()
        for _ in range(per_port):
            c = Conn(*await asyncio.open_connection(host, p))
            conns.append(c)
            pool.put_nowait(c)
        pools.append(pool)
    seq = [base] * len(tokens)
    rng = random.Random(params.get("seed", 1))
    probe_idx = [i for i, (sid, _t) in enumerate(tokens) if sid in probes]
    probe_share = params.get("probe_share", 0.0)

    def pick() -> int:
        if probe_idx and rng.random() < probe_share:
            return rng.choice(probe_idx)
        return rng.randrange(len(tokens))

    run_id = uuid.uuid4().hex[:8]
    counter = 0
    steps_out = []
    max_value = base

    replacements: list[asyncio.Future[None]] = []

    async def reconnect(idle: asyncio.Queue[Conn], port: int) -> None:
        with contextlib.suppress(OSError):
            idle.put_nowait(Conn(*await asyncio.open_connection(host, port)))

    for rate, duration in params["steps"]:
        acks: list[tuple[float, float, int]] = []  # (due, answered, status)
        probe_reports: list[tuple[int, int, float, float]] = []
        errors = 0
        not_sent = 0
        inflight: set[asyncio.Task[None]] = set()
        waiting = 0

        async def send(due: float, site_index: int) -> None:
            nonlocal counter, errors, waiting, max_value
            site_id, token = tokens[site_index]
            idle, port = pools[site_index % len(ports)], ports[site_index % len(ports)]
            value = seq[site_index]
            seq[site_index] += 1
            max_value = max(max_value, value)
            counter += 1
            waiting += 1
            c = await idle.get()
            waiting -= 1
            body = json.dumps(
                {
                    "headcount": value,
                    "request_id": f"{run_id}-{counter}",
                    "reported_at": datetime.now(UTC).isoformat(),
                }
            ).encode()
            head = (
                f"POST {PATH} HTTP/1.1\r\nHost: {host}\r\nX-Site-Token: {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode()
            try:
                status = await c.post(head, body)
            except asyncio.CancelledError:
                # abandoned at the end of a step: replace the connection, keep the pool whole
                c.writer.close()
                replacements.append(asyncio.ensure_future(reconnect(idle, port)))
                raise
            except Exception:
                errors += 1
                try:
                    c = Conn(*await asyncio.open_connection(host, port))
                except OSError:
                    return
                idle.put_nowait(c)
                return
            idle.put_nowait(c)
            t = time.monotonic()
            acks.append((due, t, status))  # noqa: B023 - awaited within the step
            if site_id in probes and 200 <= status < 300:
                probe_reports.append((site_id, value, due, t))  # noqa: B023

        cpu0 = sum(map(proc_cpu_seconds, server_pids))
        busy0, total0 = core_busy_seconds(CLIENT_CORE)
        start = time.monotonic()
        end = start + duration
        sent = 0
        while True:
            t = time.monotonic()
            if t >= end:
                break
            due_count = int((t - start) * rate) + 1 - sent
            for _ in range(due_count):
                due = start + sent / rate
                sent += 1
                if waiting > params["max_backlog"]:
                    not_sent += 1
                    continue
                task = asyncio.get_running_loop().create_task(send(due, pick()))
                inflight.add(task)
                task.add_done_callback(inflight.discard)
            await asyncio.sleep(0.001)
        cpu1 = sum(map(proc_cpu_seconds, server_pids))
        busy1, total1 = core_busy_seconds(CLIENT_CORE)
        if inflight:
            await asyncio.wait(set(inflight), timeout=params["drain_s"])
        for task in list(inflight):
            task.cancel()
        ok_in_window = sum(1 for _d, a, s in acks if 200 <= s < 300 and a <= end)
        steps_out.append(
            {
                "rate": rate,
                "duration": duration,
                "start": start,
                "end": end,
                "offered": sent,
                "not_sent": not_sent,
                "ok": sum(1 for _d, _a, s in acks if 200 <= s < 300),
                "ok_in_window": ok_in_window,
                "non_2xx": sum(1 for _d, _a, s in acks if not 200 <= s < 300),
                "errors": errors,
                "unanswered": len(inflight),
                "ack_latency": [a - d for d, a, s in acks if 200 <= s < 300],
                "probes": probe_reports,
                "server_cpu": (cpu1 - cpu0) / duration,
                "client_core": (busy1 - busy0) / max(1e-9, total1 - total0),
            }
        )
        await asyncio.sleep(params["pause_s"])
        if replacements:
            await asyncio.wait(replacements, timeout=10)
            replacements.clear()
    for c in conns:
        c.writer.close()
    conn.send({"steps": steps_out, "max_value": max_value})


def run(conn: Any, params: dict) -> None:
    """Process entry point."""
    pin_to(CLIENT_CORE)
    try:
        import uvloop

        uvloop.run(_main(conn, params))
    except ImportError:
        asyncio.run(_main(conn, params))
