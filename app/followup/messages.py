"""Messages of the follow-up domain (conclusion notice, tasks, per-site progress)."""

from app.core.errors import Message

TASK_NOT_FOUND = Message(
    "followup.task_not_found",
    vi="Không tìm thấy nhiệm vụ số {task_id} trong hội thảo này",
    en="Task {task_id} was not found in this seminar",
)
SITE_TASK_NOT_FOUND = Message(
    "followup.site_task_not_found",
    vi="Nhiệm vụ số {task_id} không được giao cho điểm cầu này",
    en="Task {task_id} is not assigned to this site",
)
TASKS_NOT_YET = Message(
    "followup.tasks_not_yet",
    vi="Chỉ giao nhiệm vụ khi hội thảo đang diễn ra hoặc đã kết thúc (hiện tại: {status})",
    en="Tasks are assigned only while the seminar is live or after it ended (now: {status})",
)
PROGRESS_NOT_YET = Message(
    "followup.progress_not_yet",
    vi="Hội thảo chưa kết thúc nên chưa thể báo cáo tiến độ thực hiện nhiệm vụ",
    en="The seminar has not ended yet; task progress can be reported after it ends",
)
CONCLUSION_CANCELLED = Message(
    "followup.seminar_cancelled",
    vi="Hội thảo đã bị hủy nên không thể ban hành thông báo kết luận",
    en="The seminar was cancelled; no conclusion notice can be issued",
)
CONCLUSION_MISSING = Message(
    "followup.conclusion_missing",
    vi="Hội thảo chưa có thông báo kết luận; hãy soạn kết luận trước khi tải văn bản",
    en="The seminar has no conclusion notice yet; write it before downloading the document",
)
TASK_SITES_REQUIRED = Message(
    "followup.sites_required",
    vi="Hãy chọn các điểm cầu được giao (site_ids) hoặc giao cho tất cả (all_sites), "
    "không chọn cả hai",
    en="Give either the assigned sites (site_ids) or all_sites, not both",
)
TASK_SITES_UNKNOWN = Message(
    "followup.sites_unknown",
    vi="Các điểm cầu sau không tham dự hội thảo này: {site_ids}",
    en="These sites do not take part in this seminar: {site_ids}",
)
TASK_NO_SITES = Message(
    "followup.no_sites",
    vi="Hội thảo chưa có điểm cầu nào để giao nhiệm vụ",
    en="The seminar has no site to assign the task to",
)
TASK_ALREADY_DONE = Message(
    "followup.already_done",
    vi="Nhiệm vụ này đã được đánh dấu hoàn thành lúc {at}; nếu cần làm tiếp, hãy chuyển về "
    "“Đang thực hiện”",
    en="This task was already marked done at {at}; to work on it again, set it back to "
    "“In progress”",
)
TASK_STATUS_FILTER = Message(
    "followup.status_filter",
    vi="Trạng thái lọc không hợp lệ: “{status}”; chọn not_started, in_progress, done hoặc overdue",
    en="Unknown status filter “{status}”; use not_started, in_progress, done or overdue",
)
