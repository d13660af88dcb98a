"""Attendance benchmark: headcount reports → every viewer, against two bare baselines.

    .venv/bin/python bench/attendance.py            # full: S ∈ {60, 12000} × V ∈ {100, 1000}
    .venv/bin/python bench/attendance.py --quick    # S=60, V=100, short steps (< 3 min)
    make bench

Two modes in one run (``--modes``): one ``diemcau serve`` on SQLite, and two on PostgreSQL +
Redis started by scripts/cluster.py (skipped when their binaries are missing), measured in
two layouts (``--cluster-layouts``): "spread" (viewers and reports over both processes) and
"a-to-b" (every report to process A, every viewer on process B). The socket.io baseline
runs as one process, and as two behind AsyncRedisManager for the two-process mode.

The server under test (``diemcau serve --fd N`` on SQLite in a temporary directory) and
both baselines run pinned to core 0 (``taskset -c 0``); every load generator, viewer
process and wrk run pinned to core 1. See bench/README section in the top README.

Per (S, V): V python-socketio AsyncClients (websocket) watch the whole seminar; an
open-loop generator (bench/_loadgen.py) sends reports at 500, 1000, 2000, 4000/s; then
wrk (bench/report.lua, closed loop, 256 connections) finds the maximum rate. Latency
"report → all viewers" = time from a report's due send time until the LAST viewer's
received rows show that site at that headcount or a later one (values only increase).
"""

import argparse
import asyncio
import json
import math
import multiprocessing as mp
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "scripts"))

import cluster as _cluster  # noqa: E402 - scripts/cluster.py: start/stop PostgreSQL, Redis
from _common import (  # noqa: E402
    CLIENT_CORE,
    SERVER_CORE,
    core_busy_seconds,
    percentile,
    pin_to,
    proc_cpu_seconds,
    proc_mem_mb,
)
from _report import (  # noqa: E402
    ms,
    print_case,
    print_summary,
)

PY = sys.executable
DIEMCAU = str(Path(PY).parent / "diemcau")
WRK = shutil.which("wrk")
# After the last report: time for the last coalesced message to reach every viewer.
TAIL_S = float(os.environ.get("BENCH_TAIL_S", "1.0"))
PYSPY = shutil.which("py-spy") or (
    str(Path(PY).parent / "py-spy") if (Path(PY).parent / "py-spy").exists() else None
)

_children: list[subprocess.Popen] = []
_workers: list[mp.Process] = []
_cluster_objects: list[Any] = []  # scripts/cluster.py Clusters (PostgreSQL, Redis)


# --- process management -----------------------------------------------------------------


def _taskset(core: int | str) -> list[str]:
    return ["taskset", "-c", str(core)] if shutil.which("taskset") else []


