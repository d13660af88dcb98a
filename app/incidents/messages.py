"""Messages of the incidents domain."""

from app.core.errors import Message

INCIDENT_NOT_FOUND = Message(
    "incident.not_found",
    vi="Không tìm thấy sự cố số {incident_id} trong hội thảo này",
    en="Incident {incident_id} was not found in this seminar",
)
INCIDENT_ALREADY_ACKNOWLEDGED = Message(
    "incident.already_acknowledged",
    vi="Sự cố này đã được tiếp nhận lúc {at}; bạn có thể đánh dấu đã xử lý xong",
    en="This incident was already acknowledged at {at}; you can mark it resolved",
)
INCIDENT_ALREADY_RESOLVED = Message(
    "incident.already_resolved",
    vi="Sự cố này đã được xử lý xong lúc {at} nên không thể thay đổi nữa; nếu sự cố lặp lại, "
    "điểm cầu hãy báo sự cố mới",
    en="This incident was resolved at {at} and can no longer change; if it happens again, "
    "the site should report a new one",
)
INCIDENTS_CLOSED = Message(
    "incident.seminar_closed",
    vi="Hội thảo đã kết thúc hoặc bị hủy nên không thể báo sự cố nữa",
    en="The seminar has ended or was cancelled; incidents can no longer be reported",
)
INCIDENT_NOTE_REQUIRED = Message(
    "incident.note_required",
    vi="Hãy mô tả ngắn gọn sự cố khi chọn loại “Khác”",
    en="Describe the problem briefly when choosing “Other”",
)
