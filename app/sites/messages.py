"""What the site directory and its CSV import say when they refuse."""

from app.core.errors import Message

SITE_NOT_FOUND = Message(
    "site.not_found",
    vi="Không tìm thấy điểm cầu số {site_id}",
    en="Site {site_id} not found",
)
SORT_UNKNOWN = Message(
    "site.sort",
    vi="Không sắp xếp được theo “{sort}”: chỉ dùng một trong {allowed} "
    "(thêm dấu “-” phía trước để sắp xếp giảm dần, ví dụ -name)",
    en="Cannot sort by {sort}: use one of {allowed} (prefix “-” for descending, e.g. -name)",
)
ROOT_AND_PARENT = Message(
    "site.root_and_parent",
    vi="Chỉ dùng một trong hai bộ lọc: root=true (điểm cầu cấp cao nhất) hoặc parent_id",
    en="Use either root=true (top-level sites) or parent_id, not both",
)
PARENT_UNKNOWN = Message(
    "site.parent_unknown",
    vi="Điểm cầu cấp trên số {parent_id} không tồn tại; vui lòng chọn một điểm cầu có trong "
    "danh bạ",
    en="parent_id {parent_id} does not exist; pick an existing site",
)
CODE_TAKEN = Message(
    "site.code_taken",
    vi="Mã “{code}” đã được một điểm cầu khác dùng; vui lòng chọn mã khác",
    en="A site with the code '{code}' already exists; choose another code",
)
PARENT_CYCLE = Message(
    "site.parent_cycle",
    vi="Không thể đặt điểm cầu “{code}” dưới “{parent}”: “{parent}” chính là nó hoặc nằm "
    "bên dưới nó, như vậy sẽ thành vòng lặp. Hãy chọn cấp trên nằm ngoài nhánh của nó.",
    en="Site '{code}' cannot be placed under '{parent}': '{parent}' is the site itself or "
    "lies below it, which would make a cycle. Choose a parent outside its subtree.",
)
HAS_CHILDREN = Message(
    "site.has_children",
    vi="Điểm cầu “{code}” còn các điểm cầu cấp dưới; hãy chuyển hoặc xóa các điểm cầu đó trước",
    en="Site '{code}' has sites below it; move or delete those first",
)
IN_USE = Message(
    "site.in_use",
    vi="Điểm cầu “{code}” đã tham gia một hội thảo (được mời hoặc là điểm cầu chính) hoặc có "
    "điểm cầu cấp dưới; danh bạ giữ lại để lưu hồ sơ. Hãy gỡ khỏi các hội thảo trước, "
    "hoặc đổi tên thay vì xóa.",
    en="Site '{code}' is part of a seminar (invited or as its main hall) or has sites below "
    "it; the directory keeps it for those records. Remove it from the seminars first, or "
    "rename it instead of deleting it.",
)
FIELD_NOT_NULL = Message(
    "site.field_not_null",
    vi="Không được để trống {field}; muốn giữ nguyên thì đừng gửi trường này",
    en="{field} cannot be null; leave it out to keep it unchanged",
)

# --- CSV import: the whole file ----------------------------------------------------------

IMPORT_INVALID = Message(
    "site.import.invalid",
    vi="Tệp có {lines} dòng bị lỗi nên chưa nhập dòng nào. Vui lòng sửa mọi dòng được liệt "
    "kê rồi tải lại cả tệp.",
    en="{lines} line(s) of the file have errors; nothing was imported. Fix every line "
    "listed and upload the whole file again.",
)
IMPORT_NOT_UTF8 = Message(
    "site.import.not_utf8",
    vi="Tệp không phải văn bản UTF-8. Hãy lưu lại dạng UTF-8 (trong Excel: Lưu thành → "
    "“CSV UTF-8 (Comma delimited)”) rồi tải lên lại.",
    en="The file is not UTF-8 text. Save it as UTF-8 (in Excel: Save As → "
    "'CSV UTF-8 (Comma delimited)') and upload it again.",
)
IMPORT_NUL = Message(
    "site.import.nul",
    vi="Tệp chứa ký tự NUL nên không phải tệp văn bản; hãy tải lên tệp CSV",
    en="The file contains NUL characters; upload a CSV text file",
)
IMPORT_EMPTY = Message(
    "site.import.empty",
    vi="Tệp trống; dòng đầu phải là tên các cột: {columns}",
    en="The file is empty; it needs a header row: {columns}",
)
IMPORT_TOO_MANY_ROWS = Message(
    "site.import.too_many_rows",
    vi="Tệp có hơn {limit} dòng; hãy chia thành nhiều tệp nhỏ hơn",
    en="The file has more than {limit} rows; split it into smaller files",
)
IMPORT_CHANGED = Message(
    "site.import.changed",
    vi="Danh bạ vừa bị thay đổi trong lúc nhập tệp; vui lòng tải tệp lên lại",
    en="The directory changed while the file was imported; upload the file again",
)

