"""HTTP API of incidents: the site reports (X-Site-Token), organizers handle them."""

from fastapi import APIRouter

from app.attendance.dependencies import CurrentSite
from app.auth.dependencies import CurrentUser
from app.core.db import SessionDep
from app.core.schemas import ItemList, PageDep, PathId
from app.incidents import service
from app.incidents.models import IncidentStatus
from app.incidents.schemas import IncidentAction, IncidentRead, IncidentReport
from app.realtime.dependencies import PublisherDep

router = APIRouter(tags=["incidents"])
site_router = APIRouter(prefix="/site", tags=["site"])


@site_router.post("/incidents", response_model=IncidentRead, status_code=201)
async def report_incident(
    session: SessionDep, site: CurrentSite, data: IncidentReport, publisher: PublisherDep
) -> object:
    """Report a problem in one tap. A repeated ``request_id``, or a kind already open at
    this site, answers the existing incident (no duplicate)."""
    return await service.report_incident(session, site, data, publisher)


@site_router.get("/incidents", response_model=ItemList[IncidentRead])
async def my_incidents(session: SessionDep, site: CurrentSite) -> object:
    """This site's incidents, open ones first."""
    items = await service.site_incidents(session, site)
    return ItemList(items=items, total=len(items))


@router.get("/seminars/{seminar_id}/incidents", response_model=ItemList[IncidentRead])
async def list_incidents(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    page: PageDep,
    status: IncidentStatus | None = None,
) -> object:
    """The seminar's incidents (a limited member: their subtree's), open first."""
    items, total = await service.list_incidents(session, actor, seminar_id, status, page)
    return ItemList(items=items, total=total)


@router.post("/seminars/{seminar_id}/incidents/{incident_id}/ack", response_model=IncidentRead)
async def acknowledge_incident(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    incident_id: PathId,
    data: IncidentAction,
    publisher: PublisherDep,
) -> object:
    """open → acknowledged; 409 otherwise."""
    return await service.acknowledge_incident(
        session, actor, seminar_id, incident_id, data, publisher
    )


@router.post("/seminars/{seminar_id}/incidents/{incident_id}/resolve", response_model=IncidentRead)
async def resolve_incident(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    incident_id: PathId,
    data: IncidentAction,
    publisher: PublisherDep,
) -> object:
    """open | acknowledged → resolved (final); 409 when already resolved."""
    return await service.resolve_incident(session, actor, seminar_id, incident_id, data, publisher)
