"""The `diemcau` command line: create-admin and the idempotent demo loader."""

import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.core.config import get_settings
from app.core.security import verify_password


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh database file the CLI is pointed at through the environment."""
    db_file = tmp_path / "cli.db"
    monkeypatch.setenv("DIEMCAU_DATABASE_URL", f"sqlite+aiosqlite:///{db_file}")
    monkeypatch.setenv("DIEMCAU_DATA_DIR", str(tmp_path / "files"))
    get_settings.cache_clear()
    yield db_file
    get_settings.cache_clear()


def _counts(db_file: Path) -> dict[str, int]:
    with sqlite3.connect(db_file) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("users", "sites", "seminars", "agenda_items", "seminar_sites")
        }


def test_create_admin_creates_then_resets(database: Path) -> None:
    main(["create-admin", "--email", "Admin@Example.vn", "--password", "first-password"])
    main(["create-admin", "--email", "admin@example.vn", "--password", "second-password"])
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT email, role, password_hash FROM users").fetchall()
    assert len(rows) == 1
    email, role, password_hash = rows[0]
    assert (email, role) == ("admin@example.vn", "admin")
    assert verify_password(password_hash, "second-password")


def test_demo_loads_the_reference_event_once(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["demo"])
    first = _counts(database)
    assert first == {
        "users": 1,  # the organizer
        "sites": 75,  # the committee, its 73 base organizations, the main hall
        "seminars": 1,
        "agenda_items": 8,
        "seminar_sites": 74,  # 73 invited sites and the main hall
    }
    output = capsys.readouterr().out
    assert "tochuc@diemcau.vn" in output
    assert "/site#" in output
    with sqlite3.connect(database) as conn:
        status, main_site = conn.execute("SELECT status, main_site_id FROM seminars").fetchone()
    assert status == "published" and main_site is not None

    main(["demo"])
    assert _counts(database) == first
    assert "already loaded" in capsys.readouterr().out
