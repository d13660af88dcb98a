"""Reading the queue: order, places, the shapes the API and the events carry."""

from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.attendance.ports import LiveEvents
from app.core.errors import NotFound
from app.sites.models import Site
from app.speaking import messages as msg
from app.speaking.live import WAITING_ORDER, speaking_state
from app.speaking.models import WAITING, SpeakingRequest, SpeakingStatus
from app.speaking.schemas import SpeakingRead, SpeakingStaffRead

# GET /seminars/{id}/speaking: the current speaker, the waiting in queue order, then the
# rest (newest first).
_BLOCK = case(
    (SpeakingRequest.status == SpeakingStatus.speaking, 0),
    (SpeakingRequest.status == SpeakingStatus.called, 1),
    (SpeakingRequest.status == SpeakingStatus.requested, 2),
    else_=3,
)
QUEUE_ORDER = (
    _BLOCK,
    case((SpeakingRequest.status.in_(WAITING), SpeakingRequest.position), else_=None),
    case((SpeakingRequest.status.in_(WAITING), 0), else_=-SpeakingRequest.id),
    SpeakingRequest.id,
)


def staff_query(seminar_id: int):  # type: ignore[no-untyped-def]
    """Requests with the site and its coordinator (outer joins: the main hall has none)."""
    return (
        select(SpeakingRequest, SeminarSite, Site)
        .outerjoin(SeminarSite, SeminarSite.id == SpeakingRequest.seminar_site_id)
        .outerjoin(Site, Site.id == SeminarSite.site_id)
        .where(SpeakingRequest.seminar_id == seminar_id)
    )


async def waiting_ids(session: AsyncSession, seminar_id: int) -> list[int]:
    """The waiting requests' ids in queue order."""
    return list(
        await session.scalars(
            select(SpeakingRequest.id)
            .where(
                SpeakingRequest.seminar_id == seminar_id,
                SpeakingRequest.status.in_(WAITING),
            )
            .order_by(*WAITING_ORDER)
        )
    )


async def places(session: AsyncSession, seminar_id: int) -> dict[int, int]:
    return {rid: n for n, rid in enumerate(await waiting_ids(session, seminar_id), start=1)}


async def next_position(session: AsyncSession, seminar_id: int) -> int:
    highest = await session.scalar(
        select(func.max(SpeakingRequest.position)).where(SpeakingRequest.seminar_id == seminar_id)
    )
    return (highest or 0) + 1


async def load_request(
    session: AsyncSession, seminar_id: int, request_id: int, seminar_site_id: int | None = None
) -> SpeakingRequest:
    """The request or 404 (for a site: only its own)."""
    query = select(SpeakingRequest).where(
        SpeakingRequest.id == request_id, SpeakingRequest.seminar_id == seminar_id
    )
    if seminar_site_id is not None:
        query = query.where(SpeakingRequest.seminar_site_id == seminar_site_id)
    found = await session.scalar(query)
    if found is None:
        raise NotFound(msg.SPEAKING_NOT_FOUND, request_id=request_id)
    return found


def public_read(row: SpeakingRequest, site: Site | None, place: int | None) -> dict[str, Any]:
    return SpeakingRead(
        id=row.id,
        seminar_id=row.seminar_id,
        site_id=site.id if site is not None else None,
        site_name=site.name if site is not None else None,
        speaker_name=row.speaker_name,
        speaker_title=row.speaker_title,
        topic=row.topic,
        status=row.status,
        place=place,
        planned_seconds=row.planned_seconds,
        note=row.note,
        requested_at=row.requested_at,
        called_at=row.called_at,
        started_at=row.started_at,
        ended_at=row.ended_at,
    ).model_dump(mode="json")


def staff_read(
    row: SpeakingRequest, participation: SeminarSite | None, site: Site | None, place: int | None
) -> dict[str, Any]:
    base = public_read(row, site, place)
    return SpeakingStaffRead(
        **base,
        coordinator_name=participation.coordinator_name if participation else None,
        coordinator_phone=participation.coordinator_phone if participation else None,
    ).model_dump(mode="json")


async def end_current(
    session: AsyncSession, seminar_id: int, now: datetime
) -> SpeakingRequest | None:
    """The one speaking now, if any, → done; flushed (a new speaker may start in the same
    transaction: the one-speaker index). Returns it, to ``announce`` after the commit."""
    current = await session.scalar(
        select(SpeakingRequest).where(
            SpeakingRequest.seminar_id == seminar_id,
            SpeakingRequest.status == SpeakingStatus.speaking,
        )
    )
    if current is not None:
        current.status = SpeakingStatus.done
        current.ended_at = now
        await session.flush()
    return current


async def announce(
    session: AsyncSession, seminar_id: int, changed: SpeakingRequest, events: LiveEvents
) -> dict[str, Any]:
    """After a commit: the floor to every view, the changed request to the organizers, and
    each site with a request in the queue its own request and place (places move with
    every change). Returns the changed request as organizers read it."""
    placed = await places(session, seminar_id)
    rows = (
        await session.execute(
            staff_query(seminar_id).where(
                (SpeakingRequest.id == changed.id) | SpeakingRequest.id.in_(list(placed))
            )
        )
    ).all()
    await events.publish(seminar_id, "speaking", dict(await speaking_state(session, seminar_id)))
    item: dict[str, Any] = {}
    for row, participation, site in rows:
        place = placed.get(row.id)
        if row.id == changed.id:
            item = staff_read(row, participation, site, place)
            site_id = site.id if site is not None else None
            await events.publish_staff(seminar_id, site_id, "speaking_queue", {"changed": item})
        if participation is not None:
            await events.publish_site(
                participation.id,
                "speaking",
                {"request": public_read(row, site, place), "place": place},
            )
    return item
