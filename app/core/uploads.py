"""Reading one uploaded file from a multipart request, with a hard size cap.

The body is counted while it streams in, so an oversized upload is refused with 413
before it is parsed or spooled to disk, whatever the client claims in Content-Length.
"""

from dataclasses import dataclass

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.types import Message

from app.core import messages as msg
from app.core.errors import PayloadTooLarge, Unprocessable, UnsupportedMediaType

# DESIGN.md: the request body may exceed the file limit by at most this much form overhead.
FORM_OVERHEAD_BYTES = 64 * 1024
_CHUNK = 64 * 1024

# For the OpenAPI description of endpoints that read their body with ``read_upload``.
MULTIPART_FILE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


@dataclass
class Upload:
    filename: str | None
    content_type: str | None
    data: bytes


def too_large(max_bytes: int) -> PayloadTooLarge:
    """The 413 for a file (or its multipart body) over ``max_bytes``."""
    return PayloadTooLarge(msg.UPLOAD_TOO_LARGE, mib=max_bytes // (1024 * 1024), limit=max_bytes)


async def read_upload(request: Request, max_bytes: int, field: str = "file") -> Upload:
    """The file sent in the multipart ``field``: 415 if not multipart, 413 if over ``max_bytes``."""
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise UnsupportedMediaType(msg.UPLOAD_NOT_MULTIPART, field=field)
    body_limit = max_bytes + FORM_OVERHEAD_BYTES
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > body_limit:
        raise too_large(max_bytes)

    received = 0

    async def capped_receive() -> Message:
        nonlocal received
        message = await request.receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > body_limit:
                raise too_large(max_bytes)
        return message

    capped = Request(request.scope, capped_receive)
    try:
        form = await capped.form(max_files=1, max_fields=20)
    except MultiPartException as exc:
        raise Unprocessable(msg.UPLOAD_MALFORMED, reason=exc.message) from None
    try:
        upload = form.get(field)
        if not isinstance(upload, UploadFile):
            raise Unprocessable(msg.UPLOAD_FIELD_MISSING, field=field)
        data = bytearray()
        while chunk := await upload.read(_CHUNK):
            data += chunk
            if len(data) > max_bytes:
                raise too_large(max_bytes)
        return Upload(upload.filename, upload.content_type, bytes(data))
    finally:
        await form.close()
