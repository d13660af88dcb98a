"""What the seminars domain says when it refuses (Vietnamese first, English on request)."""

from app.core.errors import Message

SEMINAR_NOT_FOUND = Message(
    "seminar.not_found",
    vi="Không tìm thấy hội thảo số {seminar_id}",
    en="Seminar {seminar_id} not found",
)
PUBLIC_SEMINAR_NOT_FOUND = Message(
    "seminar.public_not_found",
    vi="Không có hội thảo nào đã công bố tại địa chỉ “{slug}”",
    en="No published seminar at '{slug}'",
)
SEMINAR_TRANSITION = Message(
    "seminar.transition",
    vi="Không thể chuyển hội thảo đang ở trạng thái “{current}” sang “{target}”; "
    "từ trạng thái này chỉ có thể chuyển sang: {allowed}",
    en="Cannot move a seminar that is {current} to {target}; from {current} it can only "
    "become: {allowed}",
)
SEMINAR_FINAL = Message(
    "seminar.final",
    vi="Hội thảo {current}, không thể chuyển sang “{target}” nữa",
    en="The seminar is {current}, which is final; it cannot become {target}",
)
SEMINAR_CLOSED = Message(
    "seminar.closed",
    vi="Hội thảo {status}, không thể sửa thông tin nữa",
    en="The seminar is {status} and can no longer be edited",
)
SEMINAR_CLOSED_AGENDA = Message(
    "seminar.closed_agenda",
    vi="Hội thảo {status}, không thể sửa chương trình nữa",
    en="The seminar is {status}; its agenda can no longer change",
)
SEMINAR_CLOSED_INVITATIONS = Message(
    "seminar.closed_invitations",
    vi="Hội thảo {status}, không thể mời thêm điểm cầu nữa",
    en="The seminar is {status}; it can no longer send invitations",
)
SLUG_TAKEN = Message(
    "seminar.slug_taken",
    vi="Địa chỉ “{slug}” đã được một hội thảo khác dùng; vui lòng chọn địa chỉ khác",
    en="The slug '{slug}' is already used by another seminar; choose another",
)
TIMES_INCONSISTENT = Message(
    "seminar.times_inconsistent",
    vi="Các mốc thời gian chưa hợp lý: {problems}",
    en="The times do not fit together: {problems}",
)
TECHCHECK_AFTER_START = Message(
    "seminar.techcheck_after_start",
    vi="Thời điểm mở kiểm tra kỹ thuật phải trước thời điểm bắt đầu",
    en="techcheck_opens_at must be before starts_at",
)
ENDS_BEFORE_START = Message(
    "seminar.ends_before_start",
    vi="Thời điểm kết thúc phải sau thời điểm bắt đầu",
    en="ends_at must be after starts_at",
)
REGISTRATION_CLOSES_AFTER_END = Message(
    "seminar.registration_closes_after_end",
    vi="Hạn đăng ký không được sau thời điểm kết thúc hội thảo",
    en="registration_closes_at must not be after ends_at",
)
SUBMISSIONS_CLOSE_AFTER_END = Message(
    "seminar.submissions_close_after_end",
    vi="Hạn nộp tham luận không được sau thời điểm kết thúc hội thảo",
    en="submissions_close_at must not be after ends_at",
)
MAIN_SITE_UNKNOWN = Message(
    "seminar.main_site_unknown",
    vi="Điểm cầu chính (số {site_id}) không có trong danh bạ điểm cầu; vui lòng chọn lại",
    en="main_site_id {site_id}: no such site in the directory",
)
MAIN_SITE_LOCKED = Message(
    "seminar.main_site_locked",
    vi="Không thể đổi điểm cầu chính khi hội thảo đang diễn ra",
    en="The main hall cannot change while the seminar is live",
)
DATETIME_WITHOUT_OFFSET = Message(
    "seminar.datetime_without_offset",
    vi="Thời gian cần ghi kèm múi giờ, ví dụ 2026-07-19T08:00:00+07:00",
    en="The date-time has no time zone; include an offset, e.g. 2026-07-19T08:00:00+07:00 "
    "or 2026-07-19T01:00:00Z",
)
UNKNOWN_TIME_ZONE = Message(
    "seminar.unknown_timezone",
    vi="Không có múi giờ “{value}”; hãy dùng tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh",
    en="Unknown time zone '{value}'; use an IANA name like Asia/Ho_Chi_Minh",
)

# --- agenda ------------------------------------------------------------------------------

AGENDA_ITEM_NOT_FOUND = Message(
    "agenda.item_not_found",
    vi="Hội thảo số {seminar_id} không có mục chương trình số {item_id}",
    en="Agenda item {item_id} not found in seminar {seminar_id}",
)
AGENDA_POSITION = Message(
    "agenda.position_out_of_range",
    vi="Vị trí phải từ 1 đến {highest}",
    en="position must be between 1 and {highest}",
)
AGENDA_ITEM_RUNNING = Message(
    "agenda.item_running",
    vi="Mục chương trình số {item_id} đang diễn ra; hãy kết thúc mục này trước khi xóa",
    en="Agenda item {item_id} is running; end it before deleting it",
)
AGENDA_SEMINAR_NOT_LIVE = Message(
    "agenda.seminar_not_live",
    vi="Chỉ bắt đầu được mục chương trình khi hội thảo đang diễn ra (hiện hội thảo ở "
    "trạng thái “{status}”); hãy bắt đầu hội thảo trước",
    en="Agenda items can only be started while the seminar is live (it is {status}); "
    "start the seminar first",
)
AGENDA_ALREADY_RUNNING = Message(
    "agenda.already_running",
    vi="Mục chương trình số {item_id} đang diễn ra rồi",
    en="Agenda item {item_id} is already running",
)
AGENDA_ALREADY_PRESENTED = Message(
    "agenda.already_presented",
    vi="Mục chương trình số {item_id} đã trình bày xong, không thể bắt đầu lại",
    en="Agenda item {item_id} has already been presented; it cannot be started again",
)
AGENDA_NOT_STARTED = Message(
    "agenda.not_started",
    vi="Mục chương trình số {item_id} chưa bắt đầu; chỉ kết thúc được mục đang diễn ra",
    en="Agenda item {item_id} has not started; only the running item can be ended",
)
AGENDA_ALREADY_ENDED = Message(
    "agenda.already_ended",
    vi="Mục chương trình số {item_id} đã kết thúc rồi",
    en="Agenda item {item_id} has already ended",
)
