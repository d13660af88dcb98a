"""The reader's language (Vietnamese unless asked otherwise) and the words errors use."""

from collections.abc import Mapping
from typing import Any, Literal

Lang = Literal["vi", "en"]

# State names as a Vietnamese screen shows them (the console uses the same words).
_LABELS: dict[str, tuple[str, str]] = {
    "draft": ("bản nháp", "draft"),
    "published": ("đã công bố", "published"),
    "live": ("đang diễn ra", "live"),
    "ended": ("đã kết thúc", "ended"),
    "cancelled": ("đã hủy", "cancelled"),
    "invited": ("đã mời", "invited"),
    "registered": ("đã đăng ký", "registered"),
    "declined": ("từ chối", "declined"),
    "checked_in": ("đã điểm danh", "checked in"),
    "disconnected": ("mất kết nối", "disconnected"),
    "submitted": ("đã gửi", "submitted"),
    "under_review": ("đang xét", "under review"),
    "selected_live": ("trình bày trực tiếp", "selected for live presentation"),
    "accepted_written": ("in kỷ yếu", "accepted for the written proceedings"),
    "rejected": ("không được chọn", "rejected"),
    "withdrawn": ("đã rút", "withdrawn"),
    # Speaking requests (app/speaking)
    "requested": ("đang chờ", "requested"),
    "called": ("đã mời chuẩn bị", "called"),
    "speaking": ("đang phát biểu", "speaking"),
    "done": ("đã phát biểu xong", "done"),
    # Polls (app/polls)
    "open": ("đang mở", "open"),
    "closed": ("đã đóng", "closed"),
    "admin": ("quản trị", "administrator"),
    "organizer": ("ban tổ chức", "organizer"),
    "speaker": ("tác giả tham luận", "speaker"),
}


def label(value: str, lang: Lang) -> str:
    """A state's name in ``lang`` (the value itself when it has no label)."""
    pair = _LABELS.get(value)
    if pair is None:
        return value
    return pair[1] if lang == "en" else pair[0]


def language_of(headers: Mapping[str, str] | None) -> Lang:
    """English when the client's first preference is English; Vietnamese otherwise."""
    if not headers:
        return "vi"
    accept = headers.get("accept-language") or ""
    best, best_q = "vi", -1.0
    for part in accept.split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in ("vi", "en") and q > best_q:
            best, best_q = primary, q
    return "en" if best == "en" else "vi"


