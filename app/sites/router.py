"""HTTP API of the sites domain: the directory of connection points (staff only)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.auth.dependencies import CurrentUser, SettingsDep
from app.core.db import SessionDep
from app.core.schemas import LINE, ItemList, PageDep, PathId, QueryId
from app.core.uploads import MULTIPART_FILE_BODY, read_upload
from app.sites import importer, service
from app.sites.models import SiteLevel
from app.sites.schemas import SiteCreate, SiteImportResult, SiteRead, SiteUpdate

router = APIRouter(prefix="/sites", tags=["sites"])


@router.get("", response_model=ItemList[SiteRead])
async def list_sites(
    session: SessionDep,
    actor: CurrentUser,
    page: PageDep,
    q: Annotated[str, Query(max_length=200), LINE] | None = None,
    parent_id: QueryId | None = None,
    root: bool = False,
    level: SiteLevel | None = None,
    under: Annotated[
        QueryId | None, Query(description="Anywhere below this site (itself excluded)")
    ] = None,
    sort: Annotated[
        str,
        Query(
            max_length=20,
            description="name (Vietnamese order) | code | level (central first); "
            "`-` prefix: descending",
        ),
        LINE,
    ] = "name",
) -> dict:
    """Sites sorted by ``sort`` (default: Vietnamese alphabetical order); ``q`` ignores case
    and diacritics (đ = d)."""
    items, total = await service.list_sites(
        session,
        actor,
        page,
        q=q,
        parent_id=parent_id,
        root=root,
        level=level,
        under=under,
        sort=sort,
    )
    return {"items": items, "total": total}


@router.post("", response_model=SiteRead, status_code=201)
async def create_site(session: SessionDep, actor: CurrentUser, data: SiteCreate) -> object:
    """Add a site (409 if the code is taken, 422 if the parent does not exist)."""
    return await service.create_site(session, actor, data)


@router.post(
    "/import",
    response_model=SiteImportResult,
    openapi_extra=MULTIPART_FILE_BODY,
    responses={
        413: {"description": "File larger than DIEMCAU_MAX_UPLOAD_MB"},
        422: {
            "description": 'Nothing imported: {"detail", "code", "params": {"lines"}, '
            '"errors": [{"line", "code", "msg", "params"}]}'
        },
    },
)
async def import_sites(
    request: Request, session: SessionDep, actor: CurrentUser, settings: SettingsDep
) -> object:
    """Upsert sites by code from a CSV in the field ``file``; all or nothing.

    Columns: code,name,parent_code,level,locality,coordinator_name,coordinator_phone,
    coordinator_email,capacity (header row required, UTF-8 with or without BOM).
    """
    service.ensure_can_manage(actor)
    # End the read-only auth transaction so no database lock is held while the file arrives.
    await session.commit()
    upload = await read_upload(request, settings.max_upload_bytes)
    return await importer.import_sites(session, actor, upload.data)


@router.get("/{site_id}", response_model=SiteRead)
async def get_site(session: SessionDep, actor: CurrentUser, site_id: PathId) -> object:
    return await service.get_site(session, actor, site_id)


@router.patch("/{site_id}", response_model=SiteRead)
async def update_site(
    session: SessionDep, actor: CurrentUser, site_id: PathId, data: SiteUpdate
) -> object:
    """Edit a site; ``parent_id`` may not be the site itself or below it (409)."""
    return await service.update_site(session, actor, site_id, data)


@router.delete("/{site_id}", status_code=204)
async def delete_site(session: SessionDep, actor: CurrentUser, site_id: PathId) -> None:
    """Delete a site without children that no seminar uses (409 otherwise)."""
    await service.delete_site(session, actor, site_id)
