"""`make cluster`: two app processes on PostgreSQL + Redis (+ nginx), gone after Ctrl-C."""

import asyncio
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import aiohttp
import httpx
import pytest

from tests.test_deploy import NGINX, _cluster_module

ROOT = Path(__file__).resolve().parents[1]
cluster = _cluster_module()

pytestmark = pytest.mark.skipif(
    bool(cluster.missing_binaries()),
    reason=f"PostgreSQL/Redis binaries missing: {cluster.missing_binaries()}",
)


def _lines(proc: subprocess.Popen) -> "queue.Queue[str | None]":
    """The script's output, line by line, as it comes (None at the end)."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for(lines: "queue.Queue[str | None]", marker: str, seen: list[str]) -> None:
    while True:
        line = lines.get(timeout=240)  # bounded: raises queue.Empty
        if line is None:
            raise AssertionError("the cluster script ended:\n" + "".join(seen))
        seen.append(line)
        if marker in line:
            return


async def _websocket_open_through(port: int) -> str:
    """The engine.io open packet, received over a websocket through nginx."""
    url = f"http://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket"
    async with aiohttp.ClientSession() as s, s.ws_connect(url) as ws:
        msg = await ws.receive(timeout=10)
        return msg.data


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in cmd:
            found.append(f"{pid}: {cmd}")
    return found


def test_cluster_serves_logins_on_both_processes_and_leaves_nothing_after_ctrl_c() -> None:
    app_ports = [cluster.free_port(), cluster.free_port()]
    nginx_port = cluster.free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "scripts" / "cluster.py"),
            "--app-ports",
            *map(str, app_ports),
            "--nginx-port",
            str(nginx_port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    seen: list[str] = []
    try:
        lines = _lines(proc)
        _wait_for(lines, cluster.READY, seen)
        workdir = re.search(r"Working directory (\S+)", "".join(seen)).group(1)  # type: ignore[union-attr]
        assert Path(workdir).is_dir()
        for port in app_ports:
            base = f"http://127.0.0.1:{port}/api/v1"
            assert httpx.get(f"{base}/health").json() == {"status": "ok"}
            login = httpx.post(
                f"{base}/auth/token",
                data={"username": "tochuc@diemcau.vn", "password": "diemcau-demo"},
            )
            assert login.status_code == 200, login.text
            token = login.json()["access_token"]
            me = httpx.get(f"{base}/auth/me", headers={"Authorization": f"Bearer {token}"})
            assert me.status_code == 200 and me.json()["email"] == "tochuc@diemcau.vn"
        if NGINX:
            assert httpx.get(f"http://127.0.0.1:{nginx_port}/api/v1/health").status_code == 200
            opened = asyncio.run(_websocket_open_through(nginx_port))
            assert opened.startswith("0{") and '"sid"' in opened
        else:
            assert not cluster.port_open(nginx_port)
        proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
        assert proc.wait(60) == 0
        _wait_for(lines, "Stopped", seen)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert not Path(workdir).exists()
    assert not [p for p in [*app_ports, nginx_port] if cluster.port_open(p)]
    assert not _processes_mentioning(workdir)
