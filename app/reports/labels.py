"""Vietnamese labels of the domain's codes, as documents and exports print them."""

SITE_STATUS = {
    "invited": "Đã mời",
    "registered": "Đã đăng ký",
    "declined": "Từ chối",
    "checked_in": "Đã kết nối",
    "disconnected": "Mất kết nối",
}
SITE_LEVEL = {
    "central": "Trung ương",
    "province": "Tỉnh, thành phố",
    "district": "Huyện, quận",
    "commune": "Xã, phường",
    "unit": "Cơ sở, đơn vị",
}
PAPER_STATUS = {
    "draft": "Bản nháp",
    "submitted": "Đã gửi",
    "under_review": "Đang xét",
    "selected_live": "Chọn trình bày",
    "accepted_written": "Đưa vào kỷ yếu",
    "rejected": "Không chọn",
    "withdrawn": "Đã rút",
}
AGENDA_KIND = {
    "opening": "Khai mạc",
    "report": "Báo cáo",
    "paper": "Tham luận",
    "discussion": "Thảo luận",
    "break": "Giải lao",
    "closing": "Kết luận, bế mạc",
    "other": "Khác",
}
SEMINAR_STATUS = {
    "draft": "Bản nháp",
    "published": "Đã công bố",
    "live": "Đang diễn ra",
    "ended": "Đã kết thúc",
    "cancelled": "Đã hủy",
}
POLL_KIND = {
    "single": "Chọn một",
    "multiple": "Chọn nhiều",
    "scale": "Thang điểm 1–5",
}
POLL_MODE = {
    "per_site": "Điểm cầu nhập số biểu quyết",
    "per_person": "Từng người trả lời qua mã QR",
}
POLL_STATUS = {
    "draft": "Bản nháp",
    "open": "Đang mở",
    "closed": "Đã đóng",
    "published": "Đã công bố",
}
