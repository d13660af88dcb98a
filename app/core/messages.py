"""What the shared plumbing (uploads, the pages) says when it refuses."""

from app.core.errors import Message

UPLOAD_TOO_LARGE = Message(
    "upload.too_large",
    vi="Tệp lớn hơn giới hạn {mib} MiB ({limit} byte); hãy chia nhỏ tệp hoặc nhờ quản trị "
    "viên nâng DIEMCAU_MAX_UPLOAD_MB",
    en="The file is larger than the limit of {mib} MiB ({limit} bytes); split it or ask an "
    "administrator to raise DIEMCAU_MAX_UPLOAD_MB",
)
UPLOAD_NOT_MULTIPART = Message(
    "upload.not_multipart",
    vi="Hãy gửi tệp dạng multipart/form-data trong trường “{field}”",
    en="Send the file as multipart/form-data in the field '{field}'",
)
UPLOAD_MALFORMED = Message(
    "upload.malformed",
    vi="Nội dung tải lên bị hỏng (multipart không hợp lệ); vui lòng gửi lại tệp",
    en="Malformed multipart body; send the file again",
)
UPLOAD_FIELD_MISSING = Message(
    "upload.field_missing",
    vi="Không thấy tệp trong trường “{field}” của biểu mẫu; hãy gửi tệp trong trường này",
    en="Send the file in the multipart field '{field}'",
)
FRONTEND_NOT_BUILT = Message(
    "frontend.not_built",
    vi="Giao diện web chưa được dựng; hãy chạy `make run` (tài liệu API ở /docs)",
    en="The web app is not built; run `make run` (API docs at /docs)",
)