def start_server(
    argv: list[str], env: dict[str, str], log: Path, cwd: Path, core: int | str = SERVER_CORE
) -> tuple[Any, int]:
    """Start a server pinned to ``core`` on an already-listening socket (--fd)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(4096)
    port = sock.getsockname()[1]
    fd = sock.fileno()
    proc = subprocess.Popen(
        [*_taskset(core), *argv, "--fd", str(fd)],
        pass_fds=(fd,),
        env={**os.environ, **env},
        cwd=cwd,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _children.append(proc)
    sock.close()  # the child holds its own copy
    return proc, port


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)  # its own session: only what we started
        except ProcessLookupError:
            return
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def cleanup() -> None:
    for w in _workers:
        if w.is_alive():
            w.terminate()
            w.join(3)
            if w.is_alive():
                w.kill()
    for p in _children:
        stop(p)
    for c in _cluster_objects:
        c.stop()


def wait_http(port: int, path: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} (see its log)")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"server on port {port} not ready after {timeout}s")
        time.sleep(0.1)


def spawn(target: Any, *args: Any) -> tuple[mp.Process, Any]:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=target, args=(child, *args), daemon=True)
    proc.start()
    _workers.append(proc)
    return proc, parent


def recv(conn: Any, timeout: float, what: str) -> Any:
    if not conn.poll(timeout):
        raise RuntimeError(f"no answer from {what} within {timeout:.0f}s")
    return conn.recv()


# --- measurements -----------------------------------------------------------------------


async def _raw_snapshot(port: int, seminar_id: int) -> tuple[float, int]:
    """Connect→snapshot over a raw engine.io websocket: time and exact frame size."""
    import aiohttp

    async with aiohttp.ClientSession() as s:
        t0 = time.monotonic()
        async with s.ws_connect(
            f"http://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket", max_msg_size=0
        ) as ws:
            await ws.receive(timeout=30)  # engine.io open
            await ws.send_str("40/live," + json.dumps({"seminar_id": seminar_id}))
            while True:
                msg = await ws.receive(timeout=30)
                if msg.type != aiohttp.WSMsgType.TEXT:
                    raise RuntimeError(f"unexpected frame {msg.type}")
                if msg.data.startswith('42/live,["snapshot"'):
                    return time.monotonic() - t0, len(msg.data.encode())


def measure_snapshots(port: int, seminar_id: int, n: int) -> list[tuple[float, int]]:
    return [asyncio.run(_raw_snapshot(port, seminar_id)) for _ in range(n)]


def run_wrk(port: int, tokens_file: Path, seconds: int, conns: int) -> dict[str, Any]:
    """Closed loop at maximum rate; 2xx per second."""
    run_id = f"wrk{random.randrange(1 << 30):x}"
    out = subprocess.run(
        [
            *_taskset(CLIENT_CORE),
            WRK or "wrk",
            "-t1",
            f"-c{conns}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(HERE / "report.lua"),
            f"http://127.0.0.1:{port}/api/v1/site/headcount",
            "--",
            str(tokens_file),
            run_id,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    m = re.search(r"WRK_RESULT (.*)", out.stdout)
    if not m:
        raise RuntimeError(f"wrk failed: {out.stdout}\n{out.stderr}")
    r = {k: int(v) for k, v in (kv.split("=") for kv in m.group(1).split())}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out.stdout)
    r["non_2xx"] = int(non2xx.group(1)) if non2xx else 0
    secs = r["duration_us"] / 1e6
    r["ok_per_s"] = (r["requests"] - r["non_2xx"]) / secs
    return r


def run_python_max(ports: list[int], tokens: list[tuple[int, str]], pids: list[int], secs: int):  # type: ignore[no-untyped-def]
    """Fallback without wrk: the open-loop generator at a rate above the capacity."""
    import _loadgen

    p, conn = spawn(_loadgen.run, _gen_params(ports, tokens, [], 10, pids, [(6000, secs)]))
    res = recv(conn, secs + 60, "load generator")
    p.join(5)
    step = res["steps"][0]
    return {
        "ok_per_s": step["ok_in_window"] / secs,
        "non_2xx": step["non_2xx"],
        "p50_us": (percentile(step["ack_latency"], 50) or 0) * 1e6,
        "p99_us": (percentile(step["ack_latency"], 99) or 0) * 1e6,
    }


def _gen_params(ports, tokens, probes, base, pids, steps, probe_share=0.0):  # type: ignore[no-untyped-def]
    return {
        "host": "127.0.0.1",
        "ports": ports,
        "server_pids": pids,
        "tokens": tokens,
        "probes": probes,
        "probe_share": probe_share,
        "base": base,
        "conns": 512,
        "steps": steps,
        "drain_s": 5.0,
        "pause_s": 0.5,
        "max_backlog": 20000,
        "seed": random.randrange(1 << 30),
    }


def max_rate(  # type: ignore[no-untyped-def]
    ports: list[int], tokens_file: Path, tokens: list, pids: list[int], secs: int, profile
):
    """Closed-loop maximum; with several processes one wrk per process, at once, summed."""
    pid = pids[0]
    cpu0, t0 = sum(map(proc_cpu_seconds, pids)), time.monotonic()
    spy = None
    if profile is not None and PYSPY:
        spy = subprocess.Popen(
            [
                *_taskset(CLIENT_CORE),
                PYSPY,
                "record",
                "-p",
                str(pid),
                "-d",
                str(secs),
                "-r",
                "100",
                "--nonblocking",
                "--format",
                "raw",
                "-o",
                str(profile),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _children.append(spy)
    if not WRK:
        r = run_python_max(ports, tokens, pids, secs)
    elif len(ports) == 1:
        r = run_wrk(ports[0], tokens_file, secs, 256)
    else:
        from concurrent.futures import ThreadPoolExecutor

        conns = 256 // len(ports)
        with ThreadPoolExecutor(len(ports)) as pool:
            each = list(pool.map(lambda p: run_wrk(p, tokens_file, secs, conns), ports))
        r = {
            "ok_per_s": sum(x["ok_per_s"] for x in each),
            "non_2xx": sum(x["non_2xx"] for x in each),
            "p50_us": max(x["p50_us"] for x in each),
            "p99_us": max(x["p99_us"] for x in each),
        }
    r["server_cpu"] = (sum(map(proc_cpu_seconds, pids)) - cpu0) / (time.monotonic() - t0)
    r["tool"] = "wrk" if WRK else "python"
    if spy is not None:
        spy.wait(60)
    return r


def viewer_session(ports: list[int], auth: dict, v: int, probes: list[int], baseline: bool):  # type: ignore[no-untyped-def]
    """Viewer processes; with several server processes, viewer process i watches ports[i % n]."""
    import _viewers

    n_proc = max(len(ports), math.ceil(v / 250))
    n_proc += (-n_proc) % len(ports)  # as many viewer processes on every server process
    sizes = [v // n_proc + (1 if i < v % n_proc else 0) for i in range(n_proc)]
    workers = [
        spawn(_viewers.run, f"http://127.0.0.1:{ports[i % len(ports)]}", auth, n, probes, baseline)
        for i, n in enumerate(sizes)
    ]
    ready = [recv(c, 600, "viewer process") for _p, c in workers]
    return workers, ready


def viewers_cmd(workers: list, cmd: tuple, timeout: float = 120) -> list:
    for _p, c in workers:
        c.send(cmd)
    return [recv(c, timeout, "viewer process") for _p, c in workers]


def viewers_quit(workers: list) -> None:
    viewers_cmd(workers, ("quit",), 60)
    for p, _c in workers:
        p.join(10)


# --- one (S, V) run against the app -----------------------------------------------------


def run_case(
    s: int,
    v: int,
    ports: list[int],
    pids: list[int],
    seminar_id: int,
    tokens: list[tuple[int, str]],
    tokens_file: Path,
    base: int,
    steps: list[tuple[int, float]],
    wrk_s: int,
    profile: Path | None,
    layout: str = "spread",
) -> tuple[dict, int]:
    """One (S, V) case. With two processes, ``layout`` "spread" puts half the viewers and
    half the reports on each; "a-to-b" sends every report to process A and puts every
    viewer on process B (the cross-process path alone)."""
    view_ports, report_ports, report_pids = ports, ports, pids
    if layout == "a-to-b" and len(ports) > 1:
        view_ports, report_ports, report_pids = ports[1:], ports[:1], pids[:1]
    site_ids = [sid for sid, _t in tokens]
    n_probes = min(s, max(12, s // 100))
    probes = site_ids[:: max(1, s // n_probes)][:n_probes]
    probe_share = 0.0 if n_probes * 5 >= s else 0.1
    t0 = time.monotonic()
    workers, ready = viewer_session(view_ports, {"seminar_id": seminar_id}, v, probes, False)
    n_srv = len(view_ports)
    connected = sum(r["connected"] for r in ready)
    connect_s = time.monotonic() - t0
    snap_on_connect = [x for r in ready for x in r["snapshot_s"]]
    rss_idle = sum(proc_mem_mb(p)[0] for p in pids)
    print(
        f"  V={v}: {connected}/{v} viewers connected in {connect_s:.1f}s "
        f"(connect→snapshot p50 {1000 * (percentile(snap_on_connect, 50) or 0):.0f} ms, "
        f"p99 {1000 * (percentile(snap_on_connect, 99) or 0):.0f} ms under the connection storm); "
        f"server RSS {rss_idle:.0f} MB"
        + (f"; failures: {ready[0]['failures']}" if connected < v else ""),
        flush=True,
    )
    import _loadgen

    viewers_cmd(workers, ("start",))
    gen, gconn = spawn(
        _loadgen.run,
        _gen_params(report_ports, tokens, probes, base, report_pids, steps, probe_share),
    )
    res = recv(gconn, sum(d for _r, d in steps) + 10 * len(steps) + 60, "load generator")
    gen.join(5)
    time.sleep(TAIL_S)  # the last coalesced message
    stopped = viewers_cmd(workers, ("stop",))
    msg_times = sorted(t for r in stopped for t in r["msg_times"])
    # Per server process: viewers, messages each received, reports some viewer never saw.
    per_proc = [
        {
            "port": view_ports[k],
            "name": chr(65 + ports.index(view_ports[k])),
            "viewers": sum(r["connected"] for i, r in enumerate(ready) if i % n_srv == k),
            "msgs": sum(len(r["msg_times"]) for i, r in enumerate(stopped) if i % n_srv == k),
            "samples": 0,
            "missing": 0,
        }
        for k in range(n_srv)
    ]
    window = sum(d for _r, d in steps)
    rows_total = sum(r["rows"] for r in stopped)
    gaps = sum(r["gaps"] for r in stopped)
    out_steps = []
    for st in res["steps"]:
        sample = st["probes"]
        if len(sample) > 300:
            sample = random.sample(sample, 300)
        answers = viewers_cmd(workers, ("latency", [(site, val) for site, val, _d, _a in sample]))
        lat: list[float] = []
        missing_reports = 0
        for i, (_site, _val, due, _ack) in enumerate(sample):
            worst = max(a[i][0] for a in answers)
            missing = sum(a[i][1] for a in answers)
            for k in range(n_srv):
                per_proc[k]["samples"] += 1
                per_proc[k]["missing"] += any(
                    a[i][1] for j, a in enumerate(answers) if j % n_srv == k
                )
            if missing:
                missing_reports += 1
                lat.append(math.inf)
            else:
                lat.append(worst - due)
        n_msgs = sum(1 for t in msg_times if st["start"] <= t <= st["end"] + 0.3)
        out_steps.append(
            {
                "rate": st["rate"],
                "offered": st["offered"],
                "ok_per_s": st["ok_in_window"] / st["duration"],
                "ok": st["ok"],
                "non_2xx": st["non_2xx"],
                "errors": st["errors"],
                "not_sent": st["not_sent"],
                "unanswered": st["unanswered"],
                "ack_p50": percentile(st["ack_latency"], 50),
                "ack_p99": percentile(st["ack_latency"], 99),
                "view_p50": percentile(lat, 50),
                "view_p95": percentile(lat, 95),
                "view_p99": percentile(lat, 99),
                "view_samples": len(lat),
                "view_missing": missing_reports,
                "msgs_per_viewer_s": n_msgs / max(1, connected) / (st["duration"] + 0.3),
                "server_cpu": st["server_cpu"],
                "client_core": st["client_core"],
            }
        )
    rows_per_msg = rows_total / max(1, len(msg_times))
    # the maximum rate (closed loop), viewers still connected and receiving
    viewers_cmd(workers, ("start",))
    busy0, tot0 = core_busy_seconds(CLIENT_CORE)
    mx = max_rate(report_ports, tokens_file, tokens, pids, wrk_s, profile)
    busy1, tot1 = core_busy_seconds(CLIENT_CORE)
    mx["client_core"] = (busy1 - busy0) / max(1e-9, tot1 - tot0)
    time.sleep(0.5)
    st2 = viewers_cmd(workers, ("stop",))
    mx["msgs_per_viewer_s"] = sum(len(r["msg_times"]) for r in st2) / max(1, connected) / wrk_s
    rss = sum(proc_mem_mb(p)[0] for p in pids)
    hwm = sum(proc_mem_mb(p)[1] for p in pids)
    viewers_quit(workers)
    for pp in per_proc:
        pp["msgs_per_viewer"] = pp.pop("msgs") / max(1, pp["viewers"])
        pp["msgs_per_viewer_s"] = pp["msgs_per_viewer"] / window
    return {
        "S": s,
        "V": v,
        "connected": connected,
        "connect_s": connect_s,
        "steps": out_steps,
        "max": mx,
        "rss": rss,
        "hwm": hwm,
        "gaps": gaps,
        "rows_per_msg": rows_per_msg,
        "probes": len(probes),
        "processes": len(ports),
        "layout": layout if len(ports) > 1 else "",
        "per_process": per_proc,
    }, res["max_value"] + 1


# --- baselines ---------------------------------------------------------------------------


def baseline_http(tmp: Path, tokens_file: Path, tokens: list, secs: int) -> dict:
    log = tmp / "baseline_fastapi.log"
    proc, port = start_server(
        [PY, str(HERE / "baseline_fastapi.py"), "--db", str(tmp / "baseline.db")], {}, log, tmp
    )
    try:
        wait_http(port, "/api/v1/health", proc)
        max_rate([port], tokens_file, tokens, [proc.pid], 1, None)  # warm-up
        r = max_rate([port], tokens_file, tokens, [proc.pid], secs, None)
        r["rss"] = proc_mem_mb(proc.pid)[0]
        return r
    finally:
        stop(proc)


def baseline_sio(
    tmp: Path,
    v: int,
    rows: int,
    secs: float,
    redis_url: str | None = None,
    cores: tuple = (SERVER_CORE,),
    n: int = 1,
) -> dict:
    """Bare socket.io fan-out; with ``redis_url``, one process per core in ``cores`` behind
    AsyncRedisManager, the first one broadcasting, viewers spread over all of them."""
    procs, ports = [], []
    for i, core in enumerate(cores[i % len(cores)] for i in range(n)):
        argv = [PY, str(HERE / "baseline_sio.py"), "--rows", str(max(1, rows)), "--rate", "4"]
        if redis_url:
            argv += ["--redis", redis_url] + ([] if i == 0 else ["--no-broadcast"])
        proc, port = start_server(
            argv, {"PYTHONPATH": str(ROOT)}, tmp / f"baseline_sio{i}.log", tmp, core
        )
        procs.append(proc)
        ports.append(port)
    try:
        for proc, port in zip(procs, ports, strict=True):
            wait_http(port, "/socket.io/?EIO=4&transport=polling", proc)
        workers, ready = viewer_session(ports, {}, v, [], True)
        connected = sum(r["connected"] for r in ready)
        viewers_cmd(workers, ("start",))
        cpu0 = sum(proc_cpu_seconds(p.pid) for p in procs)
        time.sleep(secs)
        cpu = (sum(proc_cpu_seconds(p.pid) for p in procs) - cpu0) / secs
        time.sleep(0.5)
        stopped = viewers_cmd(workers, ("stop",))
        merged: dict[int, list[float]] = {}
        for r in stopped:
            for seq, (t, last, count) in r["baseline"].items():
                e = merged.setdefault(seq, [t, last, 0])
                e[1] = max(e[1], last)
                e[2] += count
        seqs = sorted(merged)[1:-1]  # the first and last may be partial
        lat = [merged[q][1] - merged[q][0] if merged[q][2] >= connected else math.inf for q in seqs]
        rss = sum(proc_mem_mb(p.pid)[0] for p in procs)
        viewers_quit(workers)
        return {
            "V": v,
            "rows": rows,
            "processes": len(procs),
            "connected": connected,
            "p50": percentile(lat, 50),
            "p99": percentile(lat, 99),
            "samples": len(lat),
            "server_cpu": cpu,
            "rss": rss,
        }
    finally:
        for proc in procs:
            stop(proc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="S=60, V=100, short (< 2 min)")
    parser.add_argument("--profile", type=Path, help="py-spy raw profiles of the wrk phases")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument(
        "--all",
        action="store_true",
        help="also run (S, V) cases whose connection storm alone would exceed 2 minutes",
    )
    parser.add_argument("--sites", type=int, nargs="+", help="override S (e.g. --sites 12000)")
    parser.add_argument("--viewers", type=int, nargs="+", help="override V (e.g. --viewers 100)")
    parser.add_argument(
        "--synchronous",
        nargs="+",
        choices=["FULL", "NORMAL"],
        default=["FULL"],
        help="SQLite synchronous level(s) of the server; give both to compare in one run",
    )
    parser.add_argument(
        "--modes",
        nargs="+",
        choices=["sqlite", "cluster"],
        default=["sqlite", "cluster"],
        help="sqlite: one process on SQLite; cluster: two processes on PostgreSQL + Redis "
        "(skipped when their binaries are missing)",
    )
    parser.add_argument(
        "--cluster-cores",
        default=str(SERVER_CORE),
        help="cores of the two-process mode's servers, PostgreSQL and Redis: '0' (default, "
        "the same budget as one process) or '0,1' (process i on core i; shares the load's core)",
    )
    parser.add_argument(
        "--cluster-layouts",
        nargs="+",
        choices=["spread", "a-to-b"],
        default=["spread", "a-to-b"],
        help="two-process mode: spread (viewers and reports over both processes) and/or "
        "a-to-b (every report to process A, every viewer on process B)",
    )
    args = parser.parse_args()
    layouts = list(args.cluster_layouts)
    modes = list(args.modes)
    cluster_cores = args.cluster_cores.split(",")
    if "cluster" in modes and (missing := _cluster.missing_binaries()):
        print(f"two-process mode skipped: missing {', '.join(missing)}", flush=True)
        modes.remove("cluster")
    if os.cpu_count() and os.cpu_count() < 2:
        sys.exit("needs two cores (server on core 0, load on core 1)")
    pin_to(CLIENT_CORE)
    if args.quick:
        sizes, views = [60], [100]
        steps = [(200, 3.0), (500, 3.0), (1000, 3.0), (2000, 3.0)]
        wrk_s, sio_s, snaps = 3, 5.0, 3
    else:
        sizes, views = [60, 12000], [100, 1000]
        steps = [(200, 4.0), (500, 4.0), (1000, 4.0), (2000, 4.0), (4000, 3.0)]
        wrk_s, sio_s, snaps = 5, 8.0, 5
    sizes = args.sites or sizes
    views = args.viewers or views
    tmp = Path(tempfile.mkdtemp(prefix="diemcau-bench-"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    started = time.monotonic()
    print(
        f"Điểm Cầu attendance benchmark — server on core {SERVER_CORE} (taskset -c "
        f"{SERVER_CORE}), load generators/viewers/wrk on core {CLIENT_CORE}; "
        f"HTTP max rate by {'wrk 4 (bench/report.lua)' if WRK else 'python (wrk not found)'}; "
        f"temp dir {tmp}",
        flush=True,
    )
    results: list[dict] = []
    snapshots: dict[str, list[tuple[float, int]]] = {}
    skipped: list[tuple[int, int, float]] = []
    try:
        import _setup

        from app.core.config import Settings

        first_tokens: tuple[Path, list] | None = None
        configs = [("sqlite", s, sync) for s in sizes for sync in args.synchronous]
        configs += [("cluster", s, "") for s in sizes if "cluster" in modes]
        if "sqlite" not in modes:
            configs = [c for c in configs if c[0] != "sqlite"]
        for mode, s, sync in configs:
            work = tmp / f"s{s}-{mode}{sync.lower()}"
            work.mkdir()
            t0 = time.monotonic()
            cluster = None
            env = {
                "DIEMCAU_DATA_DIR": str(work / "files"),
                # A throughput test: a few sites send thousands of reports a second.
                "DIEMCAU_SITE_REPORT_RATE": "1000000",
                "DIEMCAU_SITE_REPORT_BURST": "1000000",
            }
            if mode == "sqlite":
                env["DIEMCAU_DATABASE_URL"] = f"sqlite+aiosqlite:///{work / 'diemcau.db'}"
                env["DIEMCAU_SQLITE_SYNCHRONOUS"] = sync
                what = f"SQLite synchronous={sync}, one process"
            else:
                # PostgreSQL and Redis share the server side's core(s), like the app.
                cluster = _cluster.Cluster(work, pin=_taskset(",".join(cluster_cores)))
                _cluster_objects.append(cluster)
                pg, rd = cluster.postgres(), cluster.redis()
                env["DIEMCAU_DATABASE_URL"] = pg.url
                env["DIEMCAU_REDIS_URL"] = rd.url
                what = f"2 processes on PostgreSQL + Redis (server cores {','.join(cluster_cores)})"
            settings = Settings(
                _env_file=None,
                database_url=env["DIEMCAU_DATABASE_URL"],
                data_dir=work / "files",
            )
            _setup.migrate(settings)
            seminar_id, token_map = asyncio.run(_setup.build(settings, s))
            tokens = sorted(token_map.items())
            tokens_file = work / "tokens.txt"
            tokens_file.write_text("".join(f"{t}\n" for _sid, t in tokens))
            first_tokens = first_tokens or (tokens_file, tokens)
            print(f"S={s}: database ready in {time.monotonic() - t0:.1f}s; {what}", flush=True)
            n_proc = 1 if mode == "sqlite" else 2
            cores = [SERVER_CORE] if mode == "sqlite" else cluster_cores
            procs, ports = [], []
            for i in range(n_proc):
                proc, port = start_server(
                    [DIEMCAU, "serve"], env, work / f"server{i}.log", work, cores[i % len(cores)]
                )
                procs.append(proc)
                ports.append(port)
            pids = [p.pid for p in procs]
            key = f"{mode}-{s}"
            try:
                for proc, port in zip(procs, ports, strict=True):
                    wait_http(port, "/api/v1/health", proc)
                measure_snapshots(ports[0], seminar_id, 1)  # warm-up
                snapshots[key] = measure_snapshots(ports[-1], seminar_id, snaps)
                t_ms = sorted(1000 * t for t, _b in snapshots[key])
                print(
                    f"  snapshot of {s} sites: median {t_ms[len(t_ms) // 2]:.0f} ms, "
                    f"max {t_ms[-1]:.0f} ms, {snapshots[key][0][1] / 1024:.0f} KB",
                    flush=True,
                )
                base = 1000
                for v in views:
                    storm = v * sorted(t for t, _b in snapshots[key])[len(snapshots[key]) // 2]
                    if storm > 120 and not args.all:
                        print(
                            f"  V={v}: SKIPPED by default — a long run: {v} viewers each "
                            f"receiving a {s:,}-site snapshot (one build of "
                            f"{1000 * storm / v:.0f} ms is shared, but the sending is not); "
                            "run with --all to measure it",
                            flush=True,
                        )
                        skipped.append((s, v, storm))
                        continue
                    profile = args.profile / f"{key}-v{v}.txt" if args.profile else None
                    if profile:
                        profile.parent.mkdir(parents=True, exist_ok=True)
                    for layout in layouts if mode == "cluster" else ["spread"]:
                        r, base = run_case(
                            s,
                            v,
                            ports,
                            pids,
                            seminar_id,
                            tokens,
                            tokens_file,
                            base,
                            steps,
                            wrk_s,
                            profile,
                            layout,
                        )
                        r["sync"] = sync
                        r["mode"] = mode
                        r["key"] = key
                        results.append(r)
                        print_case(r)
            finally:
                for proc in procs:
                    stop(proc)
                if cluster is not None:
                    cluster.stop()
        assert first_tokens is not None
        print(
            "Baseline (a): bare FastAPI + one SQLAlchemy/aiosqlite transaction per request",
            flush=True,
        )
        base_http = baseline_http(tmp, first_tokens[0], first_tokens[1], wrk_s)
        print(
            f"  {base_http['ok_per_s']:.0f} req/s (server CPU {100 * base_http['server_cpu']:.0f}%)",  # noqa: E501
            flush=True,
        )
        base_sio: dict[tuple[int, int, int], dict] = {}
        print(
            "Baseline (b): bare python-socketio broadcast, 4 messages/s, same payload shape "
            "(one process; and two processes behind AsyncRedisManager, viewers on both)",
            flush=True,
        )
        redis_url = None
        for r in results:
            n = r["processes"]
            key = (r["S"], r["V"], n)
            if key in base_sio:  # once per (S, V, processes), whatever the sync
                continue
            if n > 1 and redis_url is None:
                bl = _cluster.Cluster(tmp / "baseline-redis")
                bl.workdir.mkdir()
                _cluster_objects.append(bl)
                redis_url = bl.redis().url
            # The layout "a-to-b" may deliver nothing (rows/message 0): take the case's
            # other layouts, then the one-process mode, for the payload size.
            same = [x["rows_per_msg"] for x in results if (x["S"], x["V"], x["processes"]) == key]
            alike = [x["rows_per_msg"] for x in results if (x["S"], x["V"]) == key[:2]]
            rows = round(max(same) or max(alike))
            b = (
                baseline_sio(tmp, r["V"], rows, sio_s)
                if n == 1
                else baseline_sio(tmp, r["V"], rows, sio_s, redis_url, tuple(cluster_cores), n)
            )
            base_sio[key] = b
            print(
                f"  V={r['V']} rows/message={rows} processes={n}: fan-out p50 {ms(b['p50'])} ms, "
                f"p99 {ms(b['p99'])} ms ({b['samples']} broadcasts, {b['connected']} clients, "
                f"server CPU {100 * b['server_cpu']:.0f}%)",
                flush=True,
            )
        print_summary(results, snapshots, base_http, base_sio, args.quick)
        for s, v, _storm in skipped:
            print(
                f"- S={s:,}, V={v:,} not measured by default (run with --all): "
                "p99 and RSS targets at this size unknown"
            )
        if args.json:
            args.json.write_text(
                json.dumps(
                    {
                        "results": results,
                        "snapshots": snapshots,
                        "http": base_http,
                        "sio": {"x".join(map(str, k)): v for k, v in base_sio.items()},
                    },
                    default=str,
                    indent=1,
                )
            )
        print(f"\nTotal time {time.monotonic() - started:.0f}s")
    except KeyboardInterrupt:
        print("\ninterrupted; cleaning up", file=sys.stderr)
        raise SystemExit(130) from None
    finally:
        cleanup()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
