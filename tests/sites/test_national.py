"""The generated national directory: 40,000 sites in the shape of the largest real events."""

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.text import fold
from app.sites.models import Site, SiteLevel
from app.sites.national import CODE_PREFIX, load_national_tree
from tests.conftest import Actor
from tests.factories import API, national_directory


async def test_the_national_tree_has_40000_sites_central_provinces_communes_units(
    session: AsyncSession,
) -> None:
    tree = await national_directory(session)

    per_level = dict(
        (level, n)
        for level, n in await session.execute(select(Site.level, func.count()).group_by(Site.level))
    )
    assert tree.created == tree.total == 40_000
    assert per_level == {
        SiteLevel.central: 1,
        SiteLevel.province: 34,
        SiteLevel.commune: 3_321,
        SiteLevel.unit: 36_644,
    }
    orphans = await session.scalar(
        select(func.count()).select_from(Site).where(Site.parent_id.is_(None))
    )
    assert orphans == 1  # only the central site is a root


async def test_loading_it_again_adds_nothing(session: AsyncSession) -> None:
    first = await national_directory(session, provinces=3, communes=12, units=60)
    again = await load_national_tree(session, provinces=3, communes=12, units=60)

    assert (first.created, again.created) == (76, 0)
    assert again.root_id == first.root_id
    count = await session.scalar(
        select(func.count()).select_from(Site).where(Site.code.like(f"{CODE_PREFIX}%"))
    )
    assert count == 76


async def test_its_communes_are_found_without_diacritics(
    session: AsyncSession, client: httpx.AsyncClient, organizer: Actor
) -> None:
    await national_directory(session, provinces=34, communes=340, units=680)
    commune = await session.scalar(select(Site).where(Site.code == f"{CODE_PREFIX}-10-003"))
    assert commune is not None and commune.level == SiteLevel.commune

    found = await client.get(
        f"{API}/sites",
        params={"q": fold(commune.name), "level": "commune"},
        headers=organizer.headers,
    )

    assert found.status_code == 200
    assert commune.code in [item["code"] for item in found.json()["items"]]
    assert fold(commune.name) != commune.name.lower()  # the name has diacritics
