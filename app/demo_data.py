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
VENUE = "Hội trường Tỉnh ủy Bắc Giang"
EXPECTED_ATTENDANCE = 1150

# (kind, title, speaker, minutes). The papers are not listed: the 11 selected for live
# presentation are put on the agenda by their decisions, PAPERS_BEFORE_BREAK of them
# before the break and the rest after it, all between the report and the discussion.
AGENDA: list[tuple[str, str, str | None, int]] = [
    ("opening", "Khai mạc, giới thiệu đại biểu", "Ban Tổ chức", 10),
    ("report", "Báo cáo đề dẫn", "Đồng chí Bí thư Đảng ủy Khối", 20),
    ("break", "Giải lao", None, 15),
    ("discussion", "Thảo luận, trao đổi ý kiến", None, 40),
    ("closing", "Kết luận tọa đàm", "Đồng chí Phó Bí thư Tỉnh ủy", 15),
]
PAPER_MINUTES = 10
PAPERS_BEFORE_BREAK = 6

SUBMISSION_INSTRUCTIONS = (
    "Tham luận dài không quá 2.500 chữ, gửi tệp PDF, DOCX hoặc ODT; ghi rõ họ tên, chức vụ, "
    "đơn vị của tác giả. Ban Tổ chức chọn một số tham luận trình bày trực tiếp tại tọa đàm, "
    "các tham luận còn lại được in trong kỷ yếu."
)
SPEAKER_PASSWORD = "diemcau-demo"


