"""Reusable builders for tests of every domain: sites, seminars in a given status, invites."""

from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.models import Site, SiteLevel
from app.sites.national import NationalTree, load_national_tree
from app.sites.service import derived_columns
from tests.conftest import Actor

API = "/api/v1"
# 19 July 2026, 08:00 in Hà Nội (UTC+7): the reference event.
STARTS_AT = datetime(2026, 7, 19, 1, 0, tzinfo=UTC)

_slugs = count(1)

# The moves that lead from draft to each status.
PATH_TO = {
    "draft": [],
    "published": ["publish"],
    "live": ["publish", "start"],
    "ended": ["publish", "start", "end"],
    "cancelled": ["cancel"],
}


async def create_site(
    session: AsyncSession,
    code: str,
    name: str,
    parent: Site | None = None,
    level: SiteLevel = SiteLevel.unit,
) -> Site:
    """Insert a directory site directly (with its derived search and sort columns)."""
    site = Site(
        code=code,
        name=name,
        parent_id=parent.id if parent else None,
        level=level,
        **derived_columns(code, name, None),
    )
    session.add(site)
    await session.commit()
    return site


async def create_seminar(
    client: httpx.AsyncClient, actor: Actor, status: str = "draft", **fields: Any
) -> dict:
    """Create a seminar through the API and move it to ``status``; returns its JSON."""
    body: dict[str, Any] = {
        "title": "Hội thảo khoa học",
        "slug": f"hoi-thao-{next(_slugs)}",
        "starts_at": STARTS_AT.isoformat(),
        "ends_at": (STARTS_AT + timedelta(hours=4)).isoformat(),
    }
    body.update({k: v.isoformat() if isinstance(v, datetime) else v for k, v in fields.items()})
    response = await client.post(f"{API}/seminars", json=body, headers=actor.headers)
    assert response.status_code == 201, response.text
    seminar = response.json()
    for verb in PATH_TO[status]:
        moved = await client.post(f"{API}/seminars/{seminar['id']}/{verb}", headers=actor.headers)
        assert moved.status_code == 200, moved.text
        seminar = moved.json()
    return seminar


async def invite(
    client: httpx.AsyncClient, actor: Actor, seminar_id: int, site_ids: list[int]
) -> dict[int, str]:
    """Invite sites through the API; returns {site_id: token}."""
    response = await client.post(
        f"{API}/seminars/{seminar_id}/sites", json={"site_ids": site_ids}, headers=actor.headers
    )
    assert response.status_code == 201, response.text
    return {entry["site_id"]: entry["token"] for entry in response.json()}


def site_headers(token: str) -> dict[str, str]:
    """Headers of a site coordinator's request."""
    return {"X-Site-Token": token}


async def national_directory(session: AsyncSession, **sizes: int) -> NationalTree:
    """The generated national tree (40,000 sites by default; smaller with ``sizes``)."""
    tree = await load_national_tree(session, **sizes)
    await session.commit()
    return tree
