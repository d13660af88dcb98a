"""Registrations (organizer side) and the site-side API (X-Site-Token)."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.attendance import checkin, headcount, listing, service, timeline, views
from app.attendance.dependencies import CheckinBase, CheckinToken, CurrentSite, SiteTokenHeader
from app.attendance.models import SeminarSiteStatus
from app.attendance.schemas import (
    HeadcountAck,
    HeadcountIn,
    HeadcountOverride,
    InviteRequest,
    RegisterRequest,
    SeminarSiteRead,
    SeminarSiteUpdate,
    SiteToken,
    SiteView,
)
from app.attendance.wire import Attendance, AttendanceTimeline
from app.auth.dependencies import CurrentUser
from app.core.db import SessionDep
from app.core.schemas import LINE, MAX_ID, ItemList, PageDep, PathId, QueryId
from app.realtime.dependencies import PublisherDep, RecorderDep
from app.sites.models import SiteLevel

router = APIRouter(tags=["registrations"])
site_router = APIRouter(prefix="/site", tags=["site"])


@router.get("/seminars/{seminar_id}/sites", response_model=ItemList[SeminarSiteRead])
async def list_seminar_sites(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    page: PageDep,
    parent_id: Annotated[
        QueryId | None, Query(description="Direct children of this site in the seminar tree")
    ] = None,
    root: Annotated[bool, Query(description="The seminar tree's top level")] = False,
    under: Annotated[
        QueryId | None, Query(description="Anywhere below this site (itself excluded)")
    ] = None,
    q: Annotated[str, Query(max_length=200), LINE] | None = None,
    level: SiteLevel | None = None,
    status: SeminarSiteStatus | None = None,
    never_connected: Annotated[
        bool, Query(description="Remote sites, not declined, that never checked in")
    ] = False,
    problem: Annotated[
        bool,
        Query(description="Disconnected now, or (while live) not checked in yet"),
    ] = False,
    sort: Annotated[
        str,
        Query(
            max_length=20,
            description="name (default), code, status, headcount, checked_in_at or "
            "last_report_at; a leading - sorts descending",
        ),
        LINE,
    ] = "name",
) -> dict:
    """Participating sites, filtered and paged on the server (tokens are never listed).

    ``q`` ignores case and diacritics. Each item carries its seminar-tree ``children``
    and its subtree's counters. A member limited to a subtree sees only that subtree.
    """
    filters = listing.SiteFilters(
        parent_id=parent_id,
        root=root,
        under=under,
        q=q,
        level=level,
        status=status,
        never_connected=never_connected,
        problem=problem,
        sort=sort,
    )
    rows, total = await listing.list_seminar_sites(session, actor, seminar_id, page, filters)
    return {"items": [SeminarSiteRead.of(row, site) for row, site in rows], "total": total}


@router.post("/seminars/{seminar_id}/sites", response_model=list[SiteToken], status_code=201)
async def invite_sites(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    base_url: CheckinBase,
    seminar_id: PathId,
    data: InviteRequest,
) -> object:
    """Invite ``site_ids`` or the ``subtree_of`` a site; returns each NEW site's token once.

    Sites already invited are skipped and absent from the answer (rotate their token if
    the link was lost). Unknown site ids → 422 listing them.
    """
    return await service.invite_sites(session, actor, seminar_id, data, base_url, publisher)


@router.patch("/seminars/{seminar_id}/sites/{site_id}", response_model=SeminarSiteRead)
async def update_seminar_site(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    site_id: PathId,
    data: SeminarSiteUpdate,
) -> object:
    """Edit a participation; ``status`` registers or declines on the site's behalf."""
    row, site = await service.update_seminar_site(
        session, actor, seminar_id, site_id, data, publisher
    )
    return SeminarSiteRead.of(row, site)


@router.post("/seminars/{seminar_id}/sites/{site_id}/token", response_model=SiteToken)
async def rotate_site_token(
    session: SessionDep,
    actor: CurrentUser,
    base_url: CheckinBase,
    publisher: PublisherDep,
    seminar_id: PathId,
    site_id: PathId,
) -> object:
    """A new check-in token for the site; the previous one stops working at once."""
    return await service.rotate_site_token(session, actor, seminar_id, site_id, base_url, publisher)


@site_router.get("", response_model=SiteView)
async def my_site(session: SessionDep, ctx: CurrentSite) -> object:
    """My seminar, my site, my participation and the agenda."""
    return await service.site_view(session, ctx)


@site_router.post("/register", response_model=SiteView)
async def register(
    session: SessionDep, ctx: CurrentSite, publisher: PublisherDep, data: RegisterRequest
) -> object:
    """Register (or update the registration) while registration is open."""
    return await service.register_site(session, ctx, data, publisher)


@site_router.post("/decline", response_model=SiteView)
async def decline(session: SessionDep, ctx: CurrentSite, publisher: PublisherDep) -> object:
    """Decline the invitation while registration is open."""
    return await service.decline_site(session, ctx, publisher)


@site_router.post("/checkin", response_model=SiteView)
async def check_in(recorder: RecorderDep, token: CheckinToken) -> object:
    """registered → checked_in, on the seminar's day or while it is live (again: no-op)."""
    # Written with the headcount reports' group commit; served by app.attendance.fastpath
    # ahead of routing like them: this route documents it (and answers without it).
    return await checkin.check_in_site(recorder, token)


@site_router.post("/headcount", response_model=HeadcountAck)
async def report_headcount(
    recorder: RecorderDep, token: SiteTokenHeader, data: HeadcountIn
) -> object:
    """How many people are in the room now (absolute). Durable once answered.

    A repeated ``request_id`` gets the same answer and is applied once; a report older
    (by ``reported_at``) than the one applied is logged but does not overwrite it.
    Served by ``app.attendance.fastpath`` ahead of routing; this route documents it.
    """
    return await headcount.record_site_report(
        recorder, token, data.headcount, data.request_id, data.reported_at
    )


@router.post("/seminars/{seminar_id}/sites/{site_id}/headcount", response_model=HeadcountAck)
async def override_headcount(
    session: SessionDep,
    actor: CurrentUser,
    recorder: RecorderDep,
    seminar_id: PathId,
    site_id: PathId,
    data: HeadcountOverride,
) -> object:
    """Set a site's headcount on its behalf (the main hall, or a count taken by phone)."""
    return await headcount.override_headcount(
        session, actor, seminar_id, site_id, data.headcount, data.request_id, recorder
    )


@router.get("/seminars/{seminar_id}/attendance", response_model=Attendance)
async def attendance(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    scope: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> object:
    """Totals and the listed sites (the scope's direct children) exactly as stored now."""
    return await views.staff_attendance(session, actor, seminar_id, scope, publisher)


@router.get("/seminars/{seminar_id}/attendance/timeline", response_model=AttendanceTimeline)
async def attendance_timeline(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    resolution: Annotated[int, Query(ge=10, le=86_400, description="seconds")] = 300,
    per_site: bool = False,
) -> object:
    """The total (and, on request, each site's headcount) over time."""
    return await timeline.staff_timeline(session, actor, seminar_id, resolution, per_site)
