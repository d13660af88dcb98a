"""What the call for papers and the paper workflow say when they refuse."""

from app.core.errors import Message

SUBMISSION_NOT_FOUND = Message(
    "submission.not_found",
    vi="Không tìm thấy tham luận số {submission_id}",
    en="Submission {submission_id} not found",
)
TRANSITION = Message(
    "submission.transition",
    vi="Không thể chuyển tham luận đang ở trạng thái “{current}” sang “{target}”; "
    "từ trạng thái này chỉ có thể chuyển sang: {allowed}",
    en="Cannot move a paper that is {current} to {target}; from {current} it can only "
    "become: {allowed}",
)
WITHDRAWN_FINAL = Message(
    "submission.withdrawn_final",
    vi="Tham luận đã rút, không thể chuyển sang “{target}” nữa",
    en="The paper was withdrawn, which is final; it cannot become {target}",
)
CALL_NOT_OPEN = Message(
    "submission.call_not_open",
    vi="Hội thảo đang ở trạng thái “{status}” nên chưa nhận tham luận",
    en="The call for papers is not open: the seminar is {status}",
)
CALL_CLOSED_AT = Message(
    "submission.call_closed_at",
    vi="Đã hết hạn nhận tham luận lúc {closed_at} ({timezone}); người viết không thể gửi "
    "hoặc sửa tham luận nữa, vui lòng liên hệ ban tổ chức",
    en="The call for papers closed on {closed_at} ({timezone}); papers can no longer be "
    "sent or changed by speakers, contact the organizers",
)
CALL_CLOSED_BEFORE_DEADLINE = Message(
    "submission.call_paused",
    vi="Ban tổ chức đang tạm dừng nhận tham luận (hạn chót {deadline}, {timezone})",
    en="The call for papers of this seminar is closed (deadline {deadline}, {timezone})",
)
CALL_CLOSED = Message(
    "submission.call_closed",
    vi="Hội thảo này hiện không nhận tham luận",
    en="The call for papers of this seminar is closed",
)
SEMINAR_TAKES_NO_PAPERS = Message(
    "submission.seminar_closed",
    vi="Hội thảo {status}, không nhận thêm tham luận",
    en="The seminar is {status}; it takes no new papers",
)
SPEAKER_UNKNOWN = Message(
    "submission.speaker_unknown",
    vi="Không có tài khoản đang hoạt động nào số {speaker_id}",
    en="speaker_id {speaker_id}: no such active user",
)
AUTHORS_EMPTY = Message(
    "submission.authors_empty",
    vi="Cần ít nhất một tác giả",
    en="Give at least one author",
)
WITHDRAWN = Message(
    "submission.withdrawn",
    vi="Tham luận số {submission_id} đã rút, không thể thay đổi nữa",
    en="Submission {submission_id} was withdrawn; it can no longer be changed",
)
LOCKED_FOR_SPEAKER = Message(
    "submission.locked_for_speaker",
    vi="Tham luận số {submission_id} đang ở trạng thái “{status}”: người viết chỉ sửa được "
    "khi tham luận còn là bản nháp hoặc vừa gửi; vui lòng liên hệ ban tổ chức",
    en="Submission {submission_id} is {status}: its speaker can change it only while it is "
    "draft or submitted; contact the organizers",
)
FILE_EMPTY = Message(
    "submission.file_empty",
    vi="Tệp trống; hãy gửi tệp {accepted}",
    en="The file is empty; send a {accepted} file",
)
FILE_TYPE_NOT_ACCEPTED = Message(
    "submission.file_type_not_accepted",
    vi="Tệp gửi lên là tệp {kind}; hội thảo này chỉ nhận {accepted} (loại tệp được xác định "
    "theo nội dung, không theo tên tệp)",
    en="The content of the file is a {kind} file; this call accepts {accepted} "
    "(the type is read from the content, not the file name)",
)
FILE_TYPE_UNKNOWN = Message(
    "submission.file_type_unknown",
    vi="Nội dung tệp không phải tài liệu PDF, DOCX hay ODT; hội thảo này nhận {accepted} "
    "(loại tệp được xác định theo nội dung, không theo tên tệp)",
    en="The content of the file is not a PDF, DOCX or ODT document; this call accepts "
    "{accepted} (the type is read from the content, not the file name)",
)
FILE_RACE = Message(
    "submission.file_race",
    vi="Chưa lưu được tệp (cùng lúc có một lần tải lên khác cho tham luận này); vui lòng gửi lại",
    en="The file could not be saved (another upload to this paper happened at the same "
    "moment); send it again",
)
FILE_VERSION_NOT_FOUND = Message(
    "submission.file_version_not_found",
    vi="Tham luận số {submission_id} không có phiên bản tệp số {version}",
    en="Submission {submission_id} has no file version {version}",
)
FILE_CONTENT_MISSING = Message(
    "submission.file_content_missing",
    vi="Không tìm thấy nội dung của phiên bản {version} trong kho lưu trữ; "
    "vui lòng báo quản trị viên",
    en="The content of version {version} is missing from storage; tell an administrator",
)
SUBMIT_NEEDS_FILE = Message(
    "submission.needs_file",
    vi="Hãy tải tệp tham luận lên trước khi gửi",
    en="Upload the paper's file before submitting it",
)
SEMINAR_FINAL = Message(
    "submission.seminar_final",
    vi="Hội thảo {status}: trạng thái các tham luận đã được chốt",
    en="The seminar is {status}: its papers' statuses are final",
)
ADD_TO_AGENDA_NEEDS_LIVE = Message(
    "submission.add_to_agenda_needs_live",
    vi="Chỉ đưa được vào chương trình khi chọn “trình bày trực tiếp”",
    en="add_to_agenda needs status selected_live",
)
BULK_UNKNOWN = Message(
    "submission.bulk_unknown",
    vi="Hội thảo số {seminar_id} không có các tham luận: {ids}; chưa thay đổi gì",
    en="No such papers in seminar {seminar_id}: {ids}; nothing was changed",
)
BULK_STUCK = Message(
    "submission.bulk_stuck",
    vi="Chưa thay đổi gì: không thể chuyển các tham luận {ids} sang “{target}”",
    en="Nothing was changed: cannot move submissions {ids} to {target}",
)
BULK_STUCK_ONE = Message(
    "submission.bulk_stuck_one",
    vi="Tham luận số {submission_id} đang ở trạng thái “{status}”",
    en="Submission {submission_id} is {status}",
)
