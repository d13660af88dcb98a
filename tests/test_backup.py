"""`diemcau backup PATH`: a consistent, restorable copy of the SQLite database while serving."""

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncSession

from app.cli import main
from app.core.backup import backup_sqlite
from app.core.config import Settings, get_settings
from app.core.migrations import alembic_config
from app.main import create_app
from tests.conftest import Actor
from tests.factories import API, create_site, site_headers
from tests.realtime.conftest import make_live_seminar
from tests.services import sqlite_only

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60  # seconds: a bound on every wait, never a pacing


@pytest.fixture
def configured(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The CLI pointed at the test's migrated database through the environment."""
    monkeypatch.setenv("DIEMCAU_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("DIEMCAU_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()


def _database(settings: Settings) -> Path:
    return Path(settings.database_url.removeprefix("sqlite+aiosqlite:///"))


def _env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "DIEMCAU_DATABASE_URL": settings.database_url,
        "DIEMCAU_DATA_DIR": str(settings.data_dir),
    }


@pytest.fixture
def served(settings: Settings) -> Iterator[str]:
    """`diemcau serve` in a subprocess on an inherited socket (no port race, no polling)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--fd", str(sock.fileno())],
        env=_env(settings),
        cwd=ROOT,
        pass_fds=[sock.fileno()],
    )
    sock.close()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=TIMEOUT)


class Reporters:
    """Sites reporting headcounts back to back; every acknowledged request id, in order."""

    def __init__(self, base_url: str, tokens: list[str]) -> None:
        self.base_url, self.tokens = base_url, tokens
        self.acked: list[str] = []
        self.failures: list[str] = []
        self.stop = asyncio.Event()
        self._waiters: list[tuple[int, asyncio.Event]] = []

    async def run(self) -> None:
        async with httpx.AsyncClient(base_url=self.base_url, timeout=TIMEOUT) as client:
            await asyncio.gather(*(self._site(client, token) for token in self.tokens))

    async def _site(self, client: httpx.AsyncClient, token: str) -> None:
        headcount = 0
        while not self.stop.is_set():
            headcount += 1
            request_id = str(uuid.uuid4())
            answer = await client.post(
                f"{API}/site/headcount",
                json={
                    "headcount": headcount,
                    "request_id": request_id,
                    "reported_at": datetime.now(UTC).isoformat(),
                },
                headers=site_headers(token),
            )
            if answer.status_code != 200:
                self.failures.append(f"{answer.status_code} {answer.text}")
                continue
            self.acked.append(request_id)
            for count, event in self._waiters:
                if len(self.acked) >= count:
                    event.set()

    async def until(self, count: int) -> None:
        """Wait (bounded) until ``count`` reports in all have been acknowledged."""
        event = asyncio.Event()
        self._waiters.append((count, event))
        if len(self.acked) >= count:
            event.set()
        await asyncio.wait_for(event.wait(), TIMEOUT)


@sqlite_only
async def test_a_backup_taken_under_load_holds_every_report_acknowledged_before_it(
    settings: Settings,
    served: str,
    organizer: Actor,
    session: AsyncSession,
    client: httpx.AsyncClient,
    tmp_path: Path,
) -> None:
    sites = [await create_site(session, f"CS{i}", f"Chi bộ số {i}") for i in range(4)]
    await session.rollback()
    seminar = await make_live_seminar(client, organizer, sites)
    # A long read (an export, say) pins the WAL: no checkpoint can move the reports that
    # follow into the main file, so a copy that ignored the WAL would miss them all.
    reader = sqlite3.connect(_database(settings), isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM seminars").fetchone()
    reporters = Reporters(served, list(seminar.tokens.values()))
    running = asyncio.create_task(reporters.run())
    await reporters.until(200)

    acked_before = set(reporters.acked)
    target = tmp_path / "backups" / "diemcau-copy.db"
    backup = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app.cli",
        "backup",
        str(target),
        env=_env(settings),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(backup.communicate(), TIMEOUT)
    # The server kept acknowledging reports after the copy, with no error at any time.
    await reporters.until(len(reporters.acked) + 100)
    reporters.stop.set()
    await asyncio.wait_for(running, TIMEOUT)
    reader.close()

    assert backup.returncode == 0, err.decode()
    assert f"Đã sao lưu cơ sở dữ liệu vào {target}" in out.decode()
    assert f"Backed up the database to {target}" in out.decode()
    assert reporters.failures == []
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        in_copy = {r for (r,) in copy.execute("SELECT request_id FROM attendance_reports")}
        (revision,) = copy.execute("SELECT version_num FROM alembic_version").fetchone()
        (total,) = copy.execute(
            "SELECT sum(headcount) FROM seminar_sites WHERE seminar_id = ?", (seminar.id,)
        ).fetchone()
    copy.close()
    assert acked_before <= in_copy
    assert len(in_copy) < len(reporters.acked)  # a snapshot, not the end state
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no -wal, no partial
    assert (
        revision
        == ScriptDirectory.from_config(alembic_config(settings.database_url)).get_current_head()
    )

    restored = Settings(
        _env_file=None, database_url=f"sqlite+aiosqlite:///{target}", data_dir=tmp_path / "files"
    )
    app = create_app(restored)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://restored") as c:
            assert (await c.get(f"{API}/health")).status_code == 200
            stored = await c.get(
                f"{API}/seminars/{seminar.id}/attendance", headers=organizer.headers
            )
    assert stored.status_code == 200, stored.text
    assert stored.json()["totals"]["headcount"] == total > 0


@sqlite_only
def test_backup_refuses_to_overwrite_a_file_unless_forced(
    configured: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "copy.db"
    target.write_bytes(b"an older backup")
    with pytest.raises(SystemExit) as refused:
        main(["backup", str(target)])
    assert "đã có" in str(refused.value.code) and "--force" in str(refused.value.code)
    assert target.read_bytes() == b"an older backup"

    main(["backup", str(target), "--force"])
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()
    assert "Đã sao lưu" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@sqlite_only
def test_backup_into_a_directory_writes_a_dated_file_there(
    configured: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    main(["backup", str(folder)])
    (written,) = folder.iterdir()
    assert written.name.startswith("diemcau-") and written.suffix == ".db"


@sqlite_only
def test_backup_refuses_to_write_over_the_database_itself(configured: Settings) -> None:
    database = _database(configured)
    before = database.read_bytes()
    with pytest.raises(SystemExit) as refused:
        main(["backup", str(database), "--force"])
    assert "trùng với chính cơ sở dữ liệu" in str(refused.value.code)
    assert database.read_bytes() == before


def test_backup_of_a_missing_database_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIEMCAU_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/none.db")
    get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit) as refused:
            main(["backup", str(tmp_path / "copy.db")])
    finally:
        get_settings.cache_clear()
    assert "Không tìm thấy cơ sở dữ liệu" in str(refused.value.code)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_backup_on_postgresql_shows_pg_dump_without_the_password_and_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(
        "DIEMCAU_DATABASE_URL", "postgresql+asyncpg://diemcau:bi-mat@db.internal:5433/toadam"
    )
    get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit) as refused:
            main(["backup", "/backups/toadam.dump"])
    finally:
        get_settings.cache_clear()
    message = str(refused.value.code)
    assert refused.value.code not in (0, None)
    assert "pg_dump --format=custom --file=/backups/toadam.dump" in message
    assert "--host=db.internal --port=5433 --username=diemcau toadam" in message
    assert "bi-mat" not in message


def test_a_rollback_journal_database_is_copied_in_pages(tmp_path: Path) -> None:
    source = tmp_path / "plain.db"
    with sqlite3.connect(source) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.executemany("INSERT INTO notes (body) VALUES (?)", [("x" * 200,)] * 2000)
    conn.close()
    steps: list[tuple[int, int]] = []

    done = backup_sqlite(
        source, tmp_path / "copy.db", pages=16, progress=lambda d, t: steps.append((d, t))
    )

    assert len(steps) > 1 and steps[-1][0] == steps[-1][1]
    assert (done.tables, done.rows) == (1, 2000)


def test_a_failed_backup_says_so_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database at all" * 100)
    monkeypatch.setenv("DIEMCAU_DATABASE_URL", f"sqlite+aiosqlite:///{broken}")
    get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit) as failed:
            main(["backup", str(tmp_path / "out" / "copy.db")])
    finally:
        get_settings.cache_clear()
    assert "Sao lưu không thành công" in str(failed.value.code)
    assert list((tmp_path / "out").iterdir()) == []
