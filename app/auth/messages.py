"""What the auth domain says when it refuses: logins, tokens and permission checks."""

from app.core.errors import Message

LOGIN_FAILED = Message(
    "auth.login_failed",
    vi="E-mail hoặc mật khẩu chưa đúng; vui lòng kiểm tra lại",
    en="Incorrect e-mail or password",
)
LOGIN_THROTTLED = Message(
    "auth.login_throttled",
    vi="Đăng nhập sai quá nhiều lần từ địa chỉ này; vui lòng thử lại sau {seconds} giây",
    en="Too many failed logins from this address; try again in {seconds} seconds",
)
SIGNUP_THROTTLED = Message(
    "auth.signup_throttled",
    vi="Có quá nhiều lượt đăng ký từ địa chỉ này; vui lòng thử lại sau {seconds} giây",
    en="Too many sign-ups from this address; try again in {seconds} seconds",
)
TOKEN_INVALID = Message(
    "auth.token_invalid",
    vi="Phiên đăng nhập không hợp lệ hoặc đã hết hạn; vui lòng đăng nhập lại",
    en="Invalid or expired token; log in again",
)


STAFF_ONLY = Message(
    "permission.staff_only",
    vi="Chỉ ban tổ chức và quản trị viên được làm việc này",
    en="Only organizers and administrators may do this",
)
ADMIN_ONLY = Message(
    "permission.admin_only",
    vi="Chỉ quản trị viên được làm việc này",
    en="Only administrators may do this",
)
