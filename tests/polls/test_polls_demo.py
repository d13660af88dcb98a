"""The demo's opinions: a quick vote counted at 58 sites (published) and a satisfaction
survey answered from a few hundred phones (closed), loaded once."""

import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from app.cli import main
from app.core.config import get_settings
from app.reports.polls import survey_sentence


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db_file = tmp_path / "demo.db"
    monkeypatch.setenv("DIEMCAU_DATABASE_URL", f"sqlite+aiosqlite:///{db_file}")
    monkeypatch.setenv("DIEMCAU_DATA_DIR", str(tmp_path / "files"))
    get_settings.cache_clear()
    yield db_file
    get_settings.cache_clear()


def _rows(db_file: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db_file) as conn:
        return conn.execute(sql).fetchall()


def test_demo_has_a_published_site_vote_and_a_closed_survey_loaded_once(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["demo"])
    polls = _rows(database, "SELECT id, mode, purpose, status, responses, kind FROM polls")
    by_purpose = {row[2]: row for row in polls}
    assert len(polls) == 2
    vote_id, mode, _, status, responses, kind = by_purpose["poll"]
    assert (mode, status, kind) == ("per_site", "published", "single")

    tallies = _rows(
        database, f"SELECT id, responses FROM poll_site_tallies WHERE poll_id = {vote_id}"
    )
    assert len(tallies) == 58
    options = dict(_rows(database, f"SELECT id, count FROM poll_options WHERE poll_id={vote_id}"))
    summed: Counter[int] = Counter()
    for tally_id, site_responses in tallies:
        counts = dict(
            _rows(
                database, f"SELECT option_id, count FROM poll_site_counts WHERE tally_id={tally_id}"
            )
        )
        # single choice: the site's responses are its counts, within a room of 12–25
        assert sum(counts.values()) == site_responses <= 25
        summed.update(counts)
    assert dict(summed) == options
    assert responses == sum(options.values())

    survey_id, mode, _, status, answers, kind = by_purpose["survey"]
    assert (mode, status, kind) == ("per_person", "closed", "scale")
    rows = _rows(
        database, f"SELECT device_hash, option_ids FROM poll_answers WHERE poll_id={survey_id}"
    )
    assert len({device for device, _ in rows}) == len(rows) == answers >= 200
    chosen = Counter(json.loads(ids)[0] for _, ids in rows)
    levels = _rows(
        database, f"SELECT id, count FROM poll_options WHERE poll_id={survey_id} ORDER BY position"
    )
    assert [count for _, count in levels] == [chosen[option_id] for option_id, _ in levels]
    satisfied = chosen[levels[3][0]] + chosen[levels[4][0]]
    assert survey_sentence(satisfied, answers).startswith("87,5% hài lòng hoặc rất hài lòng")
    assert "satisfaction survey" in capsys.readouterr().out

    main(["demo"])
    assert len(_rows(database, "SELECT id FROM polls")) == 2
    assert len(_rows(database, "SELECT id FROM poll_answers")) == answers
