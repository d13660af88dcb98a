"""Messages of live attendance: check-in, headcount reports and the live views."""

from app.core.errors import Message

ATTENDANCE_NOT_YET_OPEN = Message(
    "attendance.not_yet_open",
    vi="Điểm danh và báo số người mở từ ngày diễn ra hội thảo ({day}) hoặc khi hội thảo "
    "bắt đầu; vui lòng quay lại vào hôm đó",
    en="Check-in and headcount open on the seminar's day ({day}) or once it is live",
)
ATTENDANCE_ENDED = Message(
    "attendance.ended",
    vi="Hội thảo đã kết thúc nên không nhận điểm danh hay báo số người nữa",
    en="The seminar has ended: attendance is closed",
)
ATTENDANCE_NOT_OPEN = Message(
    "attendance.not_open",
    vi="Hội thảo đang ở trạng thái {status} nên chưa nhận điểm danh; vui lòng liên hệ ban tổ chức",
    en="The seminar is {status}: attendance is not open",
)
CHECKIN_NOT_REGISTERED = Message(
    "attendance.checkin_not_registered",
    vi="Điểm cầu đang ở trạng thái {status}; vui lòng đăng ký tham dự trước khi điểm danh",
    en="A site that is {status} cannot check in; register first",
)
CHECKIN_REFUSED = Message(
    "attendance.checkin_refused",
    vi="Điểm cầu đang ở trạng thái {status} nên không thể điểm danh; vui lòng liên hệ ban tổ chức",
    en="A site that is {status} cannot check in",
)
HEADCOUNT_IMPLAUSIBLE = Message(
    "attendance.headcount_implausible",
    vi="Số người {headcount} không hợp lý với điểm cầu này (tối đa {bound}); "
    "vui lòng nhập số người đang có mặt trong phòng",
    en="headcount {headcount} is implausible for this site (at most {bound}); "
    "report the number of people in the room now",
)
OVERRIDE_NOT_REGISTERED = Message(
    "attendance.override_not_registered",
    vi="Điểm cầu đang ở trạng thái {status}; vui lòng đăng ký cho điểm cầu trước khi nhập số người",
    en="The site is {status}: register it before reporting its headcount",
)
REPORT_BEFORE_CHECKIN = Message(
    "attendance.report_before_checkin",
    vi="Điểm cầu chưa điểm danh; vui lòng điểm danh trước khi báo số người",
    en="Check in first: headcount reports come from checked-in sites",
)
SITE_TOKEN_UNKNOWN = Message(
    "attendance.site_token_unknown",
    vi="Đường dẫn điểm danh không còn hiệu lực hoặc đã được thay; "
    "vui lòng xin ban tổ chức đường dẫn mới",
    en="Unknown or replaced site token; ask the organizers for a new check-in link",
)
SITE_TOKEN_MISSING = Message(
    "attendance.site_token_missing",
    vi="Thiếu mã điểm cầu (X-Site-Token); vui lòng mở lại đường dẫn điểm danh",
    en="The X-Site-Token header is required",
)
SITE_NOT_PARTICIPATING = Message(
    "attendance.site_not_participating",
    vi="Điểm cầu {site_id} không tham gia hội thảo {seminar_id}",
    en="Site {site_id} does not take part in seminar {seminar_id}",
)
SITE_NO_LONGER_PARTICIPATING = Message(
    "attendance.site_no_longer_participating",
    vi="Điểm cầu không còn tham gia hội thảo này; vui lòng tải lại danh sách điểm cầu",
    en="The site is not taking part in this seminar",
)
SEMINAR_NOT_FOUND = Message(
    "attendance.seminar_not_found",
    vi="Không tìm thấy hội thảo {seminar_id}",
    en="Seminar {seminar_id} not found",
)
REPORT_TOO_LARGE = Message(
    "attendance.report_too_large",
    vi="Báo cáo số người quá lớn (tối đa {limit} byte); vui lòng chỉ gửi số người, mã yêu cầu "
    "và thời điểm đếm",
    en="A headcount report is at most {limit} bytes",
)
REPORTED_AT_OUT_OF_WINDOW = Message(
    "attendance.reported_at_out_of_window",
    vi="Thời điểm đếm phải trong vòng 24 giờ qua và không quá 5 phút sau giờ máy chủ; "
    "vui lòng kiểm tra đồng hồ của điện thoại rồi gửi lại",
    en="reported_at must be within the last 24 hours and at most 5 minutes ahead of the "
    "server clock; check the phone's clock and send it again",
)
REPORTS_TOO_FREQUENT = Message(
    "attendance.reports_too_frequent",
    vi="Điểm cầu gửi báo cáo quá dồn dập; vui lòng chờ {seconds} giây rồi gửi tiếp",
    en="Too many reports from this site; wait {seconds} seconds and send again",
)
REPORT_NOT_RECORDED = Message(
    "attendance.report_not_recorded",
    vi="Không ghi nhận được báo cáo này; vui lòng nhập lại số người và gửi báo cáo mới",
    en="This report could not be recorded; enter the headcount again and send a new report",
)
CHECKIN_NOT_RECORDED = Message(
    "attendance.checkin_not_recorded",
    vi="Không ghi nhận được lần điểm danh này; vui lòng bấm điểm danh lại",
    en="This check-in could not be recorded; check in again",
)
CHECKIN_BUSY = Message(
    "attendance.checkin_busy",
    vi="Máy chủ chưa kịp ghi nhận lần điểm danh; chưa có gì được ghi, vui lòng điểm danh lại "
    "sau {seconds} giây",
    en="The server could not record the check-in in time; nothing was recorded, check in "
    "again in {seconds} seconds",
)
RECORDER_BUSY = Message(
    "attendance.recorder_busy",
    vi="Máy chủ chưa kịp ghi nhận báo cáo; chưa có gì được ghi, vui lòng gửi lại sau "
    "{seconds} giây",
    en="The server could not record the report in time; nothing was recorded, send it again "
    "in {seconds} seconds",
)
SHUTTING_DOWN = Message(
    "attendance.shutting_down",
    vi="Máy chủ đang khởi động lại; báo cáo chưa được ghi, vui lòng gửi lại sau {seconds} giây",
    en="The server is restarting; the report was not recorded, send it again in {seconds} seconds",
)
