"""A site's incident reports are rate-limited per site token (429 with Retry-After)."""

import httpx
import pytest

from app.core.config import Settings
from tests.incidents.conftest import Scene, report

SLOW = 0.001  # no bucket refills while the test runs


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"site_burst": 3, "site_rate_per_s": SLOW})


async def test_past_its_burst_a_site_gets_429_and_other_sites_do_not(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    answers = [await report(client, scene, scene.north_unit, "audio", f"r{i}") for i in range(4)]
    elsewhere = await report(client, scene, scene.south_unit, "audio", "s")

    assert [a.status_code for a in answers[:3]] == [201, 201, 201]
    assert answers[3].status_code == 429
    assert answers[3].json()["code"] == "request.rate_limited"
    assert int(answers[3].headers["Retry-After"]) >= 1
    assert elsewhere.status_code == 201
