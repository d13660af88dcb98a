"""Registrations (organizer side) and the site-side API (X-Site-Token)."""

from fastapi import APIRouter

from app.attendance import service
from app.attendance.dependencies import CheckinBase, CurrentSite
from app.attendance.models import SeminarSiteStatus
from app.attendance.schemas import (
    InviteRequest,
    RegisterRequest,
    SeminarSiteRead,
    SeminarSiteUpdate,
    SiteToken,
    SiteView,
)
from app.auth.dependencies import CurrentUser
from app.core.db import SessionDep
from app.core.schemas import ItemList, PageDep, PathId

router = APIRouter(tags=["registrations"])
site_router = APIRouter(prefix="/site", tags=["site"])


@router.get("/seminars/{seminar_id}/sites", response_model=ItemList[SeminarSiteRead])
async def list_seminar_sites(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    page: PageDep,
    status: SeminarSiteStatus | None = None,
) -> dict:
    """Participating sites in Vietnamese order (tokens are never listed)."""
    rows, total = await service.list_seminar_sites(session, actor, seminar_id, page, status)
    return {"items": [SeminarSiteRead.of(row, site) for row, site in rows], "total": total}


@router.post("/seminars/{seminar_id}/sites", response_model=list[SiteToken], status_code=201)
async def invite_sites(
    session: SessionDep,
    actor: CurrentUser,
    base_url: CheckinBase,
    seminar_id: PathId,
    data: InviteRequest,
) -> object:
    """Invite ``site_ids`` or the ``subtree_of`` a site; returns each NEW site's token once.

    Sites already invited are skipped and absent from the answer (rotate their token if
    the link was lost). Unknown site ids → 422 listing them.
    """
    return await service.invite_sites(session, actor, seminar_id, data, base_url)


@router.patch("/seminars/{seminar_id}/sites/{site_id}", response_model=SeminarSiteRead)
async def update_seminar_site(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    site_id: PathId,
    data: SeminarSiteUpdate,
) -> object:
    """Edit a participation; ``status`` registers or declines on the site's behalf."""
    row, site = await service.update_seminar_site(session, actor, seminar_id, site_id, data)
    return SeminarSiteRead.of(row, site)


@router.post("/seminars/{seminar_id}/sites/{site_id}/token", response_model=SiteToken)
async def rotate_site_token(
    session: SessionDep,
    actor: CurrentUser,
    base_url: CheckinBase,
    seminar_id: PathId,
    site_id: PathId,
) -> object:
    """A new check-in token for the site; the previous one stops working at once."""
    return await service.rotate_site_token(session, actor, seminar_id, site_id, base_url)


@site_router.get("", response_model=SiteView)
async def my_site(session: SessionDep, ctx: CurrentSite) -> object:
    """My seminar, my site, my participation and the agenda."""
    return await service.site_view(session, ctx)


@site_router.post("/register", response_model=SiteView)
async def register(session: SessionDep, ctx: CurrentSite, data: RegisterRequest) -> object:
    """Register (or update the registration) while registration is open."""
    return await service.register_site(session, ctx, data)


@site_router.post("/decline", response_model=SiteView)
async def decline(session: SessionDep, ctx: CurrentSite) -> object:
    """Decline the invitation while registration is open."""
    return await service.decline_site(session, ctx)
