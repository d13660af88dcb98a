"""What permission checks say when they refuse."""

from app.core.errors import Message

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
