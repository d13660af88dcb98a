"""Fixtures of the site directory tests: creating sites and uploading CSV files."""

from collections.abc import Awaitable, Callable
from itertools import count
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.models import Site
from tests.conftest import Actor

SITES = "/api/v1/sites"
IMPORT = f"{SITES}/import"

_codes = count(1)
MakeSite = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def make_site(client: httpx.AsyncClient, organizer: Actor) -> MakeSite:
    """Create a site through the API as an organizer; returns its JSON."""

    async def _make(name: str, *, parent: dict | None = None, **fields: Any) -> dict[str, Any]:
        body = {"code": f"S{next(_codes):04d}", "name": name, **fields}
        if parent is not None:
            body["parent_id"] = parent["id"]
        response = await client.post(SITES, json=body, headers=organizer.headers)
        assert response.status_code == 201, response.text
        return response.json()

    return _make


async def upload_csv(
    client: httpx.AsyncClient, actor: Actor | None, content: bytes, filename: str = "sites.csv"
) -> httpx.Response:
    """POST a CSV file to the import endpoint in the multipart field ``file``."""
    return await client.post(
        IMPORT,
        files={"file": (filename, content, "text/csv")},
        headers=actor.headers if actor else {},
    )


async def site_count(session: AsyncSession) -> int:
    """How many sites the directory holds right now."""
    total = await session.scalar(select(func.count()).select_from(Site)) or 0
    # End the transaction: the test session writes, so it would keep SQLite's write lock.
    await session.rollback()
    return total


def csv_bytes(*lines: str, bom: bool = False) -> bytes:
    """A UTF-8 CSV file from its lines (CRLF, as spreadsheets write them)."""
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


HEADER = (
    "code,name,parent_code,level,locality,"
    "coordinator_name,coordinator_phone,coordinator_email,capacity"
)
