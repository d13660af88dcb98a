"""Messages of seminar membership (who may act on a seminar, and on which sites)."""

from app.core.errors import Message

# One answer for "no such seminar" and "not yours": a non-member does not learn that it exists.
SEMINAR_NOT_MEMBER = Message(
    "seminar.not_member",
    vi="Không tìm thấy hội thảo số {seminar_id}, hoặc bạn chưa là thành viên ban tổ chức "
    "của hội thảo này; vui lòng liên hệ người tạo hội thảo để được thêm vào",
    en="Seminar {seminar_id} was not found, or you are not one of its members; "
    "ask its creator to add you",
)
MEMBER_LIMITED = Message(
    "seminar.member_limited",
    vi="Bạn chỉ được giao các điểm cầu thuộc {site_name} của hội thảo này nên không thể "
    "thực hiện thao tác chung cho cả hội thảo; vui lòng nhờ một thành viên phụ trách toàn "
    "bộ hội thảo",
    en="Your membership of this seminar is limited to the sites under {site_name}, so you "
    "cannot act on the whole seminar; ask a member who runs the whole seminar",
)
SITE_OUTSIDE_SUBTREE = Message(
    "seminar.site_outside_subtree",
    vi="Điểm cầu số {site_id} không thuộc phạm vi {site_name} mà bạn được giao trong hội thảo này",
    en="Site {site_id} is outside {site_name}, the part of this seminar you are given",
)
MEMBER_NOT_FOUND = Message(
    "seminar.member_not_found",
    vi="Người dùng số {user_id} không phải là thành viên của hội thảo này",
    en="User {user_id} is not a member of this seminar",
)
MEMBER_EXISTS = Message(
    "seminar.member_exists",
    vi="{name} đã là thành viên của hội thảo này; muốn đổi phạm vi thì hãy sửa thành viên đó",
    en="{name} is already a member of this seminar; edit that member to change their sites",
)
MEMBER_NOT_ORGANIZER = Message(
    "seminar.member_not_organizer",
    vi="Chỉ có thể thêm tài khoản ban tổ chức đang hoạt động; người dùng số {user_id} "
    "không phải là tài khoản như vậy",
    en="Only active organizer accounts can be added; user {user_id} is not one",
)
MEMBER_SITE_UNKNOWN = Message(
    "seminar.member_site_unknown",
    vi="Không có điểm cầu số {site_id} trong danh mục; vui lòng chọn lại điểm cầu giới hạn",
    en="There is no site {site_id} in the directory; choose the limiting site again",
)
LAST_UNLIMITED_MEMBER = Message(
    "seminar.last_unlimited_member",
    vi="{name} là thành viên duy nhất phụ trách toàn bộ hội thảo; hãy thêm một thành viên "
    "khác phụ trách toàn bộ trước khi bớt hoặc giới hạn người này",
    en="{name} is the only member who runs the whole seminar; add another such member "
    "before removing or limiting this one",
)
