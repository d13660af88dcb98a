"""Messages of the agenda's link to papers (``submission_id`` on an item)."""

from app.core.errors import Message

AGENDA_PAPER_NOT_IN_SEMINAR = Message(
    "agenda.paper_not_in_seminar",
    vi="Tham luận số {submission_id} không thuộc hội thảo này; hãy chọn một tham luận "
    "đã gửi đến hội thảo",
    en="Paper {submission_id} does not belong to this seminar; choose a paper sent to it",
)
AGENDA_PAPER_NOT_SUBMITTED = Message(
    "agenda.paper_not_submitted",
    vi="Tham luận số {submission_id} đang ở trạng thái {status} nên chưa thể xếp vào chương "
    "trình; chỉ xếp được tham luận đã gửi",
    en="Paper {submission_id} is {status}, so it cannot go on the agenda; only papers that "
    "were sent can",
)
AGENDA_PAPER_ALREADY_PLACED = Message(
    "agenda.paper_already_placed",
    vi="Tham luận số {submission_id} đã có trong chương trình (mục số {position}); "
    "hãy sửa mục đó thay vì thêm mục mới",
    en="Paper {submission_id} is already on the agenda (item {position}); edit that item "
    "instead of adding another",
)
