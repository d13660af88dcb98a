"""What account management says when it refuses."""

from app.core.errors import Message

EMAIL_TAKEN = Message(
    "user.email_taken",
    vi="Đã có tài khoản dùng e-mail {email}; hãy đăng nhập hoặc dùng e-mail khác",
    en="A user with the e-mail {email} already exists; log in or use another e-mail",
)
USER_NOT_FOUND = Message(
    "user.not_found",
    vi="Không tìm thấy tài khoản số {user_id}",
    en="User {user_id} not found",
)
ADMIN_SELF_DEMOTE = Message(
    "user.admin_self_demote",
    vi="Quản trị viên không thể tự khóa hoặc tự hạ quyền của chính mình; "
    "hãy nhờ một quản trị viên khác",
    en="Administrators cannot deactivate or demote themselves; ask another administrator",
)