# The 15 papers received: (speaker e-mail, name, position, unit, title, abstract,
# co-authors as (name, position), decision). 11 presented live, 4 in the proceedings.
PAPERS: list[tuple[str, str, str, str, str, str, list[tuple[str, str]], str]] = [
    ("tacgia01@diemcau.vn", "Nguyễn Văn Hùng", "Bí thư Chi bộ", "Chi bộ Ban Tuyên giáo Tỉnh ủy",
     "Đổi mới nội dung, hình thức sinh hoạt chuyên đề ở chi bộ cơ quan",
     "Từ thực tiễn chi bộ Ban Tuyên giáo, tham luận đề xuất cách chọn chủ đề sát nhiệm vụ "
     "chính trị và luân phiên đảng viên chuẩn bị chuyên đề.", [], "selected_live"),
    ("tacgia02@diemcau.vn", "Trần Thị Thu Hương", "Phó Bí thư Đảng ủy", "Đảng bộ Văn phòng Tỉnh ủy",
     "Kinh nghiệm nâng cao tính lãnh đạo, tính giáo dục, tính chiến đấu trong sinh hoạt chi bộ",
     "Những việc làm cụ thể giúp các chi bộ trực thuộc giữ nền nếp, tránh sinh hoạt hình thức.",
     [("Lê Văn Dũng", "Chánh Văn phòng Đảng ủy")], "selected_live"),
    ("tacgia03@diemcau.vn", "Lê Quang Minh", "Bí thư Chi bộ", "Chi bộ Sở Thông tin và Truyền thông",
     "Ứng dụng công nghệ thông tin trong chuẩn bị và tổ chức sinh hoạt chi bộ",
     "Sổ tay đảng viên điện tử, tài liệu gửi trước qua mạng nội bộ và biểu quyết trực tuyến "
     "giúp rút ngắn thủ tục, dành thời gian cho thảo luận.", [], "selected_live"),
    ("tacgia04@diemcau.vn", "Phạm Thị Lan Anh", "Bí thư Đảng ủy", "Đảng bộ Sở Tài chính",
     "Phát huy vai trò của cấp ủy viên trong việc chuẩn bị nội dung sinh hoạt chi bộ",
     "Phân công cấp ủy viên phụ trách từng nội dung, họp chi ủy trước kỳ sinh hoạt.", [],
     "selected_live"),
    ("tacgia05@diemcau.vn", "Hoàng Đức Thắng", "Phó Bí thư Đảng ủy",
     "Đảng bộ Sở Kế hoạch và Đầu tư",
     "Gắn sinh hoạt chi bộ với thực hiện nhiệm vụ chuyên môn ở cơ quan quản lý nhà nước",
     "Đưa việc đánh giá kết quả thực hiện nhiệm vụ chuyên môn của đảng viên vào sinh hoạt "
     "thường kỳ.", [], "selected_live"),
    ("tacgia06@diemcau.vn", "Vũ Thị Hồng Nhung", "Bí thư Chi bộ",
     "Chi bộ Cơ quan Ủy ban Kiểm tra Tỉnh ủy",
     "Nâng cao chất lượng tự phê bình và phê bình trong sinh hoạt chi bộ",
     "Khắc phục tâm lý nể nang, ngại va chạm; gợi ý cách chủ trì để phê bình đi vào việc cụ thể.",
     [], "selected_live"),
    ("tacgia07@diemcau.vn", "Đặng Văn Toàn", "Bí thư Đảng ủy", "Đảng bộ Bệnh viện Đa khoa tỉnh",
     "Sinh hoạt chi bộ ở đơn vị sự nghiệp y tế: thực trạng và giải pháp",
     "Chi bộ khoa lâm sàng làm việc theo ca trực: bố trí lịch sinh hoạt linh hoạt mà vẫn đủ "
     "đảng viên.", [("Nguyễn Thị Hạnh", "Phó Bí thư Đảng ủy")], "selected_live"),
    ("tacgia08@diemcau.vn", "Bùi Thị Ngọc Hà", "Bí thư Chi bộ", "Chi bộ Ban Tổ chức Tỉnh ủy",
     "Công tác kiểm tra, giám sát góp phần nâng cao chất lượng sinh hoạt chi bộ",
     "Kiểm tra chuyên đề việc chấp hành chế độ sinh hoạt chi bộ và cách khắc phục sau kiểm tra.",
     [], "selected_live"),
    ("tacgia09@diemcau.vn", "Đỗ Minh Tuấn", "Phó Bí thư Đảng ủy", "Đảng bộ Sở Giáo dục và Đào tạo",
     "Nâng cao chất lượng sinh hoạt chi bộ trong các trường học",
     "Chi bộ trường học gắn sinh hoạt với đổi mới phương pháp dạy học và xây dựng trường học "
     "thân thiện.", [], "selected_live"),
    ("tacgia10@diemcau.vn", "Ngô Thị Phương", "Bí thư Đảng ủy", "Đảng bộ Sở Nội vụ",
     "Vai trò của người đứng đầu trong xây dựng nền nếp sinh hoạt chi bộ",
     "Người đứng đầu cơ quan gương mẫu dự đủ các kỳ sinh hoạt và nêu vấn đề để chi bộ bàn.",
     [], "selected_live"),
    ("tacgia11@diemcau.vn", "Nguyễn Thị Thanh Tâm", "Bí thư Chi bộ", "Chi bộ Cơ quan Tỉnh đoàn",
     "Sinh hoạt chi bộ gắn với học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
     "Mỗi kỳ sinh hoạt một câu chuyện, một việc làm theo: kinh nghiệm của chi bộ Tỉnh đoàn.",
     [("Trần Minh Hiếu", "Phó Bí thư Tỉnh đoàn"), ("Lê Thu Trang", "Chuyên viên")],
     "selected_live"),
    ("tacgia12@diemcau.vn", "Trần Văn Khải", "Bí thư Chi bộ",
     "Chi bộ Công ty Xổ số kiến thiết tỉnh",
     "Đổi mới sinh hoạt chi bộ ở doanh nghiệp nhà nước",
     "Sinh hoạt chi bộ gắn với kết quả sản xuất, kinh doanh và quyền lợi người lao động.", [],
     "accepted_written"),
    ("tacgia13@diemcau.vn", "Lê Thị Bích Ngọc", "Bí thư Chi bộ", "Chi bộ Hội Chữ thập đỏ tỉnh",
     "Kinh nghiệm sinh hoạt chi bộ ở cơ quan có ít đảng viên",
     "Chi bộ dưới mười đảng viên vẫn giữ được chất lượng nhờ phân công rõ và sinh hoạt đúng kỳ.",
     [], "accepted_written"),
    ("tacgia14@diemcau.vn", "Phạm Quốc Việt", "Phó Bí thư Đảng ủy", "Đảng bộ Báo Bắc Giang",
     "Phát huy dân chủ trong sinh hoạt chi bộ tại cơ quan báo chí",
     "Tạo không khí cởi mở để phóng viên, biên tập viên góp ý vào định hướng thông tin.", [],
     "accepted_written"),
    ("tacgia15@diemcau.vn", "Hoàng Thị Mai Hương", "Phó Hiệu trưởng",
     "Đảng bộ Trường Chính trị tỉnh",
     "Bồi dưỡng kỹ năng chủ trì sinh hoạt cho bí thư chi bộ",
     "Đề xuất chương trình bồi dưỡng ngắn hạn về kỹ năng chủ trì, điều hành và kết luận "
     "sinh hoạt chi bộ.", [], "accepted_written"),
]  # fmt: skip

ORGANIZER_EMAIL = "tochuc@diemcau.vn"
ORGANIZER_PASSWORD = "diemcau-demo"
ORGANIZER_NAME = "Nguyễn Thị Thu Hà"
