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


def test_national_demo_loads_a_live_40000_site_event_once(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The generated tree, the whole of it invited to one live national seminar, a
    realistic moment (most sites registered, most checked in with a headcount, a few
    dropped), two members limited to a province; every total agrees with the rows."""
    main(["demo", "--national"])
    first = _counts(database)
    assert first["sites"] == 1 + 34 + 3321 + 36644
    assert first["seminars"] == 1
    assert first["users"] == 3  # the organizer and the two province staff
    assert first["seminar_sites"] == first["sites"]  # the central site is the main hall
    output = capsys.readouterr().out
    with sqlite3.connect(database) as conn:
        seminar_id, slug, status, main_site, title = conn.execute(
            "SELECT s.id, s.slug, s.status, st.code, s.title FROM seminars s "
            "JOIN sites st ON st.id = s.main_site_id"
        ).fetchone()
        statuses = dict(
            conn.execute(
                "SELECT status, count(*) FROM seminar_sites WHERE is_main = 0 GROUP BY status"
            )
        )
        counted, headcount, low, high = conn.execute(
            "SELECT count(*), sum(headcount), min(headcount), max(headcount) "
            "FROM seminar_sites WHERE status = 'checked_in' AND is_main = 0"
        ).fetchone()
        main_headcount = conn.execute(
            "SELECT headcount FROM seminar_sites WHERE is_main = 1 AND status = 'checked_in'"
        ).fetchone()[0]
        seminar = conn.execute(
            "SELECT sites_invited, sites_registered, sites_connected, live_headcount, "
            "sites_waiting FROM seminars"
        ).fetchone()
        root = conn.execute(
            "SELECT subtree_headcount, subtree_sites_connected, sites_waiting, sites_invited "
            "FROM seminar_sites WHERE is_main = 1"
        ).fetchone()
        provinces = conn.execute(
            "SELECT sum(ss.subtree_headcount) FROM seminar_sites ss "
            "JOIN sites s ON s.id = ss.site_id WHERE s.level = 'province'"
        ).fetchone()[0]
        limited = conn.execute(
            "SELECT u.email, s.code FROM seminar_members m JOIN users u ON u.id = m.user_id "
            "JOIN sites s ON s.id = m.subtree_site_id ORDER BY u.email"
        ).fetchall()
        province_id = conn.execute("SELECT id FROM sites WHERE code = 'QG-01'").fetchone()[0]
    assert (status, main_site) == ("live", "QG") and title.startswith("Hội nghị toàn quốc")
    remote = first["seminar_sites"] - 1
    registered = statuses["registered"] + statuses["checked_in"] + statuses["disconnected"]
    assert 0.80 * remote < registered < 0.90 * remote
    assert 0.65 * remote < counted < 0.75 * remote
    assert 0 < statuses["disconnected"] < 0.01 * remote
    assert (low, high) == (10, 60)
    # Every total is the sum of the checked-in sites' headcounts.
    waiting = statuses["invited"] + statuses["registered"]  # to phone
    assert seminar == (remote, registered, counted, headcount + main_headcount, waiting)
    assert root == (headcount + main_headcount, counted, waiting, remote)
    assert provinces == headcount  # every unit and commune is under one province
    assert limited == [("canbo.hanoi@diemcau.vn", "QG-01"), ("canbo.hcm@diemcau.vn", "QG-27")]
    links = (get_settings().data_dir / "national-checkin-links.txt").read_text().splitlines()
    assert len(links) == remote and links[0].startswith("QG-01\t") and "/site#" in links[0]
    assert f"/display/{slug}\n" in output
    assert f"/display/{slug}?scope={province_id}" in output
    assert f"/seminars/{seminar_id}" in output

    main(["demo", "--national"])
    assert _counts(database) == first
    again = capsys.readouterr().out
    assert "already loaded" in again and f"?scope={province_id}" in again
