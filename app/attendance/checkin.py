"""Site check-ins, written by the recorder's group commit together with headcount reports.

At a national event every site checks in within minutes. One transaction per check-in,
each queueing on the seminar row, capped that storm at ~80/s; as a batch item a
check-in costs a share of one commit. The rule is the one of ``live.apply_check_in``;
the answer, the site's page, is built from what the batch loaded (each seminar's agenda
once per batch) and sent only after the commit.
"""

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.live import apply_check_in
from app.attendance.models import SeminarSite
from app.attendance.rollup import SiteRollup
from app.attendance.schemas import SiteIdentity, SiteView
from app.attendance.service import site_page
from app.core.security import hash_token
from app.seminars.models import AgendaItem
from app.seminars.schemas import AgendaItemRead

if TYPE_CHECKING:
    from app.attendance.recorder import HeadcountRecorder


@dataclass(frozen=True)
class CheckIn:
    """One site checking in, by its token's hash."""

    token_hash: str
    # When it reached the server (monotonic clock), as a report's.
    arrived: float = field(default_factory=time.monotonic, compare=False)


class Target(NamedTuple):
    """What a batch item's token (or row id) stands for: its row and directory entry."""

    row_id: int
    capacity: int | None
    site_id: int
    code: str
    name: str


async def check_in_site(recorder: "HeadcountRecorder", token: str) -> SiteView:
    """A site checks in with its token; answered with its page once committed.

    401 for an unknown token, 409 when attendance is closed or the site may not check
    in, 503 (nothing written) when the database cannot take it now.
    """
    view = await recorder.record(CheckIn(token_hash=hash_token(token)))
    assert isinstance(view, SiteView)
    return view


async def agendas(
    session: AsyncSession, seminar_ids: Iterable[int]
) -> dict[int, list[AgendaItemRead]]:
    """Each seminar's agenda as a site's page shows it: one query for the batch."""
    ids = set(seminar_ids)
    out: dict[int, list[AgendaItemRead]] = {seminar_id: [] for seminar_id in ids}
    if ids:
        found = await session.scalars(
            select(AgendaItem)
            .where(AgendaItem.seminar_id.in_(ids))
            .order_by(AgendaItem.seminar_id, AgendaItem.position)
        )
        for item in found:
            out[item.seminar_id].append(AgendaItemRead.of(item))
    return out


def apply_item(
    session: AsyncSession,
    rollup: SiteRollup,
    row: SeminarSite,
    target: Target,
    agenda: list[AgendaItemRead],
    now: datetime,
) -> SiteView:
    """Check the site in (a no-op when it already is) and return its page as it stands."""
    apply_check_in(session, rollup, row, now)
    site = SiteIdentity(id=target.site_id, code=target.code, name=target.name)
    return site_page(rollup.seminars[row.seminar_id], row, site, agenda, now)
