"""Results per level of the site tree: each direct child of the scope with its subtree's
sums, checked against a brute-force sum over the directory; a member limited to a subtree
reads that subtree's results only."""

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.polls.models import Poll, PollOption, PollSiteCount, PollSiteTally
from app.sites.models import Site
from app.sites.national import commune_code, province_code
from tests.conftest import Actor, MakeActor
from tests.factories import API, create_seminar, national_directory
from tests.polls.conftest import Hall, check_in, move, results, tally
from tests.seminars.test_members import add_member


class Directory:
    """The directory's tree and the seminar's participations, read once."""

    def __init__(self, parents: dict[int, int | None], invited: set[int]):
        self.parents = parents
        self.invited = invited

    def ancestors(self, site_id: int) -> list[int]:
        """``site_id`` and every site above it."""
        chain = [site_id]
        while (parent := self.parents[chain[-1]]) is not None:
            chain.append(parent)
        return chain

    def seminar_parent(self, site_id: int) -> int | None:
        """The nearest participating site above (the seminar tree)."""
        return next((a for a in self.ancestors(site_id)[1:] if a in self.invited), None)

    def children(self, scope: int | None) -> list[int]:
        """The scope's direct children in the seminar tree (a scope that does not take
        part: its highest participating sites)."""
        if scope is None or scope in self.invited:
            return [s for s in self.invited if self.seminar_parent(s) == scope]
        inside = {s for s in self.invited if scope in self.ancestors(s)}
        return [s for s in inside if self.seminar_parent(s) not in inside]


def brute_force(
    directory: Directory, scope: int | None, tallies: dict[int, tuple[int, dict[int, int]]]
) -> dict[int, tuple[int, dict[int, int]]]:
    """Per direct child of ``scope``: the sums of the tallies of every site below it."""
    children = set(directory.children(scope))
    responses: dict[int, int] = defaultdict(int)
    counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for site_id, (n, by_option) in tallies.items():
        child = next((a for a in directory.ancestors(site_id) if a in children), None)
        if child is None:
            continue
        responses[child] += n
        for option_id, count in by_option.items():
            counts[child][option_id] += count
    return {c: (responses[c], dict(counts[c])) for c in children}


def as_levels(body: dict[str, Any]) -> dict[int, tuple[int, dict[int, int]]]:
    return {
        level["site_id"]: (
            level["responses"],
            {c["option_id"]: c["count"] for c in level["counts"] if c["count"]},
        )
        for level in body["per_level"]
    }


def nonzero(sums: dict[int, tuple[int, dict[int, int]]]) -> dict[int, tuple[int, dict[int, int]]]:
    return {k: (n, {o: c for o, c in by.items() if c}) for k, (n, by) in sums.items()}


async def read_directory(session: AsyncSession, seminar_id: int) -> Directory:
    parents = {i: p for i, p in await session.execute(select(Site.id, Site.parent_id))}
    invited = set(
        await session.scalars(
            select(SeminarSite.site_id).where(SeminarSite.seminar_id == seminar_id)
        )
    )
    await session.commit()
    return Directory(parents, invited)


async def code_id(session: AsyncSession, code: str) -> int:
    found = await session.scalar(select(Site.id).where(Site.code == code))
    await session.commit()
    assert found is not None
    return found


