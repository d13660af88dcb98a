"""The `diemcau` command line: create-admin and the idempotent demo loader."""

import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.core.config import get_settings
from app.core.security import verify_password
from app.submissions.storage import PDF, FileStore, detect_kind


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
            for table in (
                "users",
                "sites",
                "seminars",
                "agenda_items",
                "seminar_sites",
                "submissions",
                "submission_files",
            )
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
        "users": 16,  # the organizer and the 15 speakers
        "sites": 75,  # the committee, its 73 base organizations, the main hall
        "seminars": 1,
        "agenda_items": 16,  # opening, report, 11 papers around a break, discussion, closing
        "seminar_sites": 74,  # 73 invited sites and the main hall
        "submissions": 15,
        "submission_files": 15,
    }
    output = capsys.readouterr().out
    assert "tochuc@diemcau.vn" in output
    assert "/site#" in output
    with sqlite3.connect(database) as conn:
        status, main_site = conn.execute("SELECT status, main_site_id FROM seminars").fetchone()
    assert status == "published" and main_site is not None
    _check_demo_papers(database)

    main(["demo"])
    assert _counts(database) == first
    assert "already loaded" in capsys.readouterr().out


def _check_demo_papers(db_file: Path) -> None:
    """15 received, 11 live on the agenda between the report and the discussion, 4 written;
    each with a stored PDF that the upload check itself recognises."""
    with sqlite3.connect(db_file) as conn:
        statuses = dict(conn.execute("SELECT status, count(*) FROM submissions GROUP BY status"))
        received = conn.execute(
            "SELECT count(*) FROM submissions WHERE submitted_at IS NOT NULL"
        ).fetchone()[0]
        kinds = [
            (kind, submission_id)
            for kind, submission_id in conn.execute(
                "SELECT kind, submission_id FROM agenda_items ORDER BY position"
            )
        ]
        live_ids = {
            row[0]
            for row in conn.execute("SELECT id FROM submissions WHERE status='selected_live'")
        }
        files = conn.execute("SELECT sha256, media_type, original_filename FROM submission_files")
        files = files.fetchall()
    assert statuses == {"selected_live": 11, "accepted_written": 4}
    assert received == 15
    order = [kind for kind, _ in kinds]
    assert order[:2] == ["opening", "report"]
    assert order[-2:] == ["discussion", "closing"]
    assert sorted(order[2:-2]) == ["break"] + ["paper"] * 11
    assert {sid for kind, sid in kinds if kind == "paper"} == live_ids
    store = FileStore(get_settings().data_dir)
    for sha256, media_type, filename in files:
        data = store.path_for(sha256).read_bytes()
        assert detect_kind(data) == PDF and media_type == "application/pdf"
        assert filename.endswith(".pdf")
