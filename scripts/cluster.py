"""A throw-away cluster on this machine: PostgreSQL + Redis + two app processes (+ nginx).

    make cluster                      # or: .venv/bin/python scripts/cluster.py
    .venv/bin/python scripts/cluster.py --app-ports 8001 8002 --nginx-port 8000 [--no-demo]

Everything lives in one temporary directory and runs as children of this script:
PostgreSQL (as the ``postgres`` user when run by root: it refuses root), Redis, then
``diemcau migrate``, ``diemcau demo``, the app processes and nginx (when installed) in front
of them with deploy/nginx.conf. Ctrl-C (or SIGTERM) stops them all and deletes the
directory. Children also get SIGTERM if this script dies (PR_SET_PDEATHSIG).

The start/stop helpers are reused by bench/attendance.py (two-process mode) and the tests.
"""

import argparse
import contextlib
import ctypes
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path(os.environ.get("DIEMCAU_PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
DIEMCAU = str(Path(sys.executable).parent / "diemcau")
READY = "CLUSTER READY"  # the line a supervising test waits for
_PR_SET_PDEATHSIG = 1


def missing_binaries() -> list[str]:
    """The server binaries a cluster needs that this machine lacks."""
    need = [PG_BIN / "initdb", PG_BIN / "postgres", PG_BIN / "pg_isready", Path(REDIS_SERVER)]
    return [str(p) for p in need if not p.exists()]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:port."""
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_until(check: Callable[[], bool], what: str, proc: subprocess.Popen | None, timeout: float):
    """Poll ``check`` (bounded); fail early when ``proc`` has exited."""
    deadline = time.monotonic() + timeout
    while not check():
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with {proc.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not ready after {timeout:.0f} s")
        time.sleep(0.1)


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as r:
            return r.status == 200
    except OSError:
        return False


@dataclass
class Service:
    name: str
    proc: subprocess.Popen
    port: int
    url: str = ""
    stop_signal: int = signal.SIGTERM
    log: Path | None = None


def _as_user(user: str | None) -> Callable[[], None]:
    """preexec_fn: own session, optionally drop to ``user``, die with the parent."""
    libc = ctypes.CDLL(None, use_errno=True)
    ids = pwd.getpwnam(user) if user else None

    def setup() -> None:
        os.setsid()
        if ids is not None:
            os.setgroups([])
            os.setgid(ids.pw_gid)
            os.setuid(ids.pw_uid)
        # After setuid: changing credentials clears the parent-death signal.
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)

    return setup


def _let_others_traverse(path: Path) -> None:
    """Add search (x) permission up the tree, so another user can reach its own subfolder."""
    for p in [path, *path.parents]:
        st = p.stat()
        if not st.st_mode & 0o001 and st.st_uid == os.geteuid():
            p.chmod(st.st_mode | 0o011)


@dataclass
class Cluster:
    """The processes of one throw-away cluster, stopped in reverse order."""

    workdir: Path
    pin: Sequence[str] = ()  # e.g. ["taskset", "-c", "0"] for every server process
    services: list[Service] = field(default_factory=list)

    def spawn(
        self,
        name: str,
        argv: Sequence[str],
        port: int,
        *,
        env: dict[str, str] | None = None,
        user: str | None = None,
        stop_signal: int = signal.SIGTERM,
        pass_fds: Sequence[int] = (),
    ) -> Service:
        log = self.workdir / "logs" / f"{name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            proc = subprocess.Popen(
                [*self.pin, *argv],
                env={**os.environ, **(env or {})},
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=_as_user(user),
                pass_fds=tuple(pass_fds),
            )
        service = Service(name, proc, port, stop_signal=stop_signal, log=log)
        self.services.append(service)
        return service

    def postgres(self, *, fsync: bool = True, database: str = "diemcau") -> Service:
        """initdb + postgres on 127.0.0.1:free port; the URL is for asyncpg."""
        data = self.workdir / "pg"
        data.mkdir()
        user = None
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            user = "postgres"
            ids = pwd.getpwnam(user)
            _let_others_traverse(self.workdir)
            os.chown(data, ids.pw_uid, ids.pw_gid)
        data.chmod(0o700)
        init = subprocess.run(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            capture_output=True,
            text=True,
            preexec_fn=_as_user(user),
            timeout=120,
        )
        if init.returncode:
            raise RuntimeError(f"initdb failed:\n{init.stdout}\n{init.stderr}")
        port = free_port()
        argv = [
            str(PG_BIN / "postgres"), "-D", str(data), "-p", str(port),
            "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={data}",
            "-c", "max_connections=200", "-c", f"fsync={'on' if fsync else 'off'}",
        ]  # fmt: skip
        # SIGINT: PostgreSQL's "fast" shutdown (disconnect clients, then stop).
        pg = self.spawn("postgres", argv, port, user=user, stop_signal=signal.SIGINT)

        def ready() -> bool:
            ping = [str(PG_BIN / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)]
            return subprocess.run(ping, check=False).returncode == 0

        wait_until(ready, "PostgreSQL", pg.proc, 60)
        subprocess.run(
            [
                str(PG_BIN / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                database,
            ],
            check=True,
            capture_output=True,
        )
        pg.url = f"postgresql+asyncpg://postgres@127.0.0.1:{port}/{database}"
        return pg

    def redis(self) -> Service:
        """redis-server on 127.0.0.1:free port, nothing persisted."""
        port = free_port()
        rdir = self.workdir / "redis"
        rdir.mkdir()
        argv = [
            REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(rdir),
        ]  # fmt: skip
        r = self.spawn("redis", argv, port)

        def ready() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    return s.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_until(ready, "Redis", r.proc, 30)
        r.url = f"redis://127.0.0.1:{port}/0"
        return r

    def app(self, name: str, port: int, env: dict[str, str]) -> Service:
        """``diemcau serve`` on 127.0.0.1:port (the schema must be migrated already)."""
        argv = [DIEMCAU, "serve", "--host", "127.0.0.1", "--port", str(port)]
        a = self.spawn(name, argv, port, env=env)
        a.url = f"http://127.0.0.1:{port}"
        return a

    def nginx(self, port: int, upstream_ports: Sequence[int]) -> Service:
        """nginx with deploy/nginx.conf, its upstream pointed at the local processes."""
        assert NGINX is not None
        ndir = self.workdir / "nginx"
        ndir.mkdir()
        conf = ndir / "nginx.conf"
        conf.write_text(local_nginx_conf(port, upstream_ports, ndir))
        if os.geteuid() == 0:  # workers run as nobody: their temp files live here
            _let_others_traverse(self.workdir)
            os.chown(ndir, 65534, 65534)
        argv = [NGINX, "-p", str(ndir), "-c", str(conf), "-e", "stderr", "-g", "daemon off;"]
        # SIGQUIT: graceful stop (finish requests, close websockets).
        n = self.spawn("nginx", argv, port, stop_signal=signal.SIGQUIT)
        wait_until(lambda: port_open(port), "nginx", n.proc, 30)
        n.url = f"http://127.0.0.1:{port}"
        return n

    def stop(self) -> None:
        """Stop every service, last started first; SIGKILL what ignores 15 s."""
        for s in reversed(self.services):
            stop_process(s.proc, s.stop_signal)
        self.services.clear()


def stop_process(proc: subprocess.Popen, sig: int = signal.SIGTERM, grace: float = 15) -> None:
    """Signal one child, then kill its process group (its own session) if it lingers."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(proc.pid, sig)  # the main process: PostgreSQL's postmaster, nginx's master
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


def local_nginx_conf(port: int, upstream_ports: Sequence[int], ndir: Path) -> str:
    """deploy/nginx.conf rewritten for this machine: listen, upstream, pid and temp paths."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    servers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=3 fail_timeout=5s;" for p in upstream_ports
    )
    text, n_up = re.subn(r"^\s*server app:8000[^;]*;", servers, text, flags=re.M)
    text, n_listen = re.subn(r"listen 80;", f"listen 127.0.0.1:{port};", text)
    text, n_pid = re.subn(r"^pid [^;]+;", f"pid {ndir / 'nginx.pid'};", text, flags=re.M)
    if (n_up, n_listen, n_pid) != (1, 1, 1):
        raise RuntimeError("deploy/nginx.conf no longer has the lines this script rewrites")
    temp = "".join(
        f"    {kind}_temp_path {ndir / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    return user + text.replace("http {\n", "http {\n" + temp, 1)


def app_env(workdir: Path, database_url: str, redis_url: str, base_url: str) -> dict[str, str]:
    """The environment every app process of the cluster shares."""
    return {
        "DIEMCAU_DATABASE_URL": database_url,
        "DIEMCAU_REDIS_URL": redis_url,
        "DIEMCAU_DATA_DIR": str(workdir / "files"),  # shared: uploads are files
        "DIEMCAU_PUBLIC_BASE_URL": base_url,
    }


def run(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="diemcau-cluster-"))
    cluster = Cluster(workdir)
    use_nginx = NGINX is not None and not args.no_nginx

    def on_term(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        print(f"Working directory {workdir} (logs in {workdir / 'logs'})", flush=True)
        pg = cluster.postgres()
        print(f"PostgreSQL  {pg.url}", flush=True)
        rd = cluster.redis()
        print(f"Redis       {rd.url}", flush=True)
        base = f"http://127.0.0.1:{args.nginx_port if use_nginx else args.app_ports[0]}"
        env = {**os.environ, **app_env(workdir, pg.url, rd.url, base)}
        subprocess.run([DIEMCAU, "migrate"], env=env, cwd=workdir, check=True)
        if not args.no_demo:
            demo = subprocess.run(
                [DIEMCAU, "demo", "--base-url", base],
                env=env,
                cwd=workdir,
                check=True,
                capture_output=True,
                text=True,
            )
            print(demo.stdout, end="", flush=True)
        if args.national:
            national = subprocess.run(
                [DIEMCAU, "demo", "--national", "--base-url", base],
                env=env,
                cwd=workdir,
                check=True,
                capture_output=True,
                text=True,
            )
            print(national.stdout, end="", flush=True)
        apps = [cluster.app(f"app{i + 1}", port, env) for i, port in enumerate(args.app_ports)]
        for a in apps:
            wait_until(lambda a=a: http_ok(f"{a.url}/api/v1/health"), a.name, a.proc, 120)
        print()
        for a in apps:
            print(f"{a.name}        {a.url}  (pid {a.proc.pid})")
        if use_nginx:
            ng = cluster.nginx(args.nginx_port, args.app_ports)
            wait_until(lambda: http_ok(f"{ng.url}/api/v1/health"), "nginx", ng.proc, 30)
            print(f"nginx       {ng.url}  ← open this one (balances over the processes above)")
        else:
            why = "--no-nginx" if NGINX else "nginx is not installed (apt-get install nginx)"
            print(f"no nginx ({why}): open either process above")
        print(f"\n{READY} — Ctrl-C stops everything and deletes {workdir}", flush=True)
        while all(s.proc.poll() is None for s in cluster.services):
            time.sleep(0.5)
        dead = [s for s in cluster.services if s.proc.poll() is not None]
        for s in dead:
            print(f"{s.name} exited with {s.proc.returncode}; see {s.log}", file=sys.stderr)
        raise SystemExit(1)
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"cluster failed: {exc}", file=sys.stderr)
        for s in cluster.services:
            if s.log and s.log.exists():
                tail = s.log.read_text(errors="replace").splitlines()[-15:]
                print(f"--- {s.log}\n" + "\n".join(tail), file=sys.stderr)
        raise SystemExit(1) from None
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not skip cleanup
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        print("Stopped; nothing left behind.", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-ports", type=int, nargs="+", default=[8001, 8002])
    parser.add_argument("--nginx-port", type=int, default=8000)
    parser.add_argument("--no-nginx", action="store_true", help="even when nginx is installed")
    parser.add_argument("--no-demo", action="store_true", help="skip `diemcau demo`")
    parser.add_argument(
        "--national", action="store_true", help="also `diemcau demo --national` (40,000 sites)"
    )
    args = parser.parse_args(argv)
    if missing := missing_binaries():
        sys.exit(
            "missing: " + ", ".join(missing) + " (apt-get install postgresql redis-server; "
            "DIEMCAU_PG_BIN names another PostgreSQL bin directory)"
        )
    ports = [*args.app_ports] + ([args.nginx_port] if NGINX and not args.no_nginx else [])
    busy = [p for p in ports if port_open(p)]
    if busy:
        sys.exit(f"port(s) {busy} already in use: choose others with --app-ports/--nginx-port")
    run(args)


if __name__ == "__main__":
    main()
