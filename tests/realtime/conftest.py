"""A live seminar with checked-in sites, for realtime and attendance tests."""

from dataclasses import dataclass, field

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.models import Site, SiteLevel
from tests.conftest import Actor
from tests.factories import API, create_seminar, create_site, invite, site_headers


@dataclass
class LiveSeminar:
    """A live seminar: its id, and each site's id and check-in token."""

    id: int
    slug: str
    tokens: dict[int, str] = field(default_factory=dict)  # site id → token


async def check_in(client: httpx.AsyncClient, token: str) -> None:
    """Register and check in through the site API."""
    headers = site_headers(token)
    registered = await client.post(
        f"{API}/site/register",
        json={"expected_attendees": 30, "coordinator_name": "A", "coordinator_phone": "0912"},
        headers=headers,
    )
    assert registered.status_code == 200, registered.text
    checked_in = await client.post(f"{API}/site/checkin", headers=headers)
    assert checked_in.status_code == 200, checked_in.text


async def make_live_seminar(
    client: httpx.AsyncClient,
    organizer: Actor,
    sites: list[Site],
    *,
    checked_in: bool = True,
    status: str = "live",
) -> LiveSeminar:
    seminar = await create_seminar(client, organizer, status)
    tokens = await invite(client, organizer, seminar["id"], [site.id for site in sites])
    if checked_in:
        for token in tokens.values():
            await check_in(client, token)
    return LiveSeminar(id=seminar["id"], slug=seminar["slug"], tokens=tokens)


@pytest.fixture
async def flat_sites(session: AsyncSession) -> list[Site]:
    """Sixty base organizations under one committee that is not itself invited."""
    root = await create_site(session, "DUK", "Đảng ủy Khối", level=SiteLevel.province)
    return [
        await create_site(session, f"CS{i:02d}", f"Chi bộ {i:02d}", parent=root) for i in range(60)
    ]


@pytest.fixture
async def tree_sites(session: AsyncSession) -> dict[str, Site]:
    """province → district → commune, and a second district."""
    province = await create_site(session, "T", "Tỉnh Bắc Giang", level=SiteLevel.province)
    district = await create_site(
        session, "H", "Huyện Yên Thế", parent=province, level=SiteLevel.district
    )
    other = await create_site(
        session, "H2", "Huyện Lục Nam", parent=province, level=SiteLevel.district
    )
    commune = await create_site(
        session, "X", "Xã Đồng Tâm", parent=district, level=SiteLevel.commune
    )
    return {"province": province, "district": district, "other": other, "commune": commune}
