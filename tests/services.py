"""Throw-away PostgreSQL and Redis servers for tests: a temp dir, loopback, a free port.

Nothing here uses a system service. PostgreSQL refuses to run as root, so as root the
server runs as the ``postgres`` user (its data dir is handed to that user).
"""

import functools
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from itertools import count
from pathlib import Path

import pytest

WAIT_S = 60.0  # an upper bound for a server to start or stop, never a synchronisation


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_bin() -> Path | None:
    """The directory of PostgreSQL's server programs (``DIEMCAU_PG_BIN``, PATH, Debian's)."""
    candidates = [os.environ.get("DIEMCAU_PG_BIN", "")]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent))  # past symlinks
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for directory in candidates:
        if directory and (Path(directory) / "initdb").is_file():
            return Path(directory)
    return None


def _as_server_user() -> list[str]:
    """The command prefix that runs a PostgreSQL program (not as root)."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class PostgresServer:
    """One PostgreSQL cluster in a temp dir, for the length of a test session.

    ``fsync=off``: a test database need not survive a power loss, and it is much faster.
    """

    def __init__(self) -> None:
        bin_dir = postgres_bin()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL's initdb was not found (set DIEMCAU_PG_BIN)")
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="diemcau-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self._names = count(1)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*_as_server_user(), *args],
            check=check,
            capture_output=True,
            text=True,
            timeout=WAIT_S,
        )

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        """Start (or restart) the server; returns once it accepts connections."""
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.root}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            " -c max_connections=300"
        )
        result = self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"),
            "-o", options, "-w", "-t", str(int(WAIT_S)), "start",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr

    def stop(self, mode: str = "fast") -> None:
        """``mode="immediate"``: the server dies at once, as in a crash."""
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False
        )

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str, driver: str = "postgresql+asyncpg") -> str:
        return f"{driver}://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run one statement with psql (administration: create and drop databases)."""
        result = subprocess.run(
            [
                str(self.bin / "psql") if (self.bin / "psql").exists() else "psql",
                "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
                "-v", "ON_ERROR_STOP=1", "-Atqc", statement,
            ],
            check=False, capture_output=True, text=True, timeout=WAIT_S,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"psql {statement!r}: {result.stderr}")
        return result.stdout

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); returns its name."""
        name = f"t_{os.getpid()}_{next(self._names)}"
        # FILE_COPY (PostgreSQL 15+) copies a small template faster than the WAL_LOG default.
        strategy = " STRATEGY = FILE_COPY" if self.version() >= 15 else ""
        suffix = f" TEMPLATE {template}{strategy}" if template else ""
        self.sql(f"CREATE DATABASE {name}{suffix}")
        return name

    @functools.cache  # noqa: B019 (one server per session: nothing to leak)
    def version(self) -> int:
        """The server programs' major version (``pg_ctl (PostgreSQL) 15.8`` → 15)."""
        out = subprocess.run(
            [str(self.bin / "pg_ctl"), "--version"], capture_output=True, text=True, check=True
        ).stdout
        return int(out.split()[-1].split(".")[0])

    def drop_database(self, name: str) -> None:
        self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class RedisServer:
    """One Redis without persistence, on loopback and a free port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.proc: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start (or restart) the server; returns once it accepts connections."""
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.proc = subprocess.Popen(
            [
                binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--loglevel", "notice",
            ],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        ready = threading.Event()
        proc = self.proc

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                if "Ready to accept connections" in line:
                    ready.set()
            ready.set()  # it exited: do not wait any longer

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(WAIT_S) or proc.poll() is not None:
            raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=WAIT_S)


def redis_available() -> bool:
    return bool(shutil.which("redis-server") or Path("/usr/bin/redis-server").exists())


# Which database the suite runs on: ``DIEMCAU_TEST_DATABASE=postgresql`` runs every test
# on a throw-away PostgreSQL (``make test`` runs the suite on both).
TEST_DATABASE = os.environ.get("DIEMCAU_TEST_DATABASE", "sqlite")
if TEST_DATABASE not in ("sqlite", "postgresql"):
    raise RuntimeError(f"DIEMCAU_TEST_DATABASE must be sqlite or postgresql, not {TEST_DATABASE!r}")
ON_POSTGRES = TEST_DATABASE == "postgresql"
sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="about SQLite's file, pragmas or locks")


def refusing_trigger(dialect: str, name: str, table: str, when: str | None = None) -> list[str]:
    """Statements making the database itself refuse inserts into ``table`` (a real write
    failure, not a mock) as a constraint violation, like SQLite's ``RAISE(ABORT)``;
    ``when`` is a condition on ``NEW`` valid in both dialects."""
    if dialect == "sqlite":
        condition = f" WHEN {when}" if when else ""
        return [
            f"CREATE TRIGGER {name} BEFORE INSERT ON {table}{condition}"
            f" BEGIN SELECT RAISE(ABORT, 'refused by {name}'); END"
        ]
    condition = f" WHEN ({when})" if when else ""
    return [
        f"CREATE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql"
        f" AS $$ BEGIN RAISE EXCEPTION 'refused by {name}'"
        " USING ERRCODE = 'integrity_constraint_violation'; END $$",
        f"CREATE TRIGGER {name} BEFORE INSERT ON {table} FOR EACH ROW{condition}"
        f" EXECUTE FUNCTION {name}_fn()",
    ]
