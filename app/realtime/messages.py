"""Why a live connection is refused (sent with the refusal as ``{"code", "detail"}``)."""

from app.core.errors import Message

BAD_ID = Message(
    "live.bad_id",
    vi="Giá trị {name} không hợp lệ: cần là một mã số nguyên dương",
    en="{name} must be a positive integer id",
)
BAD_TOKEN = Message(
    "live.bad_token",
    vi="Mã điểm cầu không hợp lệ; vui lòng mở lại đường dẫn ban tổ chức đã gửi",
    en="The site token is not valid; open the link the organizers sent again",
)
UNKNOWN_TOKEN = Message(
    "live.unknown_token",
    vi="Mã điểm cầu không đúng hoặc đã được thay; vui lòng mở đường dẫn mới ban tổ chức gửi",
    en="Unknown or replaced site token; open the new link the organizers sent",
)
UNKNOWN_SEMINAR = Message(
    "live.unknown_seminar",
    vi="Không tìm thấy hội thảo này, hoặc hội thảo chưa được công bố",
    en="Unknown or unpublished seminar",
)
BAD_ACCESS_TOKEN = Message(
    "live.bad_access_token",
    vi="Phiên đăng nhập không hợp lệ; vui lòng đăng nhập lại",
    en="The sign-in token is not valid; please sign in again",
)
UNKNOWN_ACCESS_TOKEN = Message(
    "live.unknown_access_token",
    vi="Phiên đăng nhập đã hết hạn hoặc đã đăng xuất; vui lòng đăng nhập lại",
    en="The sign-in has expired or was signed out; please sign in again",
)