# --- CSV import: one line ----------------------------------------------------------------

LINE_REQUIRED = Message(
    "site.import.required",
    vi="Thiếu {column} (cột bắt buộc)",
    en="{column} is required",
)
LINE_LEVEL = Message(
    "site.import.level",
    vi="Cấp “{value}” không hợp lệ; chỉ nhận: {allowed}",
    en="level '{value}' is not one of {allowed}",
)
LINE_CAPACITY = Message(
    "site.import.capacity",
    vi="Sức chứa “{value}” phải là số nguyên từ 0 đến 10000000",
    en="capacity '{value}' must be a whole number from 0 to 10000000",
)
LINE_EMAIL = Message(
    "site.import.email",
    vi="E-mail đầu mối “{value}” không phải địa chỉ e-mail hợp lệ",
    en="coordinator_email '{value}' is not a valid e-mail address",
)
LINE_TOO_LONG = Message(
    "site.import.too_long",
    vi="Giá trị của cột {column} dài quá {max_length} ký tự",
    en="{column} is longer than {max_length} characters",
)
LINE_INVALID = Message(
    "site.import.invalid_value",
    vi="Giá trị “{value}” của cột {column} không hợp lệ",
    en="{column}: the value '{value}' is not valid",
)
LINE_FIELD_COUNT = Message(
    "site.import.field_count",
    vi="Dòng có {found} giá trị nhưng dòng tiêu đề có {expected} cột; giá trị nào có dấu "
    "phân cách thì đặt trong ngoặc kép",
    en="the row has {found} fields but the header has {expected}; quote values that "
    "contain the separator",
)
LINE_UNREADABLE = Message(
    "site.import.unreadable",
    vi="Không đọc được tệp CSV từ dòng này (có thể thiếu dấu ngoặc kép đóng hoặc một giá trị "
    "quá dài); các dòng sau không được đọc",
    en="unreadable CSV from this line (an unclosed quote or a value too long?); nothing "
    "after it was read",
)
LINE_NO_HEADER = Message(
    "site.import.no_header",
    vi="Thiếu dòng tiêu đề; dòng đầu phải là: {columns}",
    en="the header row is missing; expected: {columns}",
)
LINE_UNKNOWN_COLUMN = Message(
    "site.import.unknown_column",
    vi="Không có cột “{column}”; các cột là: {columns}",
    en="unknown column '{column}'; the columns are {columns}",
)
LINE_DUPLICATE_COLUMN = Message(
    "site.import.duplicate_column",
    vi="Cột “{column}” xuất hiện nhiều lần",
    en="column '{column}' appears more than once",
)
LINE_MISSING_COLUMN = Message(
    "site.import.missing_column",
    vi="Thiếu cột bắt buộc “{column}”",
    en="the required column '{column}' is missing",
)
LINE_PARENT_UNKNOWN = Message(
    "site.import.parent_unknown",
    vi="Mã cấp trên “{parent_code}” không có trong danh bạ lẫn trong tệp này",
    en="parent_code '{parent_code}' does not exist (neither in the directory nor in this file)",
)
LINE_OWN_PARENT = Message(
    "site.import.own_parent",
    vi="Mã cấp trên trùng với mã của chính điểm cầu này",
    en="parent_code is the site's own code",
)
LINE_CYCLE = Message(
    "site.import.cycle",
    vi="Mã cấp trên tạo thành vòng lặp: {loop}",
    en="parent_code makes a cycle: {loop}",
)
LINE_DUPLICATE_CODE = Message(
    "site.import.duplicate_code",
    vi="Mã “{code}” đã có ở dòng {first_line}",
    en="code '{code}' already appears on line {first_line}",
)
