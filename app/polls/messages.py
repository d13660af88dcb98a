"""Messages of polls, tallies and answers."""

from app.core.errors import Message

POLL_NOT_FOUND = Message(
    "polls.not_found",
    vi="Không tìm thấy biểu quyết số {poll_id} trong hội thảo này",
    en="Poll {poll_id} was not found in this seminar",
)
PUBLIC_POLL_NOT_FOUND = Message(
    "polls.public_not_found",
    vi="Không tìm thấy phiếu lấy ý kiến này; hãy quét lại mã QR trên màn hình",
    en="This poll was not found; scan the QR code on the screen again",
)
# Creating and editing.
OPTIONS_COUNT = Message(
    "polls.options_count",
    vi="Biểu quyết cần từ {min} đến {max} phương án trả lời",
    en="A poll needs between {min} and {max} options",
)
SCALE_FIVE = Message(
    "polls.scale_five",
    vi="Thang điểm cần đúng 5 mức (từ 1 đến 5)",
    en="A scale needs exactly five levels (1 to 5)",
)
OPTION_DUPLICATE = Message(
    "polls.option_duplicate",
    vi="Phương án “{label}” bị lặp lại; mỗi phương án chỉ ghi một lần",
    en="The option “{label}” is given twice; list each option once",
)
SURVEY_SHAPE = Message(
    "polls.survey_shape",
    vi="Khảo sát mức độ hài lòng phải là thang điểm 1–5 (kind = scale) và do từng người "
    "trả lời (mode = per_person)",
    en="A satisfaction survey is a 1–5 scale (kind = scale) answered by each person "
    "(mode = per_person)",
)
NOT_DRAFT = Message(
    "polls.not_draft",
    vi="Biểu quyết đang ở trạng thái “{status}”; chỉ sửa hoặc xóa được khi còn là bản nháp",
    en="The poll is {status}; it can be edited or deleted only while it is a draft",
)
# The state machine draft → open → closed → published.
CANNOT_OPEN = Message(
    "polls.cannot_open",
    vi="Biểu quyết đang ở trạng thái “{status}” nên không mở được; chỉ mở được bản nháp",
    en="The poll is {status}, so it cannot be opened; only a draft can",
)
CANNOT_CLOSE = Message(
    "polls.cannot_close",
    vi="Biểu quyết đang ở trạng thái “{status}” nên không đóng được; chỉ đóng được biểu "
    "quyết đang mở",
    en="The poll is {status}, so it cannot be closed; only an open poll can",
)
CANNOT_PUBLISH = Message(
    "polls.cannot_publish",
    vi="Biểu quyết đang ở trạng thái “{status}” nên chưa công bố được kết quả; hãy đóng "
    "biểu quyết trước",
    en="The poll is {status}, so its results cannot be published yet; close it first",
)
POLL_SEMINAR_NOT_RUNNING = Message(
    "polls.seminar_not_running",
    vi="Hội thảo đang ở trạng thái “{status}”; chỉ mở biểu quyết được khi hội thảo đang "
    "diễn ra, hoặc đã công bố và đúng ngày diễn ra",
    en="The seminar is {status}; a poll can be opened while it is live, or published "
    "and on its day",
)
SURVEY_SEMINAR_NOT_STARTED = Message(
    "polls.survey_not_started",
    vi="Hội thảo đang ở trạng thái “{status}”; chỉ mở khảo sát được khi hội thảo đang diễn "
    "ra hoặc đã kết thúc",
    en="The seminar is {status}; a survey can be opened while it is live or once it ended",
)
SURVEY_DURATION = Message(
    "polls.survey_duration",
    vi="Khảo sát cần thời gian mở (duration_minutes, tính bằng phút)",
    en="A survey needs how long it stays open (duration_minutes)",
)
# Tallies (per_site).
NOT_PER_SITE = Message(
    "polls.not_per_site",
    vi="Biểu quyết này do từng người trả lời qua mã QR, điểm cầu không nhập số liệu",
    en="This poll is answered by each person through the QR code; sites enter no counts",
)
POLL_NOT_OPEN = Message(
    "polls.not_open",
    vi="Biểu quyết đang ở trạng thái “{status}”; chỉ nhận số liệu và ý kiến khi biểu quyết đang mở",
    en="The poll is {status}; counts and answers are taken only while it is open",
)
SITE_NOT_CHECKED_IN = Message(
    "polls.site_not_checked_in",
    vi="Điểm cầu chưa điểm danh nên chưa nhập được kết quả biểu quyết; hãy điểm danh trước",
    en="This site has not checked in, so it cannot enter poll counts; check in first",
)
OPTION_NOT_IN_POLL = Message(
    "polls.option_not_in_poll",
    vi="Phương án số {option_id} không thuộc biểu quyết này",
    en="Option {option_id} is not an option of this poll",
)
OVER_HEADCOUNT = Message(
    "polls.over_headcount",
    vi="Tổng số phiếu ({total}) vượt quá số người đang có mặt tại điểm cầu ({headcount}); "
    "hãy kiểm tra lại hoặc cập nhật số người trước",
    en="The counts add up to {total}, more than the {headcount} people present at the "
    "site; check them or update the headcount first",
)
OPTION_OVER_HEADCOUNT = Message(
    "polls.option_over_headcount",
    vi="Số phiếu của một phương án ({total}) vượt quá số người đang có mặt tại điểm cầu "
    "({headcount}); hãy kiểm tra lại hoặc cập nhật số người trước",
    en="One option's count ({total}) is more than the {headcount} people present at the "
    "site; check it or update the headcount first",
)
TALLIES_TOO_FREQUENT = Message(
    "polls.tallies_too_frequent",
    vi="Điểm cầu gửi kết quả biểu quyết quá nhanh; vui lòng đợi {seconds} giây rồi gửi lại",
    en="This site is sending poll counts too fast; wait {seconds} seconds and send again",
)
# Answers (per_person).
NOT_PER_PERSON = Message(
    "polls.not_per_person",
    vi="Biểu quyết này do điểm cầu tổng hợp số liệu, không trả lời riêng từng người",
    en="This poll is counted by the sites; it takes no individual answers",
)
ANSWER_EMPTY = Message(
    "polls.answer_empty",
    vi="Hãy chọn ít nhất một phương án",
    en="Choose at least one option",
)
ANSWER_ONE_ONLY = Message(
    "polls.answer_one_only",
    vi="Câu hỏi này chỉ chọn một phương án",
    en="This question takes a single option",
)
ANSWER_DUPLICATE = Message(
    "polls.answer_duplicate",
    vi="Mỗi phương án chỉ chọn một lần",
    en="Choose each option at most once",
)
ANSWERS_TOO_FREQUENT = Message(
    "polls.answers_too_frequent",
    vi="Có quá nhiều lượt trả lời trong thời gian ngắn; vui lòng đợi {seconds} giây rồi gửi lại",
    en="Too many answers in a short time; wait {seconds} seconds and send again",
)
