"""The poll counters never lose an update: tallies from many sites and answers from many
phones at the same moment leave totals equal to a recount of the stored rows. (Meaningful
on PostgreSQL: DIEMCAU_TEST_DATABASE=postgresql; SQLite serialises its writers.)"""

import asyncio
import random
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.polls.models import Poll, PollAnswer, PollOption, PollSiteCount, PollSiteTally
from tests.conftest import Actor
from tests.polls.conftest import answer, make_hall, open_poll, tally

SITES = 24
REPORTS_PER_SITE = 3


async def counters(session: AsyncSession, poll_id: int) -> tuple[int, dict[int, int]]:
    responses = await session.scalar(select(Poll.responses).where(Poll.id == poll_id))
    options = dict(
        (
            await session.execute(
                select(PollOption.id, PollOption.count).where(PollOption.poll_id == poll_id)
            )
        ).all()
    )
    await session.commit()
    return responses or 0, options


async def test_concurrent_tallies_from_different_sites_lose_no_update(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    hall = await make_hall(client, organizer, session, headcounts=(60,) * SITES)
    poll = await open_poll(client, organizer, hall, options=["Một", "Hai", "Ba"])
    option_ids = [o["id"] for o in poll["options"]]
    rng = random.Random(5)
    base = datetime.now(UTC) - timedelta(minutes=10)
    sent: list[tuple[str, dict[int, int], datetime]] = []
    for token in hall.tokens:
        for n in range(REPORTS_PER_SITE):
            counts = {o: rng.randint(0, 20) for o in option_ids}
            sent.append((token, counts, base + timedelta(seconds=n)))
    rng.shuffle(sent)  # arrival order differs from the clocks' order
    acks = await asyncio.gather(
        *(tally(client, token, poll["id"], counts, reported_at=at) for token, counts, at in sent)
    )
    assert len(acks) == SITES * REPORTS_PER_SITE
    # Each site ends with its latest report (by its clock), whatever arrived last.
    latest = {}
    for token, counts, at in sent:
        if token not in latest or at > latest[token][1]:
            latest[token] = (counts, at)
    expected = Counter()
    for counts, _at in latest.values():
        expected.update(counts)
    responses, options = await counters(session, poll["id"])
    assert options == {o: expected[o] for o in option_ids}
    assert responses == sum(expected.values())
    stored = dict(
        (
            await session.execute(
                select(PollSiteCount.option_id, func.sum(PollSiteCount.count))
                .join(PollSiteTally, PollSiteTally.id == PollSiteCount.tally_id)
                .where(PollSiteTally.poll_id == poll["id"])
                .group_by(PollSiteCount.option_id)
            )
        ).all()
    )
    await session.commit()
    assert stored == options


async def test_concurrent_answers_and_changes_of_mind_lose_no_update(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    hall = await make_hall(client, organizer, session, headcounts=(10,))
    poll = await open_poll(
        client, organizer, hall, mode="per_person", kind="multiple", options=["A", "B", "C", "D"]
    )
    option_ids = [o["id"] for o in poll["options"]]
    rng = random.Random(9)
    devices = [str(uuid.uuid4()) for _ in range(60)]
    choices = [(d, rng.sample(option_ids, rng.randint(1, 3))) for d in devices for _ in range(2)]
    rng.shuffle(choices)
    await asyncio.gather(*(answer(client, poll["token"], chosen, d) for d, chosen in choices))
    rows = (
        await session.scalars(select(PollAnswer.option_ids).where(PollAnswer.poll_id == poll["id"]))
    ).all()
    await session.commit()
    recount = Counter(o for chosen in rows for o in chosen)
    responses, options = await counters(session, poll["id"])
    assert len(rows) == len(devices) == responses
    assert options == {o: recount[o] for o in option_ids}