async def test_per_level_sums_match_a_brute_force_sum_at_every_scope(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession, make_actor: MakeActor
) -> None:
    tree = await national_directory(session, provinces=2, communes=4, units=12)
    provinces = [await code_id(session, province_code(p)) for p in (1, 2)]
    starts_at = datetime.now(UTC) + timedelta(minutes=5)
    seminar = await create_seminar(
        client, organizer, "live", starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )
    # The provinces' branches, not the central root: the root is a scope that does not
    # take part, and the provinces are the seminar's top level.
    invited = await client.post(
        f"{API}/seminars/{seminar['id']}/sites",
        json={"subtrees_of": provinces},
        headers=organizer.headers,
    )
    assert invited.status_code == 201, invited.text
    tokens = {e["site_id"]: e["token"] for e in invited.json()}
    hall = Hall(seminar["id"], seminar["slug"], list(tokens), list(tokens.values()))
    created = await client.post(
        hall.polls_url,
        json={"question": "Tán thành?", "options": ["Tán thành", "Không tán thành", "Ý kiến khác"]},
        headers=organizer.headers,
    )
    poll = await move(client, organizer, hall, created.json()["id"], "open")
    option_ids = [o["id"] for o in poll["options"]]
    rng = random.Random(13)
    tallies: dict[int, tuple[int, dict[int, int]]] = {}
    for site_id, token in tokens.items():
        if rng.random() < 0.2:
            continue  # some sites never send counts
        await check_in(client, token, 50)
        counts = {o: rng.randint(0, 16) for o in option_ids}
        await tally(client, token, poll["id"], counts)
        tallies[site_id] = (sum(counts.values()), counts)
    directory = await read_directory(session, seminar["id"])
    communes = [await code_id(session, commune_code(1, c)) for c in (1, 2)]
    for scope in [None, tree.root_id, *provinces, *communes]:
        body = await results(client, organizer, hall, poll["id"], scope)
        expected = brute_force(directory, scope, tallies)
        assert as_levels(body) == nonzero(expected), scope
        assert [lv["site_id"] for lv in body["per_level"]] == sorted(
            expected,
            key=lambda s: next(lv["code"] for lv in body["per_level"] if lv["site_id"] == s),
        )
        inside = [s for s in tallies if scope is None or scope in directory.ancestors(s)]
        assert body["responses"] == sum(tallies[s][0] for s in inside), scope
        assert [o["count"] for o in body["options"]] == [
            sum(tallies[s][1][o] for s in inside) for o in option_ids
        ]
    # A member limited to province 1 reads that subtree's results, from its root.
    limited = await make_actor()
    added = await add_member(client, organizer, seminar["id"], limited.user.id, provinces[0])
    assert added.status_code == 201, added.text
    mine = await results(client, limited, hall, poll["id"])
    assert mine["scope"] == provinces[0]
    assert as_levels(mine) == nonzero(brute_force(directory, provinces[0], tallies))
    below = [s for s in tallies if provinces[0] in directory.ancestors(s)]
    assert mine["responses"] == sum(tallies[s][0] for s in below)
    outside = await client.get(
        f"{hall.polls_url}/{poll['id']}/results",
        params={"scope": provinces[1]},
        headers=limited.headers,
    )
    assert outside.status_code == 404


async def test_per_level_holds_at_national_size_in_a_bounded_number_of_queries(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession, app: Any
) -> None:
    """40,000 sites, every one with counts: the roll-up is a few grouped queries."""
    tree = await national_directory(session)
    seminar = await create_seminar(client, organizer, "live")
    invited = await client.post(
        f"{API}/seminars/{seminar['id']}/sites",
        json={"subtree_of": tree.root_id},
        headers=organizer.headers,
    )
    assert invited.status_code == 201, invited.text
    created = await client.post(
        f"{API}/seminars/{seminar['id']}/polls",
        json={"question": "Tán thành?", "options": ["Có", "Không"]},
        headers=organizer.headers,
    )
    poll_id = created.json()["id"]
    yes, no = (o["id"] for o in created.json()["options"])
    # Counts written in bulk (the tally path is tested above; this is about the read).
    rows = (
        await session.execute(
            select(SeminarSite.id, SeminarSite.site_id).where(
                SeminarSite.seminar_id == seminar["id"]
            )
        )
    ).all()
    rng = random.Random(7)
    now = datetime.now(UTC)
    tallies: dict[int, tuple[int, dict[int, int]]] = {}
    tally_rows, count_rows = [], []
    for n, (row_id, site_id) in enumerate(rows, start=1):
        counts = {yes: rng.randint(0, 30), no: rng.randint(0, 10)}
        tallies[site_id] = (sum(counts.values()), counts)
        tally_rows.append(
            {"id": n, "poll_id": poll_id, "seminar_site_id": row_id,
             "responses": sum(counts.values()), "reported_at": now, "received_at": now,
             "request_id": f"bulk-{n}"}
        )  # fmt: skip
        count_rows += [{"tally_id": n, "option_id": o, "count": c} for o, c in counts.items()]
    await session.execute(PollSiteTally.__table__.insert(), tally_rows)
    await session.execute(PollSiteCount.__table__.insert(), count_rows)
    for option_id in (yes, no):
        total = sum(t[1][option_id] for t in tallies.values())
        await session.execute(
            PollOption.__table__.update().where(PollOption.id == option_id).values(count=total)
        )
    await session.execute(
        Poll.__table__.update()
        .where(Poll.id == poll_id)
        .values(responses=sum(t[0] for t in tallies.values()))
    )
    await session.commit()
    directory = await read_directory(session, seminar["id"])
    hall = Hall(seminar["id"], seminar["slug"], [], [])
    province = await code_id(session, province_code(3))
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    engine = app.state.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        for scope in (None, tree.root_id, province):
            statements.clear()
            body = await results(client, organizer, hall, poll_id, scope)
            assert as_levels(body) == nonzero(brute_force(directory, scope, tallies)), scope
            assert 0 < len(statements) <= 12, statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(body["per_level"]) == len(directory.children(province)) > 50
    everyone = await results(client, organizer, hall, poll_id)
    assert everyone["responses"] == sum(t[0] for t in tallies.values())
