"""A headcount report is fully checked before it joins a batch: one bad report fails alone."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.headcount import record_site_report
from app.attendance.models import AttendanceReport
from app.core.config import Settings
from app.core.errors import DomainError
from tests.conftest import Actor
from tests.factories import API, create_site, site_headers
from tests.realtime.conftest import make_live_seminar
from tests.services import refusing_trigger

OVERFLOWING = "9999-12-31T23:59:59-05:00"  # becomes year 10000 in UTC


def body(headcount: int, reported_at: str | None = None, **extra: object) -> dict[str, object]:
    return {
        "headcount": headcount,
        "request_id": str(uuid.uuid4()),
        "reported_at": reported_at or datetime.now(UTC).isoformat(),
        **extra,
    }


async def post(
    client: httpx.AsyncClient, token: str, payload: dict | bytes, lang: str | None = None
) -> httpx.Response:
    headers = site_headers(token)
    if lang:
        headers["Accept-Language"] = lang
    if isinstance(payload, bytes):
        headers["Content-Type"] = "application/json"
        return await client.post(f"{API}/site/headcount", content=payload, headers=headers)
    return await client.post(f"{API}/site/headcount", json=payload, headers=headers)


async def stored_ids(session: AsyncSession) -> set[str]:
    await session.rollback()  # see what has been committed since
    ids = set((await session.scalars(select(AttendanceReport.request_id))).all())
    await session.rollback()  # a write session: release the lock for the recorder
    return ids


@pytest.fixture
async def tokens(client: httpx.AsyncClient, organizer: Actor, session: AsyncSession) -> list[str]:
    """Three checked-in sites of a live seminar."""
    sites = [await create_site(session, f"CB{i}", f"Chi bộ {i}") for i in range(3)]
    seminar = await make_live_seminar(client, organizer, sites)
    return list(seminar.tokens.values())


def _ago(**delta: float) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).isoformat()


@pytest.mark.parametrize(
    "reported_at",
    [
        pytest.param(_ago(hours=25), id="more-than-24h-ago"),
        pytest.param(_ago(minutes=-10), id="10-minutes-ahead"),
        pytest.param("2100-01-01T08:00:00+07:00", id="a-phone-clock-in-2100"),
        # Years outside 2000–2100 (0001, 9999 overflowing in UTC) are refused earlier, as
        # every date input is: tests/core/test_input_limits.py.
    ],
)
async def test_a_report_dated_outside_the_window_is_422_and_stores_nothing(
    client: httpx.AsyncClient, tokens: list[str], session: AsyncSession, reported_at: str
) -> None:
    report = body(5, reported_at)
    response = await post(client, tokens[0], report)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "attendance.reported_at_out_of_window"
    assert "đồng hồ" in response.json()["detail"]  # tells the coordinator what to check
    assert response.json()["errors"][0]["loc"] == ["body", "reported_at"]
    assert report["request_id"] not in await stored_ids(session)


async def test_the_window_is_explained_in_english_on_request(
    client: httpx.AsyncClient, tokens: list[str]
) -> None:
    response = await post(client, tokens[0], body(5, _ago(hours=30)), lang="en")
    assert response.status_code == 422
    assert "24 hours" in response.json()["detail"]


async def test_a_phone_clock_in_2100_does_not_freeze_its_site(
    client: httpx.AsyncClient, tokens: list[str]
) -> None:
    assert (await post(client, tokens[0], body(50, "2100-01-01T08:00:00+07:00"))).status_code == 422
    honest = await post(client, tokens[0], body(12))
    assert honest.status_code == 200
    assert honest.json()["applied"] is True
    assert honest.json()["headcount"] == 12


async def test_an_overflowing_date_sent_with_honest_reports_fails_alone(
    client: httpx.AsyncClient, tokens: list[str], session: AsyncSession
) -> None:
    honest = [body(10 + i) for i in range(6)]
    answers = await asyncio.gather(
        *(post(client, tokens[i % 3], b) for i, b in enumerate(honest)),
        post(client, tokens[0], body(99, OVERFLOWING)),
    )
    assert [a.status_code for a in answers] == [200] * 6 + [422]
    assert {b["request_id"] for b in honest} <= await stored_ids(session)


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(b'{"headcount": 5, "request_id": "\xff\xfe", "reported_at": "x"}', id="utf8"),
        pytest.param(b"\xff\xfe\xfd", id="binary"),
        pytest.param(b"{not json", id="not-json"),
        pytest.param(b"", id="empty"),
        pytest.param(b"[]", id="a-list"),
        pytest.param(b'{"headcount": 1e20, "request_id": "a", "reported_at": "now"}', id="1e20"),
        pytest.param(
            b'{"headcount": 100000000000000000000000000000, "request_id": "a"}', id="huge-int"
        ),
        pytest.param(b'{"headcount": 5, "request_id": 10000000000000000000000}', id="int-id"),
        pytest.param(b'{"headcount": -1, "request_id": "a", "reported_at": 1e300}', id="numbers"),
    ],
)
async def test_a_body_that_is_not_a_report_is_422_in_vietnamese_never_500(
    client: httpx.AsyncClient, tokens: list[str], payload: bytes
) -> None:
    response = await post(client, tokens[0], payload)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "request.invalid"
    assert response.json()["detail"].startswith("Dữ liệu gửi lên chưa hợp lệ")
    assert response.json()["errors"]


async def test_reports_per_site_token_are_limited_after_a_burst_an_offline_queue_can_flush(
    app: FastAPI, client: httpx.AsyncClient, tokens: list[str], session: AsyncSession
) -> None:
    burst = int(app.state.live.recorder.site_limit.burst)
    start = datetime.now(UTC) - timedelta(hours=2)
    queued = [body(i, (start + timedelta(seconds=i)).isoformat()) for i in range(burst)]
    flushed = await asyncio.gather(*(post(client, tokens[0], b) for b in queued))
    assert {r.status_code for r in flushed} == {200}
    assert burst >= 100  # DESIGN: an offline queue of 100 reports flushes at once

    more = [await post(client, tokens[0], body(7)) for _ in range(20)]
    limited = [r for r in more if r.status_code == 429]
    assert limited, [r.status_code for r in more]
    assert int(limited[0].headers["Retry-After"]) >= 1
    assert limited[0].json()["code"] == "attendance.reports_too_frequent"
    # Other sites are not held back by a noisy one.
    assert (await post(client, tokens[1], body(3))).status_code == 200
    assert not {r.json().get("request_id") for r in limited} & await stored_ids(session)


async def test_a_poison_report_in_one_batch_fails_alone_and_the_others_are_acknowledged(
    app: FastAPI, settings: Settings, tokens: list[str], session: AsyncSession
) -> None:
    # A real write failure: the database refuses this one row.
    when = "NEW.request_id = 'poison'"
    for statement in refusing_trigger(
        session.bind.dialect.name, "poison_report", "attendance_reports", when
    ):
        await session.execute(text(statement))
    await session.commit()
    recorder = app.state.live.recorder
    now = datetime.now(UTC)
    ids = [f"honest-{i}" for i in range(100)]
    ids.insert(37, "poison")
    # Queued in the same turn of the event loop: the writer takes them as one batch.
    results = await asyncio.gather(
        *(record_site_report(recorder, tokens[i % 3], 10, rid, now) for i, rid in enumerate(ids)),
        return_exceptions=True,
    )
    failed = {rid: r for rid, r in zip(ids, results, strict=True) if isinstance(r, BaseException)}
    assert list(failed) == ["poison"]
    assert isinstance(failed["poison"], DomainError)
    assert failed["poison"].status_code == 422
    assert set(ids) - {"poison"} <= await stored_ids(session)
    # The writer survived the failure (it used to die on a failing retry, leaving its
    # request waiting forever): the next report is written.
    later = await record_site_report(recorder, tokens[1], 11, "after-poison", datetime.now(UTC))
    assert later.applied
