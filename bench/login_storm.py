"""Login storm benchmark: /health and headcount acknowledgements while logins fail en masse.

    .venv/bin/python bench/login_storm.py               # 8 s per phase
    .venv/bin/python bench/login_storm.py --seconds 20

Serves the app (``diemcau serve --fd N``, SQLite in a temporary directory, one live
seminar with 60 checked-in sites, built by bench/_setup.py) and probes it from one
client: a ``GET /api/v1/health`` and a ``POST /api/v1/site/headcount`` every 50 ms
(each waits for the previous answer). Phases:

- idle: the probes alone;
- storm, one address: waves of 50 parallel wrong passwords for one account from
  127.0.0.1 (the issue's storm; the throttle refuses all but the free failures);
- storm, 50 addresses: 50 clients, each bound to its own 127.0.1.x, send wrong passwords
  for unknown accounts back to back, so every attempt spends an argon2 check (the
  per-address limit allows 20 failures each; the hashing pool is the bottleneck).

Prints p50/p99/max latency of each probe per phase and the login answers by status.
"""

import argparse
import asyncio
import multiprocessing as mp
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from _common import percentile  # noqa: E402
from _setup import build, migrate  # noqa: E402

from app.core.config import Settings  # noqa: E402

API = "/api/v1"
ACCOUNT = "bench@example.vn"  # the organizer bench/_setup.py creates
PROBE_INTERVAL_S = 0.05
STORM = 50


async def probe(base: str, token: str, until: float, lat: dict[str, list[float]]) -> None:
    """Health and a headcount report every PROBE_INTERVAL_S until ``until``."""
    headcount = int(time.time()) % 1000  # increasing within a run
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        while time.monotonic() < until:
            tick = time.monotonic()
            r = await c.get(f"{API}/health")
            lat["health"].append(time.monotonic() - tick)
            assert r.status_code == 200, r.text
            headcount += 1
            t = time.monotonic()
            r = await c.post(
                f"{API}/site/headcount",
                json={
                    "headcount": headcount,
                    "request_id": str(uuid.uuid4()),
                    "reported_at": datetime.now(UTC).isoformat(),
                },
                headers={"X-Site-Token": token},
            )
            lat["ack"].append(time.monotonic() - t)
            assert r.status_code == 200, r.text
            await asyncio.sleep(max(0.0, PROBE_INTERVAL_S - (time.monotonic() - tick)))


async def storm_one_address(base: str, until: float, answers: Counter) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        while time.monotonic() < until:
            wave = await asyncio.gather(
                *(
                    c.post(f"{API}/auth/token", data={"username": ACCOUNT, "password": f"x{i}"})
                    for i in range(STORM)
                )
            )
            answers.update(r.status_code for r in wave)


async def storm_many_addresses(base: str, until: float, answers: Counter) -> None:
    async def one(n: int) -> None:
        transport = httpx.AsyncHTTPTransport(local_address=f"127.0.1.{n + 1}")
        async with httpx.AsyncClient(base_url=base, timeout=60, transport=transport) as c:
            i = 0
            while time.monotonic() < until:
                i += 1
                r = await c.post(
                    f"{API}/auth/token",
                    data={"username": f"khong-co-{n}-{i}@example.vn", "password": "123456"},
                )
                answers[r.status_code] += 1

    await asyncio.gather(*(one(n) for n in range(STORM)))


def _storm_process(storm_name: str, base: str, seconds: float, out: "mp.Queue") -> None:
    answers: Counter = Counter()
    storm = {"one": storm_one_address, "many": storm_many_addresses}[storm_name]
    asyncio.run(storm(base, time.monotonic() + seconds, answers))
    out.put(dict(answers))


def phase(name: str, base: str, token: str, seconds: float, storm: str | None) -> dict:
    """The probes in this process; the storm, if any, in another (its client work must not
    delay the probes' own event loop)."""
    lat: dict[str, list[float]] = {"health": [], "ack": []}
    answers: dict = {}
    worker = None
    if storm is not None:
        out: mp.Queue = mp.Queue()
        worker = mp.Process(target=_storm_process, args=(storm, base, seconds, out))
        worker.start()
    asyncio.run(probe(base, token, time.monotonic() + seconds, lat))
    if worker is not None:
        answers = out.get(timeout=120)
        worker.join()
    return {"phase": name, "lat": lat, "answers": answers}


def row(result: dict) -> str:
    cells = []
    for kind in ("health", "ack"):
        values = result["lat"][kind]
        p50, p99 = percentile(values, 50), percentile(values, 99)
        cells.append(f"{p50 * 1000:6.1f} {p99 * 1000:7.1f} {max(values) * 1000:7.1f}")
    answers = " ".join(f"{k}×{v}" for k, v in sorted(result["answers"].items())) or "-"
    return f"| {result['phase']:<20} | {' | '.join(cells)} | {answers} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each phase")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="diemcau-login-storm-") as tmp:
        settings = Settings(
            _env_file=None,
            database_url=f"sqlite+aiosqlite:///{tmp}/bench.db",
            data_dir=Path(tmp) / "files",
        )
        migrate(settings)
        _seminar_id, tokens = asyncio.run(build(settings, 60))
        token = next(iter(tokens.values()))

        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(1024)
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        env = {
            **os.environ,
            "DIEMCAU_DATABASE_URL": settings.database_url,
            "DIEMCAU_DATA_DIR": str(settings.data_dir),
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--fd", str(sock.fileno())],
            env=env,
            cwd=ROOT,
            pass_fds=[sock.fileno()],
        )
        sock.close()
        try:
            phase("warm-up", base, token, 1.0, None)
            results = [
                phase("idle", base, token, args.seconds, None),
                phase("storm, one address", base, token, args.seconds, "one"),
                phase("storm, 50 addresses", base, token, args.seconds, "many"),
            ]
        finally:
            server.terminate()
            server.wait(timeout=20)

    print(f"cores: {os.cpu_count()}; {args.seconds:.0f} s per phase; latency in ms")
    print("| phase                | /health p50 p99 max    | headcount ack p50 p99 max | logins |")
    print("|----------------------|------------------------|---------------------------|--------|")
    for result in results:
        print(row(result))


if __name__ == "__main__":
    main()
