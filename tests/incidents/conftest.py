"""A live seminar with two sites of two provinces, for the incidents tests."""

from dataclasses import dataclass

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
    north_unit: Site
    south_unit: Site
    tokens: dict[int, str]

    @property
    def url(self) -> str:
        return f"{API}/seminars/{self.seminar['id']}/incidents"

    def headers(self, site: Site) -> dict[str, str]:
        return site_headers(self.tokens[site.id])


@pytest.fixture
async def scene(client: httpx.AsyncClient, organizer: Actor, session: AsyncSession) -> Scene:
    north = await create_site(session, "B", "Tỉnh Bắc Ninh", level=SiteLevel.province)
    south = await create_site(session, "N", "Tỉnh Cà Mau", level=SiteLevel.province)
    north_unit = await create_site(session, "B1", "Xã Tân Phú", parent=north)
    south_unit = await create_site(session, "N1", "Xã An Bình", parent=south)
    seminar = await create_seminar(client, organizer, "live")
    ids = [north.id, south.id, north_unit.id, south_unit.id]
    tokens = await invite(client, organizer, seminar["id"], ids)
    return Scene(seminar, north, north_unit, south_unit, tokens)


async def report(
    client: httpx.AsyncClient, scene: Scene, site: Site, kind: str, request_id: str, **body: str
) -> httpx.Response:
    return await client.post(
        f"{API}/site/incidents",
        json={"kind": kind, "request_id": request_id, **body},
        headers=scene.headers(site),
    )
