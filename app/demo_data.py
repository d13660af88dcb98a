"""The reference event of DESIGN.md: a provincial Party committee's seminar of 19 July."""

# The directory: the committee of the provincial agencies' Party organizations, its 73
# base organizations, and the main hall. Codes are short and stable (idempotent loads).
ROOT = ("DUK", "Đảng ủy Khối Các cơ quan tỉnh Bắc Giang")
MAIN_HALL = ("HT-TU", "Hội trường Tỉnh ủy Bắc Giang (điểm cầu chính)")

BASE_ORGANIZATIONS: list[str] = [
    "Đảng bộ Văn phòng Tỉnh ủy",
    "Chi bộ Ban Tổ chức Tỉnh ủy",
    "Chi bộ Ban Tuyên giáo Tỉnh ủy",
    "Chi bộ Ban Dân vận Tỉnh ủy",
    "Chi bộ Ban Nội chính Tỉnh ủy",
    "Chi bộ Cơ quan Ủy ban Kiểm tra Tỉnh ủy",
    "Đảng bộ Văn phòng UBND tỉnh",
    "Chi bộ Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "Đảng bộ Sở Nội vụ",
    "Đảng bộ Sở Tài chính",
    "Đảng bộ Sở Kế hoạch và Đầu tư",
    "Chi bộ Sở Tư pháp",
    "Đảng bộ Sở Công Thương",
    "Đảng bộ Sở Nông nghiệp và Phát triển nông thôn",
    "Đảng bộ Sở Giao thông vận tải",
    "Đảng bộ Sở Xây dựng",
    "Đảng bộ Sở Tài nguyên và Môi trường",
    "Chi bộ Sở Thông tin và Truyền thông",
    "Đảng bộ Sở Lao động - Thương binh và Xã hội",
    "Đảng bộ Sở Văn hóa, Thể thao và Du lịch",
    "Chi bộ Sở Khoa học và Công nghệ",
    "Đảng bộ Sở Giáo dục và Đào tạo",
    "Đảng bộ Sở Y tế",
    "Chi bộ Sở Ngoại vụ",
    "Chi bộ Thanh tra tỉnh",
    "Chi bộ Ban Dân tộc tỉnh",
    "Đảng bộ Ban Quản lý các khu công nghiệp tỉnh",
    "Đảng bộ Báo Bắc Giang",
    "Đảng bộ Đài Phát thanh và Truyền hình tỉnh",
    "Đảng bộ Trường Chính trị tỉnh",
    "Chi bộ Cơ quan Ủy ban MTTQ Việt Nam tỉnh",
    "Chi bộ Cơ quan Tỉnh đoàn",
    "Chi bộ Cơ quan Hội Liên hiệp Phụ nữ tỉnh",
    "Chi bộ Cơ quan Hội Nông dân tỉnh",
    "Chi bộ Cơ quan Hội Cựu chiến binh tỉnh",
    "Đảng bộ Cơ quan Liên đoàn Lao động tỉnh",
    "Đảng bộ Kho bạc Nhà nước tỉnh",
    "Đảng bộ Cục Thuế tỉnh",
    "Đảng bộ Bảo hiểm xã hội tỉnh",
    "Chi bộ Ngân hàng Nhà nước chi nhánh tỉnh",
    "Chi bộ Cục Thống kê tỉnh",
    "Đảng bộ Cục Thi hành án dân sự tỉnh",
    "Đảng bộ Tòa án nhân dân tỉnh",
    "Đảng bộ Viện Kiểm sát nhân dân tỉnh",
    "Chi bộ Liên minh Hợp tác xã tỉnh",
    "Chi bộ Hội Văn học Nghệ thuật tỉnh",
    "Chi bộ Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
    "Chi bộ Hội Chữ thập đỏ tỉnh",
    "Chi bộ Hội Luật gia tỉnh",
    "Chi bộ Hội Nhà báo tỉnh",
    "Chi bộ Hội Người cao tuổi tỉnh",
    "Chi bộ Hội Khuyến học tỉnh",
    "Chi bộ Quỹ Đầu tư phát triển tỉnh",
    "Chi bộ Trung tâm Xúc tiến đầu tư tỉnh",
    "Đảng bộ Ban Quản lý dự án đầu tư xây dựng các công trình giao thông",
    "Đảng bộ Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp",
    "Đảng bộ Bệnh viện Đa khoa tỉnh",
    "Đảng bộ Bệnh viện Sản Nhi",
    "Chi bộ Bệnh viện Y học cổ truyền",
    "Chi bộ Bệnh viện Phổi",
    "Chi bộ Bệnh viện Tâm thần",
    "Đảng bộ Trung tâm Kiểm soát bệnh tật tỉnh",
    "Chi bộ Trường THPT Chuyên Bắc Giang",
    "Đảng bộ Trường Cao đẳng Kỹ thuật Công nghiệp",
    "Đảng bộ Trường Cao đẳng Nghề Công nghệ Việt - Hàn",
    "Chi bộ Ban Bảo vệ, chăm sóc sức khỏe cán bộ tỉnh",
    "Chi bộ Chi cục Kiểm lâm",
    "Chi bộ Chi cục Quản lý thị trường",
    "Chi bộ Trung tâm Phục vụ hành chính công tỉnh",
    "Chi bộ Nhà xuất bản và Thư viện tỉnh",
    "Chi bộ Bảo tàng tỉnh",
    "Chi bộ Trung tâm Văn hóa, Điện ảnh và Triển lãm tỉnh",
    "Chi bộ Công ty Xổ số kiến thiết tỉnh",
]

LOCALITY = "TP. Bắc Giang, Bắc Giang"

SEMINAR_TITLE = (
    "Tọa đàm “Nâng cao chất lượng sinh hoạt chi bộ trong các cơ quan tỉnh giai đoạn hiện nay”"
)
SEMINAR_SLUG = "toa-dam-sinh-hoat-chi-bo-19-7"
ORGANIZER_UNIT = "Đảng ủy Khối Các cơ quan tỉnh Bắc Giang"
VENUE = "Hội trường Tỉnh ủy Bắc Giang, kết hợp trực tuyến"
EXPECTED_ATTENDANCE = 1150

# (kind, title, speaker, minutes)
AGENDA: list[tuple[str, str, str | None, int]] = [
    ("opening", "Khai mạc, giới thiệu đại biểu", "Ban Tổ chức", 10),
    ("report", "Báo cáo đề dẫn", "Đồng chí Bí thư Đảng ủy Khối", 20),
    ("paper", "Tham luận: Đổi mới nội dung sinh hoạt chuyên đề ở chi bộ", None, 10),
    ("paper", "Tham luận: Kinh nghiệm nâng cao tính lãnh đạo, tính giáo dục", None, 10),
    ("paper", "Tham luận: Ứng dụng công nghệ thông tin trong sinh hoạt chi bộ", None, 10),
    ("break", "Giải lao", None, 15),
    ("discussion", "Thảo luận, trao đổi ý kiến", None, 40),
    ("closing", "Kết luận tọa đàm", "Đồng chí Phó Bí thư Tỉnh ủy", 15),
]

ORGANIZER_EMAIL = "tochuc@diemcau.vn"
ORGANIZER_PASSWORD = "diemcau-demo"
ORGANIZER_NAME = "Nguyễn Thị Thu Hà"
