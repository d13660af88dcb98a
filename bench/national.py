"""National size: a 40,000-site tree on two app processes + PostgreSQL + Redis.

    .venv/bin/python bench/national.py            # 40,000 sites, 1,000 site pages (≤ 15 min)
    .venv/bin/python bench/national.py --quick    # ~1,000 sites, short phases (~3 min)

Documented in the README ("National size (bench/national.py)"); not a test. One run:

1. The cluster of ``make cluster`` (scripts/cluster.py: throw-away PostgreSQL and Redis, two
   ``diemcau serve``), server side pinned to ``--server-cores`` (default 0), every client
   process to core 1. The generated directory (app/sites/national.py: central → 34
   provinces → 3,321 communes → 36,644 units) and a live seminar whose main hall is the
   central site are written in process; the organizer then invites the whole tree over
   HTTP (``{"subtree_of": central}``, timed). Every site is then registered in one SQL
   UPDATE + ``rebuild_rollup`` (registration happens days before; 40,000 more requests
   would only lengthen the setup).
2. Viewers over both processes: 100 scoped displays (every province, the communes of the
   probe sites, the rest national) and ``--site-pages`` site pages (their tokens).
3. Check-in storm (bench/_storm.py): every site checks in and reports once, open loop,
   spread over ``--storm-s``: sustained acknowledgements/s and p99 acknowledgement. Sites it
   did not check in (a slow machine) are then checked in by SQL for the next phases.
4. The national depth-1 snapshot (scope = the central site) and a province's: time
   (connect → snapshot on a raw websocket) and size; the console's first page of the
   seminar's sites (GET /seminars/{id}/sites, time measured by the client on loopback, so
   an upper bound of the server's).
5. Reports/s sustained afterwards (bench/_loadgen.py open-loop steps).
6. Fan-out: background reports keep every view changing; frames delivered per second per
   core of the two app processes, against a bare python-socketio + AsyncRedisManager pair
   (bench/baseline_sio.py) with as many clients, same message size.
7. Report → every viewer: probe reports, alone, one a province at a time; p50/p99 of the
   time until the LAST socket showing that report's total (displays of its nation,
   province and commune, every site page) shows it.
8. RSS per process, and a projection on paper for 40,000 site pages and 500 displays.

Helpers: bench/_national_setup.py (database steps), bench/_national_viewers.py (viewer
processes), bench/_national_report.py (table, projection); bench/attendance.py's process
helpers and baselines are reused. ``--profile DIR`` records py-spy profiles of the storm
and the reports phase (``.venv/bin/pip install py-spy``).
"""

import argparse
import asyncio
import json
import math
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import attendance as A  # noqa: E402 - start_server, spawn, recv, viewers_cmd, baselines
import cluster as C  # noqa: E402 - scripts/cluster.py
from _common import (  # noqa: E402
    CLIENT_CORE,
    percentile,
    pin_to,
    proc_cpu_seconds,
    proc_mem_mb,
)
from _national_report import _ms, projection, table  # noqa: E402
from _national_setup import build, check_in_rest, register_all, tree_facts  # noqa: E402

API = "/api/v1"
DISPLAYS = 100
FULL = {"provinces": 34, "communes": 3321, "units": 36644}
QUICK = {"provinces": 4, "communes": 60, "units": 900}


# --- measurements ------------------------------------------------------------------------------


async def _raw_snapshot(port: int, seminar_id: int, scope: int) -> tuple[float, int, int]:
    """Connect → snapshot of one scoped view over a raw websocket: seconds, bytes, rows."""
    import aiohttp

    async with aiohttp.ClientSession() as s:
        t0 = time.monotonic()
        async with s.ws_connect(
            f"http://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket", max_msg_size=0
        ) as ws:
            await ws.receive(timeout=30)
            await ws.send_str("40/live," + json.dumps({"seminar_id": seminar_id, "scope": scope}))
            while True:
                msg = await ws.receive(timeout=30)
                if msg.type != aiohttp.WSMsgType.TEXT:
                    raise RuntimeError(f"unexpected frame {msg.type}")
                if msg.data.startswith('42/live,["snapshot"'):
                    rows = len(json.loads(msg.data[len("42/live,") :])[1]["sites"])
                    return time.monotonic() - t0, len(msg.data.encode()), rows


