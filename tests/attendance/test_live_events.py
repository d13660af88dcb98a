"""Services publish through the ``LiveEvents`` port, after their commit, not the socket layer."""

import ast
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance import live, service, views
from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.attendance.ports import LiveEvents
from app.attendance.rollup import LiveChanges
from app.realtime.hub import LiveHub
from app.seminars import service as seminars
from app.seminars.models import SeminarStatus
from tests.conftest import Actor
from tests.factories import API, create_seminar, create_site, invite, site_headers

APP = Path(__file__).resolve().parents[2] / "app"


@dataclass
class RecordedEvents:
    """A list-backed ``LiveEvents``: what a service asked to broadcast, in order."""

    changes: list[LiveChanges] = field(default_factory=list)
    messages: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    disconnected: list[int] = field(default_factory=list)
    staff: list[tuple[int, int | None, str, dict[str, Any]]] = field(default_factory=list)
    to_sites: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    versions: dict[tuple[int, int | None], int] = field(default_factory=dict)
    polls: list[tuple[int, int]] = field(default_factory=list)

    def publish_changes(self, changes: LiveChanges, origin: float | None = None) -> None:
        self.changes.append(changes)

    async def publish(self, seminar_id: int, event: str, payload: dict[str, Any]) -> None:
        self.messages.append((seminar_id, event, payload))

    async def publish_staff(
        self, seminar_id: int, site_id: int | None, event: str, payload: dict[str, Any]
    ) -> None:
        self.staff.append((seminar_id, site_id, event, payload))

    async def publish_site(self, seminar_site_id: int, event: str, payload: dict[str, Any]) -> None:
        self.to_sites.append((seminar_site_id, event, payload))

    def poll_changed(self, seminar_id: int, poll_id: int) -> None:
        self.polls.append((seminar_id, poll_id))

    async def version(self, seminar_id: int, scope: int | None = None) -> int:
        return self.versions.get((seminar_id, scope), 0)

    async def disconnect_site(self, seminar_site_id: int) -> None:
        self.disconnected.append(seminar_site_id)


async def _registered_site(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> tuple[dict, SeminarSite, str]:
    site = await create_site(session, "HN-1", "Chi bộ Hà Nội 1")
    seminar = await create_seminar(client, organizer, status="live")
    token = (await invite(client, organizer, seminar["id"], [site.id]))[site.id]
    registered = await client.post(
        f"{API}/site/register", json={"expected_attendees": 40}, headers=site_headers(token)
    )
    assert registered.status_code == 200, registered.text
    row = await session.scalar(select(SeminarSite).where(SeminarSite.site_id == site.id))
    assert row is not None
    return seminar, row, token


def test_the_socket_publisher_and_the_fake_both_satisfy_the_port() -> None:
    assert isinstance(RecordedEvents(), LiveEvents)
    assert isinstance(LiveHub.offline(), LiveEvents)


async def test_a_check_in_publishes_one_change_after_its_commit(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    seminar, row, _token = await _registered_site(client, organizer, session)
    events = RecordedEvents()

    await live.check_in(session, row, events)

    [changes] = events.changes
    [site_row] = changes.rows[seminar["id"]]
    assert site_row["id"] == row.site_id and site_row["status"] == SeminarSiteStatus.checked_in
    assert changes.totals[seminar["id"]]["sites_connected"] == 1
    # Published after the commit: another session already sees it.
    listed = await client.get(
        f"{API}/seminars/{seminar['id']}/attendance", headers=organizer.headers
    )
    assert listed.json()["totals"]["sites_connected"] == 1
    assert events.messages == [] and events.disconnected == []


async def test_a_repeated_check_in_publishes_nothing(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    _seminar, row, _token = await _registered_site(client, organizer, session)
    await live.check_in(session, row, RecordedEvents())
    events = RecordedEvents()
    await live.check_in(session, row, events)
    assert events.changes == []


async def test_a_rotated_token_closes_that_sites_sockets(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    seminar, row, _token = await _registered_site(client, organizer, session)
    events = RecordedEvents()
    await service.rotate_site_token(
        session, organizer.user, seminar["id"], row.site_id, "http://x", events
    )
    assert events.disconnected == [row.id]


async def test_ending_a_seminar_tells_every_view_after_the_commit(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    seminar = await create_seminar(client, organizer, status="live")
    events = RecordedEvents()
    await seminars.change_seminar_status(
        session, organizer.user, seminar["id"], SeminarStatus.ended, events
    )
    assert events.messages == [(seminar["id"], "seminar", {"status": "ended"})]
    shown = await client.get(f"{API}/seminars/{seminar['id']}", headers=organizer.headers)
    assert shown.json()["status"] == "ended"


async def test_the_staff_view_carries_the_views_version(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    seminar, row, _token = await _registered_site(client, organizer, session)
    events = RecordedEvents(versions={(seminar["id"], None): 41})
    answer = await views.staff_attendance(session, organizer.user, seminar["id"], None, events)
    assert answer.version == 41
    assert [r["id"] for r in answer.sites] == [row.site_id]


def test_services_do_not_import_the_socket_layer() -> None:
    """Only routers (the wiring) name ``app.realtime``; rules depend on the port."""
    for package in ("attendance", "seminars"):
        for module in (APP / package).glob("*.py"):
            if module.name in ("router.py", "fastpath.py"):
                continue
            tree = ast.parse(module.read_text(encoding="utf-8"))
            imported = [
                node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            ] + [
                alias.name
                for node in ast.walk(tree)
                if isinstance(node, ast.Import)
                for alias in node.names
            ]
            assert not [m for m in imported if m.startswith("app.realtime")], module.name
