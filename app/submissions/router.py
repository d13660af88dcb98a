"""HTTP API of the papers domain: the open calls, submissions, their files, decisions, exports.

Who may do what is decided in the service (see its docstring): speakers reach their own
papers only (404 for anyone else's), organizers and admins every paper.
"""

import asyncio
from collections.abc import AsyncIterator
from typing import IO, Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import FileResponse, Response, StreamingResponse

from app.auth.dependencies import CurrentUser, SettingsDep
from app.core.config import Settings
from app.core.db import SessionDep
from app.core.schemas import LINE, ItemList, PageDep, PathId
from app.core.uploads import MULTIPART_FILE_BODY, read_upload
from app.submissions import decisions, exports, files, service
from app.submissions.models import SubmissionStatus
from app.submissions.schemas import (
    BulkDecisionRequest,
    DecisionRequest,
    OpenCall,
    SubmissionCreate,
    SubmissionFileRead,
    SubmissionItems,
    SubmissionList,
    SubmissionRead,
    SubmissionUpdate,
)
from app.submissions.storage import KINDS, FileStore, content_disposition

router = APIRouter(tags=["submissions"])

_CHUNK = 256 * 1024
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def get_store(settings: SettingsDep) -> FileStore:
    return FileStore(settings.data_dir)


StoreDep = Annotated[FileStore, Depends(get_store)]


@router.get("/public/calls", response_model=ItemList[OpenCall], tags=["public"])
async def list_open_calls(session: SessionDep, settings: SettingsDep, page: PageDep) -> dict:
    """Seminars (published or live) whose call for papers is open now; no login needed."""
    seminars, total = await service.list_open_calls(session, page)
    return {"items": [_open_call(s, settings) for s in seminars], "total": total}


def _open_call(seminar: object, settings: Settings) -> OpenCall:
    fields = {
        name: getattr(seminar, name) for name in OpenCall.model_fields if name != "max_upload_mb"
    }
    return OpenCall(**fields, max_upload_mb=settings.max_upload_mb)


@router.get("/submissions", response_model=ItemList[SubmissionRead])
async def list_own_submissions(session: SessionDep, actor: CurrentUser, page: PageDep) -> dict:
    """My papers, in every seminar (whatever my role), newest first."""
    items, total = await service.list_own_submissions(session, actor, page)
    return {"items": [SubmissionRead.of(s) for s in items], "total": total}


@router.get("/seminars/{seminar_id}/submissions", response_model=SubmissionList)
async def list_submissions(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    page: PageDep,
    status: SubmissionStatus | None = None,
    unit: Annotated[str, Query(max_length=300), LINE] | None = None,
    q: Annotated[str, Query(max_length=200), LINE] | None = None,
) -> dict:
    """Organizers: every paper; speakers: their own. ``counts`` ignore the filters; ``q``
    ignores case and diacritics over title, authors, units and the speaker's name."""
    items, total, counts = await service.list_submissions(
        session, actor, seminar_id, page, status=status, unit=unit, q=q
    )
    return {"items": [SubmissionRead.of(s) for s in items], "total": total, "counts": counts}


@router.post("/seminars/{seminar_id}/submissions", response_model=SubmissionRead, status_code=201)
async def create_submission(
    session: SessionDep,
    actor: CurrentUser,
    settings: SettingsDep,
    seminar_id: PathId,
    data: SubmissionCreate,
) -> object:
    """A new draft paper (speakers: while the call is open, up to
    DIEMCAU_MAX_PAPERS_PER_SPEAKER per seminar; organizers: any time, ``speaker_id`` to
    act on a speaker's behalf)."""
    paper = await service.create_submission(
        session, actor, seminar_id, data, max_papers=settings.max_papers_per_speaker
    )
    return SubmissionRead.of(paper)


@router.post("/seminars/{seminar_id}/submissions/decisions", response_model=SubmissionItems)
async def decide_many(
    session: SessionDep, actor: CurrentUser, seminar_id: PathId, data: BulkDecisionRequest
) -> dict:
    """One decision for several papers, all or nothing (409 naming those that cannot move)."""
    items = await decisions.decide_many(session, actor, seminar_id, data)
    return {"items": [SubmissionRead.of(s) for s in items]}


@router.get("/submissions/{submission_id}", response_model=SubmissionRead)
async def get_submission(session: SessionDep, actor: CurrentUser, submission_id: PathId) -> object:
    return SubmissionRead.of(await service.get_submission(session, actor, submission_id))


@router.patch("/submissions/{submission_id}", response_model=SubmissionRead)
async def update_submission(
    session: SessionDep, actor: CurrentUser, submission_id: PathId, data: SubmissionUpdate
) -> object:
    """Edit a paper (speakers: draft or submitted, before the deadline)."""
    return SubmissionRead.of(await service.update_submission(session, actor, submission_id, data))


