"""The check-in storm of bench/national.py: every site checks in, then reports once.

Open loop: site i is due at ``start + i / rate`` whatever the answers, and its check-in
is measured from that due time (waiting for a free connection included, so a slow
server cannot hide behind the generator); its report is sent on the same connection as
soon as the check-in is answered and measured from then. A 503 is sent again after its
Retry-After (as a site page does), a few times, the wait counted in the latency. Site i
talks to
``ports[i % len(ports)]``. Bounded: unanswered requests get ``drain_s`` after the last
due time, then count as unanswered.
"""

import asyncio
import contextlib
import json
import time
from datetime import UTC, datetime
from typing import Any

from _common import CLIENT_CORE, pin_to, proc_cpu_seconds
from _loadgen import Conn

ATTEMPTS = 5  # a site page retries a 503 after its Retry-After, a few times


class RetryConn(Conn):
    """A keep-alive connection that also returns the Retry-After of an answer."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        super().__init__(reader, writer)
        self.peer = writer.get_extra_info("peername")[:2]

    async def send(self, head: bytes, body: bytes) -> tuple[int, float]:
        self.writer.write(head + body)
        try:
            block = await self.reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            # The server closed this idle keep-alive connection (uvicorn: after 5 s):
            # nothing was read, so the request was not taken; send it on a new one.
            self.writer.close()
            self.reader, self.writer = await asyncio.open_connection(*self.peer)
            self.writer.write(head + body)
            block = await self.reader.readuntil(b"\r\n\r\n")
        status = int(block[9:12])
        lower = block.lower()
        i = lower.find(b"content-length:")
        length = int(lower[i + 15 : lower.find(b"\r\n", i)]) if i >= 0 else 0
        if length:
            await self.reader.readexactly(length)
        j = lower.find(b"retry-after:")
        retry = float(lower[j + 12 : lower.find(b"\r\n", j)]) if j >= 0 else 1.0
        return status, min(retry, 5.0)


def _head(path: str, host: str, token: str, length: int) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nX-Site-Token: {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


async def _main(conn: Any, params: dict) -> None:
    host, ports = params["host"], params["ports"]
    tokens: list[tuple[int, str]] = params["tokens"]
    rate: float = params["rate"]
    per_port = max(1, params["conns"] // len(ports))
    pools: list[asyncio.Queue[RetryConn]] = []
    for port in ports:
        pool: asyncio.Queue[RetryConn] = asyncio.Queue()
        for _ in range(per_port):
            pool.put_nowait(RetryConn(*await asyncio.open_connection(host, port)))
        pools.append(pool)
    checkins: list[float] = []
    reports: list[float] = []
    statuses: dict[int, int] = {}
    errors = retries = 0
    failures: list[str] = []
    last_ack = 0.0

    async def attempt(c: RetryConn, head: bytes, body: bytes) -> int:
        """Send until answered other than 503 (after its Retry-After), ATTEMPTS at most."""
        nonlocal retries
        for n in range(ATTEMPTS):
            status, wait = await c.send(head, body)
            statuses[status] = statuses.get(status, 0) + 1
            if status != 503 or n == ATTEMPTS - 1:
                return status
            retries += 1
            await asyncio.sleep(wait)
        return 503

    async def site(i: int, due: float) -> None:
        nonlocal errors, last_ack
        _site_id, token = tokens[i]
        pool, port = pools[i % len(ports)], ports[i % len(ports)]
        c = await pool.get()
        try:
            status = await attempt(c, _head("/api/v1/site/checkin", host, token, 0), b"")
            t1 = time.monotonic()
            if not 200 <= status < 300:
                return
            checkins.append(t1 - due)
            body = json.dumps(
                {
                    "headcount": 10 + i % 51,
                    "request_id": f"storm-{i}",
                    "reported_at": datetime.now(UTC).isoformat(),
                }
            ).encode()
            status = await attempt(c, _head("/api/v1/site/headcount", host, token, len(body)), body)
            t2 = time.monotonic()
            if 200 <= status < 300:
                reports.append(t2 - t1)
                last_ack = max(last_ack, t2)
        except Exception as exc:
            errors += 1
            if len(failures) < 3:
                failures.append(repr(exc))
            c.writer.close()
            with contextlib.suppress(OSError):
                c = RetryConn(*await asyncio.open_connection(host, port))
        finally:
            pool.put_nowait(c)

    cpu0 = sum(map(proc_cpu_seconds, params["server_pids"]))
    start = time.monotonic()
    tasks: set[asyncio.Task[None]] = set()
    sent = 0
    while sent < len(tokens):
        due_count = min(len(tokens), int((time.monotonic() - start) * rate) + 1) - sent
        for _ in range(due_count):
            task = asyncio.get_running_loop().create_task(site(sent, start + sent / rate))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            sent += 1
        await asyncio.sleep(0.002)
    last_due = time.monotonic()
    if tasks:
        await asyncio.wait(set(tasks), timeout=params["drain_s"])
    unanswered = len(tasks)
    for task in list(tasks):
        task.cancel()
    cpu = sum(map(proc_cpu_seconds, params["server_pids"])) - cpu0
    conn.send(
        {
            "sites": len(tokens),
            "rate": rate,
            "offered_s": last_due - start,
            "elapsed_s": max(last_ack, last_due) - start,
            "checkins": checkins,
            "reports": reports,
            "statuses": statuses,
            "errors": errors,
            "retries": retries,
            "failures": failures,
            "unanswered": unanswered,
            "server_cpu_s": cpu,
        }
    )


def run(conn: Any, params: dict) -> None:
    """Process entry point (pinned to the client core)."""
    pin_to(CLIENT_CORE)
    try:
        import uvloop

        uvloop.run(_main(conn, params))
    except ImportError:
        asyncio.run(_main(conn, params))
