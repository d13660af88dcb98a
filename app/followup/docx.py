"""conclusion.docx: the conclusion notice ("THÔNG BÁO KẾT LUẬN") laid out after Nghị định
30/2020, with the tasks it assigns and their due dates."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import NotFound
from app.core.vi_format import format_date
from app.followup import messages as msg
from app.followup.models import Conclusion, FollowupTask
from app.reports import docx_layout as layout
from app.seminars.access import require_member
from app.seminars.models import Seminar
from app.seminars.service import load_seminar
from app.sites.models import Site
from app.users.models import User


@dataclass(frozen=True)
class ConclusionDocument:
    seminar: Seminar
    conclusion: Conclusion
    tasks: list[FollowupTask]
    main_locality: str | None


async def conclusion_document(
    session: AsyncSession, actor: User, seminar_id: int
) -> ConclusionDocument:
    """What the notice prints; 404 while the conclusion is not written."""
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id)
    conclusion = await session.get(Conclusion, seminar_id)
    if conclusion is None:
        raise NotFound(msg.CONCLUSION_MISSING)
    tasks = list(
        await session.scalars(
            select(FollowupTask)
            .where(FollowupTask.seminar_id == seminar_id)
            .order_by(FollowupTask.due_on, FollowupTask.id)
        )
    )
    main_locality = None
    if seminar.main_site_id is not None:
        main_locality = await session.scalar(
            select(Site.locality).where(Site.id == seminar.main_site_id)
        )
    return ConclusionDocument(seminar, conclusion, tasks, main_locality)


RECIPIENTS = ("- Các đơn vị được giao nhiệm vụ;", "- Các điểm cầu tham dự;", "- Lưu Văn phòng.")


def render(document: ConclusionDocument) -> bytes:
    """Header block with the number, place and date; the title; the body paragraphs; the
    tasks with their due dates (dd/MM/yyyy); "Nơi nhận" and the signature."""
    seminar, conclusion = document.seminar, document.conclusion
    doc = layout.new_document()
    place = layout.place_of(document.main_locality, seminar.organizer_unit, seminar.venue)
    layout.header_block(
        doc, seminar.organizer_unit, place, conclusion.issued_on, number=conclusion.number
    )
    layout.title_lines(doc, "Thông báo kết luận", seminar.title)
    for line in conclusion.text.splitlines():
        if line.strip():
            layout.para(doc, line.strip(), align=layout.JUSTIFY)
    if document.tasks:
        layout.para(doc, "Các nhiệm vụ được giao:", bold=True)
        for number, task in enumerate(document.tasks, start=1):
            due = format_date(task.due_on)
            layout.para(doc, f"{number}. {task.title} (thời hạn: {due}).", align=layout.JUSTIFY)
            if task.detail:
                layout.para(doc, task.detail, align=layout.JUSTIFY, italic=True)
    signer = layout.Signer(
        role="T/M Ban Tổ chức",
        title=conclusion.signer_title,
        name=conclusion.signed_by,
        note=None,
    )
    layout.signature_block(doc, [signer], recipients=RECIPIENTS)
    return layout.to_bytes(doc)


async def conclusion_docx(session: AsyncSession, actor: User, seminar_id: int) -> bytes:
    return render(await conclusion_document(session, actor, seminar_id))