@router.post(
    "/submissions/{submission_id}/files",
    response_model=SubmissionFileRead,
    status_code=201,
    openapi_extra=MULTIPART_FILE_BODY,
    responses={
        413: {"description": "File larger than DIEMCAU_MAX_UPLOAD_MB"},
        415: {"description": "Not a PDF, DOCX or ODT accepted by this call (by content)"},
    },
)
async def upload_file(
    request: Request,
    session: SessionDep,
    actor: CurrentUser,
    settings: SettingsDep,
    store: StoreDep,
    submission_id: PathId,
) -> object:
    """A new version of the paper's file in the multipart field ``file``."""
    quota = settings.max_file_versions
    await files.check_upload_allowed(session, actor, submission_id, max_versions=quota)
    # End the auth transaction so no database lock is held while the file arrives.
    await session.commit()
    upload = await read_upload(request, settings.max_upload_bytes)
    return await files.add_file(session, actor, submission_id, upload, store, max_versions=quota)


@router.get(
    "/submissions/{submission_id}/files/{version}",
    response_class=FileResponse,
    responses={200: {"content": {kind.media_type: {} for kind in KINDS.values()}}},
)
async def download_file(
    session: SessionDep,
    actor: CurrentUser,
    store: StoreDep,
    submission_id: PathId,
    version: Annotated[int, Path(ge=1, le=100_000)],
) -> FileResponse:
    """The stored version with its original name (RFC 6266 ``filename*``)."""
    row, path = await files.get_file(session, actor, submission_id, version, store)
    return FileResponse(
        path,
        media_type=row.media_type,
        headers={
            "Content-Disposition": content_disposition(row.original_filename),
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.post("/submissions/{submission_id}/submit", response_model=SubmissionRead)
async def submit(session: SessionDep, actor: CurrentUser, submission_id: PathId) -> object:
    """draft → submitted (a file is required)."""
    return SubmissionRead.of(await decisions.submit_submission(session, actor, submission_id))


@router.post("/submissions/{submission_id}/withdraw", response_model=SubmissionRead)
async def withdraw(session: SessionDep, actor: CurrentUser, submission_id: PathId) -> object:
    """Withdraw before a decision; final."""
    return SubmissionRead.of(await decisions.withdraw_submission(session, actor, submission_id))


@router.post("/submissions/{submission_id}/decision", response_model=SubmissionRead)
async def decide(
    session: SessionDep, actor: CurrentUser, submission_id: PathId, data: DecisionRequest
) -> object:
    """Organizers: under_review | selected_live | accepted_written | rejected, with a note;
    ``add_to_agenda`` puts a selected paper on the programme."""
    return SubmissionRead.of(await decisions.decide(session, actor, submission_id, data))


async def _stream(file: IO[bytes]) -> AsyncIterator[bytes]:
    try:
        while chunk := await asyncio.to_thread(file.read, _CHUNK):
            yield chunk
    finally:
        file.close()


@router.get(
    "/seminars/{seminar_id}/exports/proceedings.zip",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/zip": {}}}},
)
async def proceedings_zip(
    session: SessionDep, actor: CurrentUser, store: StoreDep, seminar_id: PathId
) -> StreamingResponse:
    """The latest file of every accepted paper, ``NN - Tác giả - Tiêu đề.ext``, live
    papers in agenda order, then the written-only ones."""
    seminar, papers = await service.export_papers(session, actor, seminar_id, accepted_only=True)
    await session.commit()  # nothing more to read: release the connection while zipping
    bundle = await asyncio.to_thread(exports.build_proceedings_zip, papers, store)
    size = bundle.seek(0, 2)
    bundle.seek(0)
    return StreamingResponse(
        _stream(bundle),
        media_type="application/zip",
        headers={
            "Content-Disposition": content_disposition(f"ky-yeu-{seminar.slug}.zip"),
            "Content-Length": str(size),
        },
    )


@router.get(
    "/seminars/{seminar_id}/exports/papers.xlsx",
    response_class=Response,
    responses={200: {"content": {_XLSX: {}}}},
)
async def papers_xlsx(session: SessionDep, actor: CurrentUser, seminar_id: PathId) -> Response:
    """Every received paper: title, authors, units, speaker, status, note, times."""
    seminar, papers = await service.export_papers(session, actor, seminar_id)
    body = await asyncio.to_thread(exports.build_papers_xlsx, seminar, papers)
    return Response(
        body,
        media_type=_XLSX,
        headers={"Content-Disposition": content_disposition(f"tham-luan-{seminar.slug}.xlsx")},
    )


@router.get(
    "/seminars/{seminar_id}/exports/papers.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
async def papers_csv(session: SessionDep, actor: CurrentUser, seminar_id: PathId) -> Response:
    """The same list as CSV (UTF-8 with BOM)."""
    seminar, papers = await service.export_papers(session, actor, seminar_id)
    body = exports.build_papers_csv(seminar, papers)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition(f"tham-luan-{seminar.slug}.csv")},
    )
