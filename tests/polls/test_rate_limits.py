"""Rate limits of polls: answers per device key (429), a whole hall behind one address
passes (a burst of 300), tallies per site token like the other site requests."""

import asyncio
import uuid

import httpx
import pytest

from app.core.config import Settings
from tests.conftest import Actor
from tests.factories import API
from tests.polls.conftest import Hall, open_poll, results, tally

SLOW = 0.001  # no bucket refills while the test runs
HALL_BURST = 300


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "poll_device_burst": 3,
            "poll_device_rate_per_s": SLOW,
            "poll_public_burst": HALL_BURST + 20,
            "poll_public_rate_per_s": SLOW,
            "site_burst": 5,
            "site_rate_per_s": SLOW,
        }
    )


async def post_answer(
    client: httpx.AsyncClient, token: str, option_id: int, device: str
) -> httpx.Response:
    return await client.post(
        f"{API}/public/polls/{token}/answers",
        json={"option_ids": [option_id], "device_key": device},
    )


async def test_a_device_past_its_burst_gets_429_other_devices_do_not(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await open_poll(client, organizer, hall, mode="per_person")
    yes = poll["options"][0]["id"]
    device = str(uuid.uuid4())
    answers = [await post_answer(client, poll["token"], yes, device) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].json()["code"] == "polls.answers_too_frequent"
    assert int(answers[3].headers["Retry-After"]) >= 1
    assert (await post_answer(client, poll["token"], yes, str(uuid.uuid4()))).status_code == 200


async def test_a_hall_of_300_phones_behind_one_address_all_get_through(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await open_poll(client, organizer, hall, mode="per_person")
    yes = poll["options"][0]["id"]
    sent = await asyncio.gather(
        *(post_answer(client, poll["token"], yes, str(uuid.uuid4())) for _ in range(HALL_BURST))
    )
    assert [r.status_code for r in sent] == [200] * HALL_BURST
    assert (await results(client, organizer, hall, poll["id"]))["responses"] == HALL_BURST
    # The address's bucket is generous, not unbounded.
    more = [await post_answer(client, poll["token"], yes, str(uuid.uuid4())) for _ in range(25)]
    assert more[-1].status_code == 429
    assert more[-1].json()["code"] == "request.rate_limited"


async def test_tallies_are_limited_per_site_token(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await open_poll(client, organizer, hall)
    yes = poll["options"][0]["id"]
    # Registering and checking in took two of the site's five requests.
    sent = [
        await tally(client, hall.tokens[0], poll["id"], {yes: n}, expect=None) for n in range(4)
    ]
    assert [s["status"] for s in sent] == [200, 200, 200, 429]
    assert sent[-1]["code"] == "request.rate_limited"
    assert (await tally(client, hall.tokens[1], poll["id"], {yes: 1}))["applied"]
