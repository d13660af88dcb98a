"""What registrations (invitations, tokens, a site's answer) say when they refuse."""

from app.core.errors import Message

SITE_TRANSITION = Message(
    "registration.transition",
    vi="Điểm cầu đang ở trạng thái “{current}” không thể chuyển sang “{target}”; "
    "từ trạng thái này chỉ có thể chuyển sang: {allowed}",
    en="A site that is {current} cannot become {target}; allowed from {current}: {allowed}",
)
REGISTRATION_CLOSED_STATUS = Message(
    "registration.closed_status",
    vi="Chưa thể đăng ký hoặc từ chối tham dự: hội thảo đang ở trạng thái “{status}” "
    "(chỉ nhận đăng ký khi hội thảo đã công bố hoặc đang diễn ra)",
    en="Registration is closed: the seminar is {status} "
    "(registration is open while it is published or live)",
)
REGISTRATION_CLOSED_AT = Message(
    "registration.closed_at",
    vi="Đã hết hạn đăng ký lúc {closes_at} ({timezone}); vui lòng liên hệ ban tổ chức",
    en="Registration closed at {closes_at} ({timezone}); contact the organizers",
)
INVITE_TARGET = Message(
    "registration.invite_target",
    vi="Hãy chọn đúng một cách mời: danh sách điểm cầu (site_ids), một nhánh (subtree_of) "
    "hoặc nhiều nhánh (subtrees_of)",
    en="Give exactly one of site_ids, subtree_of or subtrees_of",
)
INVITE_SUBTREE_UNKNOWN = Message(
    "registration.subtree_unknown",
    vi="Không có điểm cầu số {site_id} trong danh bạ điểm cầu",
    en="Branch {site_id}: no such site in the directory",
)
INVITE_UNKNOWN_SITES = Message(
    "registration.unknown_sites",
    vi="Các điểm cầu sau không có trong danh bạ: {site_ids}; chưa mời điểm cầu nào",
    en="Unknown site ids: {site_ids}; nobody was invited",
)
SITE_NOT_INVITED = Message(
    "registration.site_not_invited",
    vi="Điểm cầu số {site_id} không được mời dự hội thảo số {seminar_id}",
    en="Site {site_id} is not invited to seminar {seminar_id}",
)
MAIN_HALL_DECLINE = Message(
    "registration.main_hall_decline",
    vi="Điểm cầu chính (hội trường) không thể từ chối hội thảo của chính mình",
    en="The main hall cannot decline its own seminar",
)
SITE_TOKEN_MISSING = Message(
    "registration.site_token_missing",
    vi="Thiếu mã điểm cầu (tiêu đề X-Site-Token); hãy mở lại đường dẫn điểm danh "
    "ban tổ chức đã gửi",
    en="The X-Site-Token header is required; open the check-in link again",
)
SITE_TOKEN_UNKNOWN = Message(
    "registration.site_token_unknown",
    vi="Đường dẫn điểm danh này không đúng hoặc đã được thay; vui lòng xin ban tổ chức "
    "đường dẫn mới",
    en="Unknown or replaced site token; ask the organizers for a new check-in link",
)
SITES_SORT_UNKNOWN = Message(
    "registration.sites_sort",
    vi="Không sắp xếp được theo “{sort}”: chỉ dùng một trong {allowed} "
    "(thêm dấu “-” phía trước để sắp xếp giảm dần, ví dụ -headcount)",
    en="Cannot sort by {sort}: use one of {allowed} (prefix “-” for descending, e.g. -headcount)",
)
SITES_ROOT_AND_PARENT = Message(
    "registration.sites_root_and_parent",
    vi="Chỉ dùng một trong hai bộ lọc: root=true (cấp cao nhất của hội thảo) hoặc parent_id",
    en="Use either root=true (the seminar's top level) or parent_id, not both",
)
INVITE_RACE = Message(
    "registration.invite_race",
    vi="Một số điểm cầu vừa được mời cùng lúc bởi người khác; chưa mời điểm cầu nào, "
    "vui lòng thử lại",
    en="Some of these sites were invited by someone else at the same moment; nobody was "
    "invited, try again",
)
