"""conclusion.docx: the conclusion notice ("THÔNG BÁO KẾT LUẬN") laid out after Nghị định
30/2020, with the tasks it assigns and their due dates."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import NotFound
from app.followup import messages as msg
from app.followup.models import Conclusion, FollowupTask
from app.seminars.access import require_member
from app.seminars.models import Seminar
from app.seminars.service import load_seminar
from app.users.models import User


@dataclass(frozen=True)
class ConclusionDocument:
    seminar: Seminar
    conclusion: Conclusion
    tasks: list[FollowupTask]


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
    return ConclusionDocument(seminar, conclusion, tasks)


def render(document: ConclusionDocument) -> bytes:
    raise NotImplementedError  # written on top of app/reports/docx_layout.py (wip-docs)


async def conclusion_docx(session: AsyncSession, actor: User, seminar_id: int) -> bytes:
    return render(await conclusion_document(session, actor, seminar_id))
