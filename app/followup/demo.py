"""The demo seminar's follow-up: a conclusion notice with three tasks for every site and
partial progress (some sites done, some in progress, one task past its due date)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.followup.models import Conclusion, FollowupTask, TaskAssignment, TaskProgress, TaskStatus
from app.followup.schemas import TaskCreate
from app.followup.service import _assign
from app.seminars.models import Seminar

CONCLUSION = (
    "Ngày 19 tháng 7, Đảng ủy tổ chức tọa đàm trực tiếp tại hội trường, kết hợp trực tuyến "
    "tới các điểm cầu. Các ý kiến phát biểu, tham luận đều tâm huyết, trách nhiệm, làm rõ "
    "những kết quả đạt được, hạn chế và bài học kinh nghiệm.\n"
    "Để triển khai kết quả tọa đàm, Thường trực Đảng ủy yêu cầu các cấp ủy, chi bộ trực "
    "thuộc thực hiện tốt các nhiệm vụ dưới đây và báo cáo kết quả đúng thời hạn."
)
# (title, detail, due: days after the start, or None: yesterday, already past;
#  sites done, sites in progress)
TASKS = [
    (
        "Quán triệt kết luận tọa đàm tới toàn thể đảng viên",
        "Tổ chức sinh hoạt chuyên đề, báo cáo kết quả về Văn phòng Đảng ủy.",
        21,
        20,
        15,
    ),
    (
        "Xây dựng kế hoạch đổi mới sinh hoạt chi bộ",
        "Kế hoạch cụ thể, có phân công trách nhiệm và mốc thời gian.",
        45,
        4,
        9,
    ),
    (
        "Gửi báo cáo tổng hợp ý kiến đóng góp sau tọa đàm",
        "Tổng hợp các ý kiến chưa phát biểu tại tọa đàm.",
        None,
        12,
        3,
    ),
]


async def load_demo_followup(session: AsyncSession, seminar: Seminar, signed_by: str) -> int:
    """The conclusion and its tasks, once (a second call changes nothing); returns the
    number of tasks."""
    if await session.get(Conclusion, seminar.id) is not None:
        return 0
    tz = ZoneInfo(seminar.timezone)
    held = seminar.starts_at.astimezone(tz).date()
    session.add(
        Conclusion(
            seminar_id=seminar.id,
            text=CONCLUSION,
            signed_by=signed_by,
            signer_title="Phó Bí thư Thường trực",
            issued_on=held + timedelta(days=3),
            number="25-TB/ĐU",
        )
    )
    today = datetime.now(tz).date()
    for title, detail, days, done, in_progress in TASKS:
        due = held + timedelta(days=days) if days is not None else today - timedelta(days=1)
        task = FollowupTask(seminar_id=seminar.id, title=title, detail=detail, due_on=due)
        session.add(task)
        await session.flush()
        await _assign(session, task, TaskCreate(title=title, due_on=due, all_sites=True))
        await _progress(session, task.id, due, done, in_progress)
    await session.commit()
    return len(TASKS)


async def _progress(
    session: AsyncSession, task_id: int, due: date, done: int, in_progress: int
) -> None:
    """The first ``done`` sites finished, the next ``in_progress`` are working on it."""
    ids = list(
        await session.scalars(
            select(TaskAssignment.id)
            .where(TaskAssignment.task_id == task_id)
            .order_by(TaskAssignment.id)
            .limit(done + in_progress)
        )
    )
    at = datetime.combine(due - timedelta(days=2), time(9), tzinfo=UTC)
    for position, row_id in enumerate(ids):
        status = TaskStatus.done if position < done else TaskStatus.in_progress
        note = "Đã hoàn thành, đã gửi báo cáo" if position < done else "Đang triển khai"
        await session.execute(
            update(TaskAssignment)
            .where(TaskAssignment.id == row_id)
            .values(status=status, note=note, updated_at=at, reported_at=at)
        )
        await session.execute(
            insert(TaskProgress).values(
                assignment_id=row_id,
                status=status,
                note=note,
                request_id=f"demo-{row_id}",
                reported_at=at,
                received_at=at,
            )
        )
