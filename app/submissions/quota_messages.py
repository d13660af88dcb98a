"""Messages of the speaker quotas (papers per seminar, file versions per paper)."""

from app.core.errors import Message

PAPER_QUOTA = Message(
    "submission.quota_papers",
    vi="Mỗi tác giả gửi được tối đa {limit} tham luận cho một hội thảo và bạn đã có "
    "{count}; hãy sửa tham luận đã có hoặc liên hệ ban tổ chức",
    en="A speaker may send at most {limit} papers to one seminar and you have {count}; "
    "edit one of them or contact the organizers",
)
FILE_VERSION_QUOTA = Message(
    "submission.quota_files",
    vi="Tham luận này đã có {count} phiên bản tệp, tối đa là {limit}; hãy liên hệ ban tổ chức "
    "nếu cần gửi thêm",
    en="This paper already has {count} file versions, the most it can have is {limit}; "
    "contact the organizers if you need to send another",
)