# pydantic's error types → (Vietnamese, English) with the error's ``ctx`` fields.
_VALIDATION: dict[str, tuple[str, str]] = {
    "missing": ("thiếu, cần điền", "required"),
    "extra_forbidden": ("trường này không được nhận; bỏ nó đi", "unknown field; remove it"),
    "int_parsing": ("phải là số nguyên", "must be a whole number"),
    "int_type": ("phải là số nguyên", "must be a whole number"),
    "int_from_float": ("phải là số nguyên", "must be a whole number"),
    "float_parsing": ("phải là số", "must be a number"),
    "float_type": ("phải là số", "must be a number"),
    "bool_parsing": ("phải là đúng/sai", "must be true or false"),
    "bool_type": ("phải là đúng/sai", "must be true or false"),
    "string_type": ("phải là chuỗi chữ", "must be text"),
    "list_type": ("phải là danh sách", "must be a list"),
    "dict_type": ("phải là một đối tượng", "must be an object"),
    "model_type": ("phải là một đối tượng", "must be an object"),
    "model_attributes_type": ("phải là một đối tượng", "must be an object"),
    "greater_than": ("phải lớn hơn {gt}", "must be greater than {gt}"),
    "greater_than_equal": ("phải từ {ge} trở lên", "must be at least {ge}"),
    "less_than": ("phải nhỏ hơn {lt}", "must be less than {lt}"),
    "less_than_equal": ("phải không quá {le}", "must be at most {le}"),
    "string_too_short": (
        "cần ít nhất {min_length} ký tự",
        "needs at least {min_length} characters",
    ),
    "string_too_long": ("dài tối đa {max_length} ký tự", "at most {max_length} characters"),
    "too_short": ("cần ít nhất {min_length} phần tử", "needs at least {min_length} items"),
    "too_long": ("tối đa {max_length} phần tử", "at most {max_length} items"),
    "string_pattern_mismatch": ("không đúng dạng", "has the wrong format"),
    "enum": ("phải là một trong: {expected}", "must be one of: {expected}"),
    "literal_error": ("phải là một trong: {expected}", "must be one of: {expected}"),
    "value_error": ("không hợp lệ", "is not valid"),
    "json_invalid": ("không phải JSON hợp lệ", "is not valid JSON"),
    "json_type": ("không phải JSON hợp lệ", "is not valid JSON"),
    "datetime_parsing": (
        "phải là ngày giờ dạng ISO 8601 (ví dụ 2026-07-19T08:00:00+07:00)",
        "must be an ISO 8601 date and time (e.g. 2026-07-19T08:00:00+07:00)",
    ),
    "datetime_from_date_parsing": (
        "phải là ngày giờ dạng ISO 8601 (ví dụ 2026-07-19T08:00:00+07:00)",
        "must be an ISO 8601 date and time (e.g. 2026-07-19T08:00:00+07:00)",
    ),
    "datetime_type": ("phải là ngày giờ", "must be a date and time"),
    "timezone_aware": (
        "cần ghi múi giờ (ví dụ +07:00)",
        "needs a time zone offset (e.g. +07:00)",
    ),
    "date_parsing": ("phải là ngày dạng YYYY-MM-DD", "must be a date as YYYY-MM-DD"),
    "date_from_datetime_parsing": ("phải là ngày dạng YYYY-MM-DD", "must be a date as YYYY-MM-DD"),
    "date_type": ("phải là ngày", "must be a date"),
    "time_parsing": ("phải là giờ dạng HH:MM", "must be a time as HH:MM"),
    "uuid_parsing": ("phải là UUID", "must be a UUID"),
    "uuid_type": ("phải là UUID", "must be a UUID"),
    "value_error.email": ("không phải địa chỉ e-mail hợp lệ", "is not a valid e-mail address"),
    "url_parsing": ("không phải địa chỉ web hợp lệ", "is not a valid URL"),
    "timezone": ("không phải múi giờ hợp lệ", "is not a valid time zone"),
    "bytes_type": ("phải là dữ liệu nhị phân", "must be bytes"),
    "is_instance_of": ("có kiểu không đúng", "has the wrong type"),
}


def validation_message(error: Mapping[str, Any], lang: Lang) -> str:
    """One pydantic error in ``lang``; our own validators carry a message code as ``type``."""
    from app.core.errors import all_messages  # errors imports this module

    kind = str(error.get("type", ""))
    ctx = dict(error.get("ctx") or {})
    ours = all_messages().get(kind)
    if ours is not None:
        return ours.render(lang, {k: v for k, v in ctx.items() if k in ours.fields(lang)})
    if kind == "value_error" and "email" in str(error.get("msg", "")).lower():
        kind = "value_error.email"
    if kind == "value_error" and lang == "en":
        # A validator of a library (ours raise ``invalid(MESSAGE)``): its English text is
        # more precise than ours; a Vietnamese reader gets the generic sentence below.
        return str(error.get("msg", "")).removeprefix("Value error, ") or _VALIDATION[kind][1]
    pair = _VALIDATION.get(kind)
    if pair is None:
        return "không hợp lệ" if lang == "vi" else str(error.get("msg", "is not valid"))
    template = pair[1] if lang == "en" else pair[0]
    try:
        return template.format_map(ctx)
    except (KeyError, ValueError):
        return template.split("{")[0].strip()
