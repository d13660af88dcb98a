"""A site's task endpoints are rate-limited per site token (429 with Retry-After)."""

from datetime import date

import httpx
import pytest

from app.core.config import Settings
from tests.factories import API
from tests.followup.conftest import Scene, create_task, end, progress

SLOW = 0.001  # no bucket refills while the test runs


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"site_burst": 3, "site_rate_per_s": SLOW})


async def test_past_its_burst_a_site_gets_429_and_other_sites_do_not(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    task = await create_task(client, scene, "Việc", date.today())
    await end(client, scene)
    site = scene.north_units[0]
    answers = [
        await progress(client, scene, site, task["id"], "in_progress", request_id=f"r{i}")
        for i in range(3)
    ]
    listed = await client.get(f"{API}/site/tasks", headers=scene.headers(site))
    elsewhere = await progress(client, scene, scene.south, task["id"], "done")

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert listed.status_code == 429
    assert listed.json()["code"] == "request.rate_limited"
    assert int(listed.headers["Retry-After"]) >= 1
    assert elsewhere.status_code == 200
