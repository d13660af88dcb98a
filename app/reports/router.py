"""HTTP API of the reports: the report, its printable page, the minutes draft, exports.

Staff only, except ``calendar.ics`` which anyone may fetch for a published seminar
(the public page's "add to calendar"; it carries nothing the public page does not).
"""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.auth.dependencies import CurrentUser, OptionalUser, SettingsDep
from app.core.db import SessionDep
from app.core.schemas import PathId
from app.reports import documents, ics, page, polls_workbook, service
from app.reports.schemas import SeminarReport

router = APIRouter(tags=["reports"])


def _file(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": documents.content_disposition(filename),
            "Cache-Control": "no-store",
        },
    )


def _binary(media_type: str) -> dict:
    return {200: {"content": {media_type: {"schema": {"type": "string", "format": "binary"}}}}}


@router.get("/seminars/{seminar_id}/report", response_model=SeminarReport)
async def report(session: SessionDep, actor: CurrentUser, seminar_id: PathId) -> object:
    """Every figure of the seminar: sites, attendance, papers, levels, sites, agenda,
    and the summary in Vietnamese (press phrasing and exact figures)."""
    return await service.seminar_report(session, actor, seminar_id)


@router.get(
    "/seminars/{seminar_id}/report.html",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}},
)
async def report_html(session: SessionDep, actor: CurrentUser, seminar_id: PathId) -> Response:
    """The printable report (A4, Vietnamese): summary, figures, chart, sites, papers."""
    bundle = await service.report_bundle(session, actor, seminar_id)
    html = page.report_html(bundle.report, bundle.timeline, bundle.resolution_s)
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


@router.get(
    "/seminars/{seminar_id}/minutes.docx",
    response_class=Response,
    responses=_binary(documents.DOCX_MEDIA_TYPE),
)
async def minutes(session: SessionDep, actor: CurrentUser, seminar_id: PathId) -> Response:
    """The minutes draft ("biên bản", Nghị định 30/2020 layout) for the secretary."""
    bundle = await service.report_bundle(session, actor, seminar_id)
    content = documents.minutes_docx(bundle.report, bundle.main_locality)
    filename = f"Biên bản - {bundle.report.seminar.slug}.docx"
    return _file(content, documents.DOCX_MEDIA_TYPE, filename)


@router.get(
    "/seminars/{seminar_id}/exports/attendance.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
async def attendance_csv(session: SessionDep, actor: CurrentUser, seminar_id: PathId) -> Response:
    """One row per site, Vietnamese order, UTF-8 with BOM (opens in Excel)."""
    report = await service.seminar_report(session, actor, seminar_id)
    filename = f"Điểm danh - {report.seminar.slug}.csv"
    return _file(documents.attendance_csv(report), documents.CSV_MEDIA_TYPE, filename)


@router.get(
    "/seminars/{seminar_id}/exports/attendance.xlsx",
    response_class=Response,
    responses=_binary(documents.XLSX_MEDIA_TYPE),
)
async def attendance_xlsx(session: SessionDep, actor: CurrentUser, seminar_id: PathId) -> Response:
    """Sheets: summary, sites, timeline per 5 minutes, papers (typed cells)."""
    bundle = await service.report_bundle(session, actor, seminar_id, resolution_s=300)
    content = documents.attendance_xlsx(bundle.report, bundle.timeline)
    filename = f"Điểm danh - {bundle.report.seminar.slug}.xlsx"
    return _file(content, documents.XLSX_MEDIA_TYPE, filename)


@router.get(
    "/seminars/{seminar_id}/exports/polls.xlsx",
    response_class=Response,
    responses=_binary(documents.XLSX_MEDIA_TYPE),
)
async def polls_xlsx(session: SessionDep, actor: CurrentUser, seminar_id: PathId) -> Response:
    """Closed and published polls: one sheet of polls × options (counts, shares), one of
    the per_site polls' results per top-level site (subtree sums)."""
    seminar, polls, survey = await service.seminar_polls(session, actor, seminar_id)
    content = polls_workbook.polls_xlsx(seminar.title, polls, survey)
    return _file(content, documents.XLSX_MEDIA_TYPE, f"Lấy ý kiến - {seminar.slug}.xlsx")


@router.get(
    "/seminars/{seminar_id}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
    tags=["public"],
)
async def calendar(
    request: Request,
    session: SessionDep,
    actor: OptionalUser,
    settings: SettingsDep,
    seminar_id: PathId,
) -> Response:
    """The seminar and its agenda as iCalendar (Asia/Ho_Chi_Minh local times).

    Public for published, live and ended seminars; organizers may fetch any.
    """
    seminar, items = await service.calendar_seminar(session, actor, seminar_id)
    base = settings.public_base_url or str(request.base_url)
    content = ics.calendar_ics(seminar, items, f"{base.rstrip('/')}/s/{seminar.slug}")
    response = _file(content, documents.ICS_MEDIA_TYPE, f"{seminar.slug}.ics")
    response.headers["Cache-Control"] = "no-cache"
    return response