def snapshots(port: int, seminar_id: int, scope: int, n: int) -> dict[str, Any]:
    asyncio.run(_raw_snapshot(port, seminar_id, scope))  # warm-up
    runs = [asyncio.run(_raw_snapshot(port, seminar_id, scope)) for _ in range(n)]
    times = sorted(t for t, _b, _r in runs)
    return {
        "median": times[len(times) // 2],
        "max": times[-1],
        "bytes": runs[0][1],
        "rows": runs[0][2],
    }


def timed_get(client: Any, url: str, n: int) -> dict[str, Any]:
    client.get(url).raise_for_status()  # warm-up
    times = []
    for _ in range(n):
        t0 = time.monotonic()
        r = client.get(url)
        times.append(time.monotonic() - t0)
        r.raise_for_status()
    times.sort()
    return {"median": times[len(times) // 2], "max": times[-1], "total": r.json().get("total")}


def connect_viewers(ports: list[int], sockets: list[tuple[Any, dict]], per_proc: int):  # type: ignore[no-untyped-def]
    """Viewer processes of ≤ per_proc sockets, as many on each server process, mixed."""
    import _national_viewers

    n_proc = max(len(ports), math.ceil(len(sockets) / per_proc))
    n_proc += (-n_proc) % len(ports)
    groups = [sockets[i::n_proc] for i in range(n_proc)]
    workers = [
        A.spawn(_national_viewers.run, f"http://127.0.0.1:{ports[i % len(ports)]}", g)
        for i, g in enumerate(groups)
    ]
    ready = [A.recv(c, 900, "viewer process") for _p, c in workers]
    return workers, ready


def profile(args: argparse.Namespace, phase: str, pids: list[int], secs: float) -> None:
    """With --profile DIR: py-spy records each app process for the phase (in background)."""
    if args.profile is None:
        return
    if not A.PYSPY:
        print("  --profile: py-spy not found (.venv/bin/pip install py-spy)", flush=True)
        return
    args.profile.mkdir(parents=True, exist_ok=True)
    for i, pid in enumerate(pids):
        out = args.profile / f"{phase}-app{i + 1}.txt"
        argv = [*A._taskset(CLIENT_CORE), A.PYSPY, "record", "-p", str(pid), "-d", str(int(secs))]
        argv += ["-r", "50", "--nonblocking", "--format", "raw", "-o", str(out)]
        A._children.append(
            subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        )


def pg_rss_mb(pid: int) -> float:
    """RSS of PostgreSQL's postmaster and its backends (its children)."""
    total = proc_mem_mb(pid)[0]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(stat[1]) == pid:
                    total += proc_mem_mb(int(entry.name))[0]
            except (OSError, ValueError):
                continue
    return total


def gen_params(ports: list[int], tokens: list, base: int, pids: list[int], steps: list) -> dict:
    """bench/_loadgen.py's parameters, with fewer connections: at a few hundred reports/s,
    512 would sit idle past uvicorn's 5-s keep-alive and be closed under the generator."""
    return {**A._gen_params(ports, tokens, [], base, pids, steps), "conns": 64}


def background(ports: list[int], tokens: list, pids: list[int], base: int, rate: int, secs: float):  # type: ignore[no-untyped-def]
    """Open-loop reports at ``rate`` for ``secs``: acked count, app CPU seconds, elapsed."""
    import _loadgen

    cpu0, t0 = sum(map(proc_cpu_seconds, pids)), time.monotonic()
    gen, conn = A.spawn(_loadgen.run, gen_params(ports, tokens, base, pids, [(rate, secs)]))
    res = A.recv(conn, secs + 60, "load generator")
    gen.join(5)
    return {
        "ok": res["steps"][0]["ok_in_window"],
        "cpu": sum(map(proc_cpu_seconds, pids)) - cpu0,
        "elapsed": time.monotonic() - t0,
        "max_value": res["max_value"],
    }


def sustained(steps: list[dict]) -> dict | None:
    """The highest step the servers kept up with: ≥ 95% acked within it, none dropped."""
    ok = [
        s
        for s in steps
        if s["ok_in_window"] >= 0.95 * s["rate"] * s["duration"] and not s["not_sent"]
    ]
    return ok[-1] if ok else None


def baseline_fanout(tmp: Path, clients: int, rows: int, secs: float, cores: list[str]) -> dict:
    """Bare python-socketio, two processes behind AsyncRedisManager (own Redis), clients
    spread over both, one broadcasting 4 messages/s: frames/s and CPU."""
    bl = C.Cluster(tmp / "baseline-redis")
    bl.workdir.mkdir()
    A._cluster_objects.append(bl)
    redis_url = bl.redis().url
    procs, ports = [], []
    for i in range(2):
        argv = [A.PY, str(HERE / "baseline_sio.py"), "--rows", str(max(1, rows)), "--rate", "4"]
        argv += ["--redis", redis_url] + ([] if i == 0 else ["--no-broadcast"])
        proc, port = A.start_server(
            argv,
            {"PYTHONPATH": str(ROOT)},
            tmp / f"baseline_sio{i}.log",
            tmp,
            cores[i % len(cores)],
        )
        procs.append(proc)
        ports.append(port)
    try:
        for proc, port in zip(procs, ports, strict=True):
            A.wait_http(port, "/socket.io/?EIO=4&transport=polling", proc)
        workers, ready = A.viewer_session(ports, {}, clients, [], True)
        A.viewers_cmd(workers, ("start",))
        cpu0 = sum(proc_cpu_seconds(p.pid) for p in procs)
        t0 = time.monotonic()
        time.sleep(secs)
        cpu = sum(proc_cpu_seconds(p.pid) for p in procs) - cpu0
        elapsed = time.monotonic() - t0
        stopped = A.viewers_cmd(workers, ("stop",))
        frames = sum(len(r["msg_times"]) for r in stopped)
        merged: dict[int, list[float]] = {}
        for r in stopped:
            for seq, (t, last, count) in r["baseline"].items():
                e = merged.setdefault(seq, [t, last, 0])
                e[1] = max(e[1], last)
                e[2] += count
        connected = sum(r["connected"] for r in ready)
        lat = [v[1] - v[0] for k, v in sorted(merged.items())[1:-1] if v[2] >= connected]
        rss = [proc_mem_mb(p.pid)[0] for p in procs]
        A.viewers_quit(workers)
        return {
            "clients": connected,
            "frames_s": frames / elapsed,
            "cpu_cores": cpu / elapsed,
            "per_core": frames / cpu if cpu else None,
            "p50": percentile(lat, 50),
            "p99": percentile(lat, 99),
            "rss": rss,
        }
    finally:
        for proc in procs:
            A.stop(proc)
        bl.stop()


# --- the run -----------------------------------------------------------------------------------


def probe_plan(sites: dict, site_pages: set[int]) -> list[int]:
    """One probe unit per province (not one with a site page open), provinces in order."""
    probe_of: dict[int, int] = {}
    for sid in sorted(sites):
        level, commune = sites[sid]
        if level.endswith("unit") and sid not in site_pages:
            probe_of.setdefault(sites[commune][1], sid)
    return [probe_of[p] for p in sorted(probe_of)]


def ancestors(sites: dict, sid: int) -> list[int]:
    out = []
    parent = sites[sid][1]
    while parent is not None:
        out.append(parent)
        parent = sites[parent][1]
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    import httpx

    sizes = QUICK if args.quick else FULL
    cores = args.server_cores.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="diemcau-national-"))
    out: dict[str, Any] = {"quick": args.quick, "sizes": sizes, "tmp": str(tmp)}
    try:
        cluster = C.Cluster(tmp, pin=A._taskset(",".join(cores)))
        A._cluster_objects.append(cluster)
        pg, rd = cluster.postgres(), cluster.redis()
        from app.core.migrations import upgrade_database

        upgrade_database(pg.url)
        facts0 = asyncio.run(build(pg.url, sizes))
        seminar_id, root_id = facts0["seminar_id"], facts0["root_id"]
        print(f"Tree of {facts0['sites']:,} sites written in {facts0['tree_s']:.1f} s", flush=True)
        env = {
            **C.app_env(tmp, pg.url, rd.url, "http://127.0.0.1:8000"),
            "DIEMCAU_SITE_REPORT_RATE": "1000000",
            "DIEMCAU_SITE_REPORT_BURST": "1000000",
        }
        procs, ports = [], []
        for i in range(2):
            proc, port = A.start_server(
                [A.DIEMCAU, "serve"], env, tmp / f"app{i + 1}.log", tmp, cores[i % len(cores)]
            )
            procs.append(proc)
            ports.append(port)
        pids = [p.pid for p in procs]
        for proc, port in zip(procs, ports, strict=True):
            A.wait_http(port, "/api/v1/health", proc, 120)
        rss_start = [proc_mem_mb(p)[0] for p in pids]
        headers = {"Authorization": f"Bearer {facts0['bearer']}"}
        client = httpx.Client(base_url=f"http://127.0.0.1:{ports[0]}", headers=headers, timeout=600)

        # Invite the whole tree (one request, one transaction).
        t0 = time.monotonic()
        r = client.post(f"{API}/seminars/{seminar_id}/sites", json={"subtree_of": root_id})
        out["invite_s"] = time.monotonic() - t0
        out["invite_status"] = r.status_code
        print(f"Invite of the subtree: HTTP {r.status_code} in {out['invite_s']:.1f} s", flush=True)
        r.raise_for_status()
        tokens = sorted((e["site_id"], e["token"]) for e in r.json())
        out["invited"] = len(tokens)
        out["register_s"] = asyncio.run(register_all(pg.url, seminar_id))
        facts = asyncio.run(tree_facts(pg.url, seminar_id))
        sites = facts["sites"]

        # Viewers: 100 scoped displays + site pages, over both processes.
        rng = random.Random(11)
        units = [sid for sid, _t in tokens if sites[sid][0].endswith("unit")]
        page_sites = set(rng.sample(units, min(args.site_pages, len(units) // 2)))
        probes = probe_plan(sites, page_sites)
        provinces = sorted(s for s, (lvl, _p) in sites.items() if lvl.endswith("province"))
        communes = [sites[p][1] for p in probes]
        scopes = (provinces + communes)[:DISPLAYS]
        scopes += [root_id] * (DISPLAYS - len(scopes))
        token_of = dict(tokens)
        sockets: list[tuple[Any, dict]] = [
            (scope, {"seminar_id": seminar_id, "scope": scope}) for scope in scopes
        ]
        sockets += [("seminar", {"site_token": token_of[s]}) for s in sorted(page_sites)]
        t0 = time.monotonic()
        workers, ready = connect_viewers(ports, sockets, args.per_viewer_process)
        connected = sum(r["connected"] for r in ready)
        out["viewers"] = {
            "displays": DISPLAYS,
            "site_pages": len(page_sites),
            "connected": connected,
        }
        out["connect_s"] = time.monotonic() - t0
        rss_viewers = [proc_mem_mb(p)[0] for p in pids]
        print(
            f"{connected}/{len(sockets)} sockets ({DISPLAYS} displays, {len(page_sites)} site "
            f"pages) connected in {out['connect_s']:.0f} s"
            + (f"; failures {ready[0]['failures']}" if connected < len(sockets) else ""),
            flush=True,
        )

        # The check-in storm.
        import _storm

        rate = len(tokens) / args.storm_s
        profile(args, "storm", pids, args.storm_s)
        gen, conn = A.spawn(
            _storm.run,
            {
                "host": "127.0.0.1",
                "ports": ports,
                "tokens": tokens,
                "rate": rate,
                "conns": 256,
                "drain_s": 30.0,
                "server_pids": pids,
            },
        )
        storm = A.recv(conn, args.storm_s + 120, "storm generator")
        gen.join(5)
        acks = storm["checkins"] + storm["reports"]
        out["storm"] = {
            "sites": storm["sites"],
            "offered_acks_s": 2 * rate,
            "acks": len(acks),
            "acks_s": len(acks) / storm["elapsed_s"],
            "p50": percentile(acks, 50),
            "p99": percentile(acks, 99),
            "checkin_p99": percentile(storm["checkins"], 99),
            "report_p99": percentile(storm["reports"], 99),
            "statuses": storm["statuses"],
            "errors": storm["errors"],
            "unanswered": storm["unanswered"],
            "retries": storm["retries"],
            "app_cpu_cores": storm["server_cpu_s"] / storm["elapsed_s"],
        }
        s = out["storm"]
        print(
            f"Storm: {s['acks']:,}/{2 * len(tokens):,} acknowledged at {s['acks_s']:.0f}/s "
            f"(offered {s['offered_acks_s']:.0f}/s), p50 {_ms(s['p50'])} ms, p99 "
            f"{_ms(s['p99'])} ms; statuses {s['statuses']}, errors {s['errors']}, "
            f"unanswered {s['unanswered']}",
            flush=True,
        )

        if storm["failures"]:
            print(f"  storm client errors, e.g. {storm['failures']}", flush=True)
        out["storm"]["left"] = asyncio.run(check_in_rest(pg.url, seminar_id))
        if out["storm"]["left"]:
            print(
                f"  {out['storm']['left']:,} sites the storm did not check in were checked in "
                "by SQL for the next phases",
                flush=True,
            )

        # Snapshots and the console's first page, on the settled state.
        province = provinces[0]
        out["snap_national"] = snapshots(ports[1], seminar_id, root_id, args.samples)
        out["snap_province"] = snapshots(ports[1], seminar_id, province, args.samples)
        out["sites_page"] = timed_get(
            client, f"{API}/seminars/{seminar_id}/sites?limit=50", args.samples
        )
        out["sites_page_children"] = timed_get(
            client, f"{API}/seminars/{seminar_id}/sites?limit=50&parent_id={province}", args.samples
        )
        print(
            f"Snapshots: national {_ms(out['snap_national']['median'])} ms "
            f"{out['snap_national']['bytes'] / 1024:.1f} KB ({out['snap_national']['rows']} rows), "
            f"province {_ms(out['snap_province']['median'])} ms "
            f"{out['snap_province']['bytes'] / 1024:.1f} KB; sites page "
            f"{_ms(out['sites_page']['median'])} ms (of {out['sites_page']['total']:,})",
            flush=True,
        )

        # Reports/s sustained afterwards.
        import _loadgen

        profile(args, "reports", pids, sum(d for _r, d in args.steps))
        gen, conn = A.spawn(_loadgen.run, gen_params(ports, tokens, 100, pids, args.steps))
        res = A.recv(
            conn, sum(d for _r, d in args.steps) + 30 * len(args.steps) + 60, "load generator"
        )
        gen.join(5)
        steps = [
            {
                **{k: st[k] for k in ("rate", "duration", "ok_in_window", "not_sent", "non_2xx")},
                "ok_per_s": st["ok_in_window"] / st["duration"],
                "p99": percentile(st["ack_latency"], 99),
                "server_cpu": st["server_cpu"],
            }
            for st in res["steps"]
        ]
        out["reports"] = {"steps": steps, "sustained": sustained(steps)}
        for st in steps:
            print(
                f"Reports @{st['rate']}/s: {st['ok_per_s']:.0f}/s acked, p99 {_ms(st['p99'])} ms, "
                f"non-2xx {st['non_2xx']}, not sent {st['not_sent']}, "
                f"app CPU {100 * st['server_cpu']:.0f}%",
                flush=True,
            )
        time.sleep(3)  # what is queued settles before the fan-out phases

        # Fan-out: background reports keep every view changing.
        A.viewers_cmd(workers, ("start",))
        fan = background(ports, tokens, pids, res["max_value"] + 1, args.fanout_rate, args.fanout_s)
        stopped = A.viewers_cmd(workers, ("stop",))
        frames = sum(x["frames"] for x in stopped)
        display_frames = sum(x["display_frames"] for x in stopped)
        rows = sum(x["rows"] for x in stopped)
        out["fanout"] = {
            "reports_s": fan["ok"] / args.fanout_s,
            "frames_s": frames / fan["elapsed"],
            "display_frames_s": display_frames / fan["elapsed"],
            "site_frames_s": sum(x["site_frames"] for x in stopped) / fan["elapsed"],
            "cpu_cores": fan["cpu"] / fan["elapsed"],
            "per_core_all": frames / fan["cpu"] if fan["cpu"] else None,
            "rows_per_msg": rows / display_frames if display_frames else 0,
            "frames": frames,
            "cpu_with": fan["cpu"],
        }
        f = out["fanout"]
        print(
            f"Fan-out: {f['frames_s']:.0f} frames/s ({f['display_frames_s']:.0f} to displays, "
            f"{f['site_frames_s']:.0f} to site pages) with {f['reports_s']:.0f} reports/s, app "
            f"CPU {100 * f['cpu_cores']:.0f}%",
            flush=True,
        )
        next_value = fan["max_value"] + 1
        time.sleep(3)

        # Report → every viewer: probes alone, so every total only grows by them.
        facts = asyncio.run(tree_facts(pg.url, seminar_id))
        level = {k: v[1] for k, v in facts["rows"].items()}  # subtree headcounts now
        own = {k: v[0] for k, v in facts["rows"].items()}
        seen = {"seminar": facts["total"], **level}
        A.viewers_cmd(workers, ("start",))
        plan = []
        step = 7
        n_probes = int(args.probe_s * args.probe_rate)
        probe_client = httpx.Client(timeout=30)
        start = time.monotonic()
        for k in range(n_probes):
            sid = probes[k % len(probes)]
            own[sid] += step
            keys = [sid, *ancestors(sites, sid)]
            for key in keys:
                if key in seen:
                    seen[key] += step
            seen["seminar"] += step
            due = start + k / args.probe_rate
            time.sleep(max(0.0, due - time.monotonic()))
            sent = time.monotonic()
            pr = probe_client.post(
                f"http://127.0.0.1:{ports[k % len(ports)]}{API}/site/headcount",
                headers={"X-Site-Token": token_of[sid]},
                json={
                    "headcount": own[sid],
                    "request_id": f"probe-{k}",
                    "reported_at": datetime.now(UTC).isoformat(),
                },
            )
            if pr.status_code // 100 != 2:
                raise RuntimeError(f"probe report answered {pr.status_code}: {pr.text[:200]}")
            shown = [key for key in keys if key in scopes] + ["seminar"]
            plan.append((sent, [(key, seen[key]) for key in shown]))
        time.sleep(args.tail_s)  # the last throttled site-page totals
        A.viewers_cmd(workers, ("stop",))
        queries = [q for _sent, qs in plan for q in qs]
        answers = A.viewers_cmd(workers, ("latency", queries))
        latencies, missing = [], 0
        i = 0
        for sent, qs in plan:
            worst = 0.0
            for _q in qs:
                for a in answers:
                    t, miss = a[i]
                    missing += miss
                    if t is not None:
                        worst = max(worst, t - sent)
                i += 1
            latencies.append(worst)
        out["latency"] = {
            "probes": len(plan),
            "p50": percentile(latencies, 50),
            "p99": percentile(latencies, 99),
            "never_shown": missing,
        }
        print(
            f"Report → every viewer ({len(plan)} probes): p50 {_ms(out['latency']['p50'])} ms, "
            f"p99 {_ms(out['latency']['p99'])} ms; socket-reports never shown: {missing}",
            flush=True,
        )
        rss_end = [proc_mem_mb(p)[0] for p in pids]
        out["rss"] = {
            "app_start": rss_start,
            "app_viewers": rss_viewers,
            "app_end": rss_end,
            "postgres": pg_rss_mb(pg.proc.pid),
            "redis": proc_mem_mb(rd.proc.pid)[0],
        }
        A.viewers_quit(workers)
        time.sleep(3)
        alone = background(ports, tokens, pids, next_value, args.fanout_rate, args.fanout_s)
        f["cpu_without"] = alone["cpu"]
        # The fan-out's CPU: with viewers minus the same reports without (scaled by acks).
        reports_cpu = alone["cpu"] * (f["reports_s"] * args.fanout_s) / max(1, alone["ok"])
        fan_cpu = f["cpu_with"] - reports_cpu
        # Below a tenth of the CPU the difference is noise (a shared machine): not separable.
        f["per_core"] = f["frames"] / fan_cpu if fan_cpu > 0.1 * f["cpu_with"] else None
        print(
            "  the same reports without viewers: app CPU "
            f"{100 * alone['cpu'] / alone['elapsed']:.0f}%"
            " → "
            + (f"{f['per_core']:.0f}" if f["per_core"] else "not separable (noise)")
            + " frames/s per fan-out core "
            f"({f['per_core_all'] or 0:.0f} per app core, reports included)",
            flush=True,
        )
        client.close()
        for proc in procs:
            A.stop(proc)
        cluster.stop()

        print("Baseline: bare python-socketio + AsyncRedisManager, two processes", flush=True)
        out["baseline"] = baseline_fanout(
            tmp, len(sockets), round(out["fanout"]["rows_per_msg"]), args.fanout_s, cores
        )
        b = out["baseline"]
        print(
            f"  {b['clients']} clients: {b['frames_s']:.0f} frames/s, CPU "
            f"{100 * b['cpu_cores']:.0f}% → {b['per_core'] or 0:.0f} frames/s per core; "
            f"fan-out p50 {_ms(b['p50'])} ms p99 {_ms(b['p99'])} ms",
            flush=True,
        )
        return out
    finally:
        A.cleanup()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="~1,000 sites, short phases (~3 min)")
    parser.add_argument(
        "--site-pages", type=int, help="site-page sockets (default 1000; quick 200)"
    )
    parser.add_argument(
        "--storm-s", type=float, help="the storm's spread (default 150 s; quick 20)"
    )
    parser.add_argument(
        "--server-cores",
        default="0",
        help="cores of the app processes, PostgreSQL and Redis ('0', or '0,1' to use both)",
    )
    parser.add_argument("--per-viewer-process", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument(
        "--profile", type=Path, help="py-spy raw profiles of each app process: storm, reports"
    )
    args = parser.parse_args()
    if (os.cpu_count() or 1) < 2:
        sys.exit("needs two cores (server side on core 0, clients on core 1)")
    if missing := C.missing_binaries():
        sys.exit(f"missing: {', '.join(missing)} (apt-get install postgresql redis-server)")
    quick = args.quick
    args.site_pages = args.site_pages or (200 if quick else 1000)
    args.storm_s = args.storm_s or (20.0 if quick else 150.0)
    args.steps = (
        [(100, 4.0), (250, 4.0), (500, 4.0)]
        if quick
        else [(250, 8.0), (500, 8.0), (1000, 8.0), (2000, 6.0)]
    )
    args.samples = 5 if quick else 10
    args.fanout_rate, args.fanout_s = (50, 6.0) if quick else (100, 15.0)
    args.probe_rate, args.probe_s = 10.0, (5.0 if quick else 20.0)
    args.tail_s = 2.0
    pin_to(CLIENT_CORE)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    started = time.monotonic()
    print(
        f"Điểm Cầu national benchmark — {'QUICK, ' if quick else ''}server side on core(s) "
        f"{args.server_cores}, clients on core {CLIENT_CORE}",
        flush=True,
    )
    try:
        out = run(args)
    except KeyboardInterrupt:
        print("\ninterrupted; cleaned up", file=sys.stderr)
        raise SystemExit(130) from None
    if args.json:  # first: the figures survive a mistake in the printing below
        args.json.write_text(json.dumps(out, default=str, indent=1))
    print("\n## National size (Markdown for the README)\n")
    print(
        f"{out['sizes']['provinces']} provinces, {out['sizes']['communes']:,} communes, "
        f"{out['sizes']['units']:,} units; two app processes + PostgreSQL + Redis on core(s) "
        f"{args.server_cores}, every client on core {CLIENT_CORE}; {os.cpu_count()} cores."
        + (" QUICK MODE: small tree, short phases — not the national figures." if quick else "")
    )
    print()
    print(table(out))
    print()
    print(projection(out))
    print(f"\nTotal time {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
