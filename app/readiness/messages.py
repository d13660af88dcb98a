"""What the technical check says when it refuses."""

from app.core.errors import Message

NOT_OPEN = Message(
    "readiness.not_open",
    vi="Chưa đến giờ kiểm tra kỹ thuật: mở lúc {opens_at} ({timezone})",
    en="The technical check opens at {opens_at} ({timezone})",
)
CLOSED = Message(
    "readiness.closed",
    vi="Tọa đàm đã kết thúc hoặc đã hủy: không còn kiểm tra kỹ thuật",
    en="The seminar has ended or was cancelled: the technical check is closed",
)
UNDER_UNKNOWN = Message(
    "readiness.under_unknown",
    vi="Không có điểm cầu số {site_id} trong danh bạ điểm cầu",
    en="There is no site {site_id} in the directory",
)
