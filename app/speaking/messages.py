"""Messages of the speaking queue."""

from app.core.errors import Message

SPEAKING_NOT_FOUND = Message(
    "speaking.not_found",
    vi="Không tìm thấy lượt đăng ký phát biểu số {request_id} trong hội thảo này",
    en="Speaking request {request_id} was not found in this seminar",
)
SPEAKING_NOT_OPEN = Message(
    "speaking.not_open",
    vi="Hội thảo đang ở trạng thái {status} nên không nhận đăng ký phát biểu; chỉ đăng ký "
    "được khi hội thảo đã công bố hoặc đang diễn ra",
    en="The seminar is {status}, so it takes no speaking requests; requests are taken "
    "while it is published or live",
)
SPEAKING_TOO_MANY = Message(
    "speaking.too_many_open",
    vi="Điểm cầu đã có {limit} lượt đăng ký phát biểu đang chờ; hãy chờ đến lượt hoặc rút "
    "bớt một lượt rồi đăng ký tiếp",
    en="This site already has {limit} open speaking requests; wait for your turn or "
    "withdraw one before asking again",
)
# An illegal move, one message per action ({status}: the request's state, shown as a label).
CANNOT_CALL = Message(
    "speaking.cannot_call",
    vi="Lượt phát biểu của {speaker_name} đang ở trạng thái “{status}” nên không thể mời "
    "chuẩn bị; chỉ mời được lượt đang chờ",
    en="{speaker_name}'s request is {status}, so it cannot be called; only a waiting request can",
)
CANNOT_START = Message(
    "speaking.cannot_start",
    vi="Lượt phát biểu của {speaker_name} đang ở trạng thái “{status}” nên không thể bắt "
    "đầu phát biểu; chỉ bắt đầu được lượt đang chờ hoặc đã mời chuẩn bị",
    en="{speaker_name}'s request is {status}, so it cannot start; only a waiting or "
    "called request can",
)
CANNOT_END = Message(
    "speaking.cannot_end",
    vi="Lượt phát biểu của {speaker_name} đang ở trạng thái “{status}” nên không thể kết "
    "thúc; chỉ kết thúc được lượt đang phát biểu",
    en="{speaker_name}'s request is {status}, so it cannot end; only the current speech can",
)
CANNOT_REJECT = Message(
    "speaking.cannot_reject",
    vi="Lượt phát biểu của {speaker_name} đang ở trạng thái “{status}” nên không thể từ "
    "chối; chỉ từ chối được lượt đang chờ hoặc đã mời chuẩn bị",
    en="{speaker_name}'s request is {status}, so it cannot be rejected; only a waiting or "
    "called request can",
)
CANNOT_WITHDRAW = Message(
    "speaking.cannot_withdraw",
    vi="Lượt phát biểu của {speaker_name} đang ở trạng thái “{status}” nên không thể rút; "
    "chỉ rút được lượt đang chờ hoặc đã mời chuẩn bị",
    en="{speaker_name}'s request is {status}, so it cannot be withdrawn; only a waiting or "
    "called request can",
)
SPEAKING_NOT_WAITING = Message(
    "speaking.not_waiting",
    vi="Lượt phát biểu của {speaker_name} đang ở trạng thái “{status}” nên không còn "
    "trong hàng chờ để đổi thứ tự",
    en="{speaker_name}'s request is {status}: it is no longer in the queue to reorder",
)
SPEAKING_SEMINAR_NOT_LIVE = Message(
    "speaking.seminar_not_live",
    vi="Hội thảo đang ở trạng thái {status}; chỉ mời phát biểu được khi hội thảo đang diễn ra",
    en="The seminar is {status}; speakers can take the floor only while it is live",
)
SPEAKING_SITE_NOT_IN_SEMINAR = Message(
    "speaking.site_not_in_seminar",
    vi="Điểm cầu số {site_id} không tham dự hội thảo này",
    en="Site {site_id} does not take part in this seminar",
)
SPEAKING_CLOSED = Message(
    "speaking.closed",
    vi="Lượt phát biểu của {speaker_name} đang ở trạng thái “{status}” nên không sửa được "
    "thời gian dự kiến",
    en="{speaker_name}'s request is {status}: its planned time can no longer change",
)
SPEAKING_RACE = Message(
    "speaking.started_meanwhile",
    vi="Một lượt phát biểu khác vừa bắt đầu cùng lúc; hãy tải lại hàng chờ rồi thử lại",
    en="Another speech started at the same moment; reload the queue and try again",
)
