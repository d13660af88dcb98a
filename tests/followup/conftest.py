"""A seminar with sites of two provinces, tasks assigned while it is live, for the
follow-up tests."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.models import Site, SiteLevel
from tests.conftest import Actor
from tests.factories import API, create_seminar, create_site, invite, site_headers


@dataclass
class Scene:
    seminar: dict
    north: Site
    north_units: list[Site]
    south: Site
    south_units: list[Site]
    tokens: dict[int, str]
    organizer: Actor
    tasks: dict[str, int] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"{API}/seminars/{self.seminar['id']}"

    @property
    def sites(self) -> list[Site]:
        return [self.north, *self.north_units, self.south, *self.south_units]

    def headers(self, site: Site) -> dict[str, str]:
        return site_headers(self.tokens[site.id])


async def create_task(
    client: httpx.AsyncClient, scene: Scene, title: str, due_on: date, **how: Any
) -> dict:
    body = {"title": title, "due_on": due_on.isoformat(), **how}
    if "site_ids" not in how:
        body.setdefault("all_sites", True)
    created = await client.post(f"{scene.url}/tasks", json=body, headers=scene.organizer.headers)
    assert created.status_code == 201, created.text
    return created.json()


async def end(client: httpx.AsyncClient, scene: Scene) -> None:
    ended = await client.post(f"{scene.url}/end", headers=scene.organizer.headers)
    assert ended.status_code == 200, ended.text


async def progress(
    client: httpx.AsyncClient, scene: Scene, site: Site, task_id: int, status: str, **body: Any
) -> httpx.Response:
    return await client.post(
        f"{API}/site/tasks/{task_id}/progress",
        json={"status": status, **body},
        headers=scene.headers(site),
    )


@pytest.fixture
async def scene(client: httpx.AsyncClient, organizer: Actor, session: AsyncSession) -> Scene:
    north = await create_site(session, "B", "Tỉnh Bắc Ninh", level=SiteLevel.province)
    south = await create_site(session, "N", "Tỉnh Cà Mau", level=SiteLevel.province)
    north_units = [
        await create_site(session, f"B{i}", f"Xã Bắc {i}", parent=north) for i in range(1, 4)
    ]
    south_units = [
        await create_site(session, f"N{i}", f"Xã Nam {i}", parent=south) for i in range(1, 3)
    ]
    seminar = await create_seminar(client, organizer, "live")
    sites = [north, *north_units, south, *south_units]
    tokens = await invite(client, organizer, seminar["id"], [s.id for s in sites])
    return Scene(seminar, north, north_units, south, south_units, tokens, organizer)
