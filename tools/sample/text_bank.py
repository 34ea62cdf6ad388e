"""Vietnamese phrase banks for unit reports, fanpage posts and feedback, by task of the plan.

Titles follow the themes of the plan's section II (ke-hoach-truyen-thong-2025-2026.md).
Placeholders filled by the generator: {school}, {ward}, {n} (a small count), {big} (a larger
count), {sy} (this school year, "2025-2026"), {next_sy}, {year}.
"""

from __future__ import annotations

FORMS = [
    "Tin bài",
    "Phóng sự",
    "Tọa đàm",
    "Họp báo",
    "Thông cáo báo chí",
    "Infographic",
    "Video clip",
    "E-magazine",
    "Livestream",
    "Hội nghị / tập huấn",
    "Sự kiện",
    "Khác",
]
CHANNELS = {
    "S": "Cổng TTĐT Sở",
    "U": "Trang TTĐT đơn vị",
    "F": "Fanpage",
    "P": "Báo in",
    "E": "Báo điện tử",
    "T": "Truyền hình",
    "R": "Phát thanh",
    "N": "Nội bộ",
}

# task -> [(form, channel letters, title)]
ACTIVITIES: dict[str, list[tuple[str, str, str]]] = {
    "2.1": [
        ("Tin bài", "SE", "Sở GDĐT triển khai thí điểm cơ chế tự chủ tại {n} trường THPT công lập"),
        (
            "Hội nghị / tập huấn",
            "N",
            "Hội nghị tập huấn quản trị trường học theo hướng tự chủ, trách nhiệm giải trình cho hiệu trưởng",
        ),
        ("Infographic", "FS", "Infographic: Những điểm mới về phân cấp quản lý giáo dục sau sắp xếp đơn vị hành chính"),
        ("Tọa đàm", "T", "Tọa đàm “Tự chủ trường học – quyền hạn đi cùng trách nhiệm giải trình”"),
        ("Thông cáo báo chí", "E", "Thông cáo báo chí về công khai dự toán ngân sách các trường công lập năm {year}"),
        ("Tin bài", "U", "Công khai thông tin “ba công khai” năm học {sy} tại {school}"),
        ("Video clip", "F", "Video: Quản lý trường học sau sắp xếp phường, xã – những điều phụ huynh cần biết"),
    ],
    "2.2": [
        ("Tin bài", "SU", "Trao {n} suất học bổng, sách vở cho học sinh có hoàn cảnh khó khăn tại {ward}"),
        ("Phóng sự", "TE", "Phóng sự: Con chữ nơi đặc khu Côn Đảo – hành trình của những giáo viên ra đảo"),
        ("Infographic", "FS", "Infographic: Chính sách miễn học phí năm học {sy} từ mầm non đến THPT công lập"),
        ("Tin bài", "UF", "Khai giảng lớp học tình thương cho trẻ em có hoàn cảnh đặc biệt tại {ward}"),
        ("Video clip", "F", "Video: Giáo dục hòa nhập – mỗi trẻ khuyết tật đều được đến trường"),
        ("Sự kiện", "FN", "Chương trình “Tiếp sức đến trường” trao {n} xe đạp cho học sinh vùng ven"),
        ("Tin bài", "SE", "Huy động trẻ ra lớp: {big} trẻ 5 tuổi được hỗ trợ chi phí học tập"),
    ],
    "2.3": [
        (
            "Thông cáo báo chí",
            "SE",
            "Thông cáo báo chí kết quả kiểm tra việc thực hiện quy định dạy thêm, học thêm theo Thông tư 29/2024/TT-BGDĐT",
        ),
        ("Infographic", "FS", "Infographic: 6 điều cần biết về quy định dạy thêm, học thêm"),
        ("Tin bài", "SF", "Công bố đường dây nóng tiếp nhận phản ánh về các khoản thu đầu năm học {sy}"),
        ("Hội nghị / tập huấn", "N", "Tập huấn công tác pháp chế, kiểm tra nội bộ trường học năm học {sy}"),
        ("Tin bài", "SU", "Kết quả kiểm tra chuyên ngành tại {n} cơ sở giáo dục trên địa bàn {ward}"),
        ("Video clip", "F", "Video hướng dẫn phụ huynh phản ánh các khoản thu sai quy định"),
        ("Họp báo", "ET", "Họp báo thông tin kết quả thanh tra, kiểm tra học kỳ I năm học {sy}"),
    ],
    "2.4": [
        ("Tin bài", "SUE", "Học sinh {school} chế tạo robot phân loại rác trong giờ học STEM"),
        ("Phóng sự", "T", "Phóng sự: Đổi mới kiểm tra, đánh giá theo định hướng phát triển năng lực học sinh"),
        ("Sự kiện", "SF", "Ngày hội STEM học sinh TP.HCM năm học {sy}"),
        ("E-magazine", "S", "E-magazine: Kho học liệu số dùng chung – bước tiến mới của giáo dục Thành phố"),
        ("Livestream", "F", "Livestream tư vấn tuyển sinh lớp 10 năm học {next_sy}"),
        ("Hội nghị / tập huấn", "N", "Tập huấn giáo viên về dạy học tích hợp và hoạt động trải nghiệm"),
        ("Infographic", "FS", "Infographic: Phương thức tuyển sinh lớp 10 năm học {next_sy}"),
        ("Tin bài", "SE", "Hội thi giáo viên mầm non dạy giỏi cấp Thành phố năm học {sy}"),
        ("Tin bài", "UF", "{school} có {n} học sinh đạt giải kỳ thi học sinh giỏi cấp Thành phố"),
        ("Video clip", "FU", "Video: Một tiết học trải nghiệm môn Khoa học tự nhiên tại {school}"),
    ],
    "2.5": [
        ("Tin bài", "SE", "Thông báo tuyển dụng viên chức giáo viên năm học {sy} với {big} chỉ tiêu"),
        ("Phóng sự", "TE", "Phóng sự: Giải bài toán thiếu giáo viên tiếng Anh, tin học ở các xã ven đô"),
        ("Hội nghị / tập huấn", "N", "Bồi dưỡng năng lực số cho {big} giáo viên cốt cán"),
        ("Video clip", "F", "Video: Chân dung cô giáo 30 năm gắn bó với học sinh {ward}"),
        ("Tin bài", "S", "Chính sách thu hút, đãi ngộ giáo viên theo nghị quyết của HĐND Thành phố"),
        ("Infographic", "F", "Infographic: Lộ trình chuẩn hóa trình độ đào tạo giáo viên đến năm 2030"),
    ],
    "2.6": [
        ("Tọa đàm", "TE", "Tọa đàm “Gắn kết nhà trường – doanh nghiệp trong đào tạo nhân lực vi mạch bán dẫn”"),
        ("Sự kiện", "FS", "Ngày hội tư vấn hướng nghiệp, tuyển sinh giáo dục nghề nghiệp năm {year}"),
        ("Tin bài", "SE", "Ký kết hợp tác đào tạo giữa {n} trung tâm GDNN-GDTX và doanh nghiệp Khu Công nghệ cao"),
        ("Video clip", "F", "Video: Học nghề – con đường lập nghiệp vững chắc"),
        ("Infographic", "FS", "Infographic: Nhóm ngành nghề đang thiếu nhân lực chất lượng cao tại TP.HCM"),
        ("Phóng sự", "T", "Phóng sự: Đưa kỹ năng “xanh” vào chương trình đào tạo nghề"),
    ],
    "2.7": [
        ("Tin bài", "SE", "Triển khai đề án từng bước đưa tiếng Anh trở thành ngôn ngữ thứ hai trong trường học"),
        ("Sự kiện", "FU", "Ngày hội tiếng Anh “English Fest” cho học sinh tiểu học tại {ward}"),
        ("Tin bài", "S", "Sở GDĐT tiếp đoàn công tác quốc tế trao đổi hợp tác đào tạo giáo viên"),
        ("Infographic", "FS", "Infographic: Danh sách chương trình liên kết giáo dục với nước ngoài được phê duyệt"),
        ("Tin bài", "SF", "Khuyến cáo phụ huynh về các chương trình liên kết quốc tế chưa được cấp phép"),
        ("Tọa đàm", "T", "Tọa đàm “Tiếng Anh là ngôn ngữ thứ hai: lộ trình nào cho TP.HCM?”"),
    ],
    "2.8": [
        ("Sự kiện", "FS", "Hội thi tìm hiểu tư tưởng, đạo đức, phong cách Hồ Chí Minh dành cho học sinh"),
        ("Tin bài", "UF", "Ra mắt “Không gian văn hóa Hồ Chí Minh” tại {school}"),
        ("Video clip", "F", "Video: Hành trình về nguồn của học sinh nhân ngày thành lập Quân đội nhân dân Việt Nam"),
        ("Tin bài", "SU", "Triển khai bộ quy tắc ứng xử văn hóa học đường năm học {sy}"),
        ("Phóng sự", "T", "Phóng sự: Học lịch sử qua di tích tại địa phương"),
    ],
    "2.9": [
        ("Infographic", "FS", "Infographic: Bộ tiêu chí xây dựng Trường học hạnh phúc"),
        ("Phóng sự", "TE", "Phóng sự: Trường học hạnh phúc – nơi mỗi ngày đến trường là một niềm vui"),
        ("Hội nghị / tập huấn", "N", "Hội thảo chia sẻ kinh nghiệm xây dựng Trường học hạnh phúc"),
        ("Video clip", "FU", "Video: Góc tâm sự – nơi học sinh {school} được lắng nghe"),
        ("Tin bài", "UF", "{school} ra mắt phòng tham vấn tâm lý học đường"),
        ("Livestream", "F", "Livestream “Thầy cô hạnh phúc, học trò hạnh phúc”"),
        ("Tin bài", "SE", "Tuyên dương {n} trường tiêu biểu trong xây dựng Trường học hạnh phúc"),
    ],
    "2.10": [
        ("Infographic", "FS", "Infographic: Phòng chống sốt xuất huyết, tay chân miệng trong trường học"),
        ("Tin bài", "SE", "Khai mạc Hội khỏe Phù Đổng cấp Thành phố năm học {sy}"),
        ("Tin bài", "UF", "Phổ cập bơi an toàn cho {big} học sinh tiểu học tại {ward}"),
        ("Video clip", "F", "Video: Kỹ năng thoát hiểm khi xảy ra cháy trong trường học"),
        ("Tin bài", "SU", "Kiểm tra an toàn thực phẩm bếp ăn bán trú tại {n} trường"),
        ("Hội nghị / tập huấn", "N", "Tập huấn phòng chống bạo lực học đường cho giáo viên chủ nhiệm"),
        ("Tin bài", "FR", "Khuyến cáo an toàn giao thông khi đưa đón học sinh mùa mưa"),
    ],
    "2.11": [
        ("Tin bài", "SE", "Triển khai sổ điểm điện tử, học bạ số tại {big} trường THCS, THPT"),
        ("Hội nghị / tập huấn", "N", "Tập huấn ứng dụng trí tuệ nhân tạo (AI) trong soạn giảng cho giáo viên"),
        ("Infographic", "FS", "Infographic: Hướng dẫn phụ huynh đóng học phí không dùng tiền mặt"),
        ("Video clip", "FU", "Video: Một ngày ở trường học số {school}"),
        ("E-magazine", "S", "E-magazine: Chuyển đổi số giáo dục TP.HCM – từ dữ liệu đến quyết định"),
        ("Tin bài", "S", "Kết nối cơ sở dữ liệu ngành giáo dục với cơ sở dữ liệu quốc gia về dân cư"),
        ("Tọa đàm", "TE", "Tọa đàm “AI trong lớp học: cơ hội và thách thức”"),
    ],
    "2.12": [
        ("Tin bài", "SE", "Khởi công xây dựng trường tiểu học mới tại {ward} với {n} phòng học"),
        ("Phóng sự", "T", "Phóng sự: Tiến độ Đề án xây dựng 4.500 phòng học"),
        ("Infographic", "FS", "Infographic: Mục tiêu 300 phòng học/10.000 dân trong độ tuổi đi học"),
        ("Tin bài", "SU", "Bàn giao {n} phòng học mới đưa vào sử dụng tại {ward}"),
        ("Video clip", "F", "Video: Toàn cảnh công trình trường học mới tại {ward}"),
        ("Họp báo", "ET", "Họp báo thông tin tiến độ các dự án xây dựng trường lớp năm {year}"),
    ],
    "2.13": [
        ("Tọa đàm", "SE", "Diễn đàn đối thoại với nhà đầu tư giáo dục ngoài công lập"),
        ("Tin bài", "S", "Công khai danh sách cơ sở giáo dục ngoài công lập đủ điều kiện hoạt động"),
        ("Infographic", "FS", "Infographic: Thủ tục thành lập trường mầm non tư thục"),
        ("Tin bài", "SE", "Hội nghị xúc tiến đầu tư xã hội hóa giáo dục năm {year}"),
        ("Tin bài", "F", "Khuyến cáo phụ huynh kiểm tra giấy phép khi chọn nhóm trẻ độc lập"),
    ],
    "2.14": [
        ("Sự kiện", "SFT", "Lễ tuyên dương nhà giáo tiêu biểu nhân Ngày Nhà giáo Việt Nam 20/11"),
        ("Tin bài", "S", "Phát động phong trào thi đua “Đổi mới, sáng tạo trong quản lý, giảng dạy và học tập”"),
        ("Video clip", "F", "Video: Những tấm gương người tốt, việc tốt trong ngành giáo dục"),
        ("E-magazine", "S", "E-magazine: Những bông hoa đẹp trong phong trào thi đua năm học {sy}"),
        ("Tin bài", "SU", "Trao bằng khen cho {n} tập thể, cá nhân có thành tích xuất sắc"),
    ],
    "2.15": [
        (
            "Hội nghị / tập huấn",
            "N",
            "Tập huấn kỹ năng truyền thông và xử lý khủng hoảng truyền thông cho cán bộ quản lý",
        ),
        ("Tin bài", "SU", "Ban hành kế hoạch truyền thông về giáo dục và đào tạo năm học {sy}"),
        ("Sự kiện", "FST", "Ngày hội 50 năm Giáo dục và Đào tạo Thành phố Hồ Chí Minh"),
        ("Thông cáo báo chí", "E", "Thông cáo báo chí về Ngày hội 50 năm GDĐT Thành phố Hồ Chí Minh"),
        ("Khác", "R", "Tuyên truyền trên hệ thống loa truyền thanh về hoạt động giáo dục tại {ward}"),
        ("Họp báo", "E", "Họp báo định kỳ cung cấp thông tin cho cơ quan báo chí"),
        ("Khác", "N", "Cập nhật bản tin giáo dục trên bảng tin khu phố, ấp tại {ward}"),
        ("Livestream", "F", "Livestream giải đáp thắc mắc của phụ huynh về năm học mới"),
        ("Tin bài", "UF", "Thông tin kết quả thực hiện nhiệm vụ năm học của {ward}"),
    ],
}

NOTES = [
    "Phối hợp Báo Tuổi Trẻ",
    "Đăng lại từ Cổng TTĐT Sở",
    "Số liệu tạm tính đến ngày báo cáo",
    "Phối hợp Đài Truyền hình TP.HCM",
    "Chuỗi bài nhiều kỳ",
    "Có phụ đề tiếng Anh",
    "Lượt tiếp cận ước tính",
    "Phối hợp Đoàn Thanh niên",
    "Chia sẻ lại trên nhóm Zalo phụ huynh",
]

HIGHLIGHTS: dict[str, list[str]] = {
    "2.1": [
        "Công khai đầy đủ dự toán ngân sách của các trường công lập trên Cổng TTĐT Sở.",
        "Thông tin kịp thời về việc phân cấp quản lý trường học cho phường, xã sau sắp xếp.",
        "Bộ câu hỏi - đáp về tự chủ trường học được {n} đơn vị đăng lại.",
    ],
    "2.2": [
        "Chính sách miễn học phí được truyền thông rộng rãi, phụ huynh nắm rõ quyền lợi.",
        "Câu chuyện giáo viên tình nguyện ra đặc khu Côn Đảo được nhiều báo đăng lại.",
        "Huy động {big} trẻ có hoàn cảnh khó khăn ra lớp nhờ phối hợp với phường, xã.",
    ],
    "2.3": [
        "Công khai kết quả kiểm tra dạy thêm, học thêm tạo đồng thuận của phụ huynh.",
        "Đường dây nóng tiếp nhận và xử lý {n} phản ánh về các khoản thu đầu năm.",
        "Infographic về Thông tư 29/2024/TT-BGDĐT đạt hơn {big} lượt chia sẻ.",
    ],
    "2.4": [
        "Ngày hội STEM thu hút sự quan tâm của báo chí và phụ huynh.",
        "Thông tin tuyển sinh lớp 10 được cung cấp sớm, rõ ràng, hạn chế thắc mắc.",
        "Kho học liệu số được giới thiệu tới {big} giáo viên qua các kênh nội bộ.",
    ],
    "2.5": [
        "Tôn vinh {n} nhà giáo tiêu biểu, lan tỏa hình ảnh đẹp của đội ngũ.",
        "Thông tin tuyển dụng giáo viên minh bạch, đúng tiến độ.",
        "Chương trình bồi dưỡng năng lực số cho giáo viên được đánh giá cao.",
    ],
    "2.6": [
        "Tọa đàm về nhân lực vi mạch bán dẫn được phát sóng trên HTV.",
        "Ngày hội hướng nghiệp thu hút hơn {big} học sinh tham gia.",
    ],
    "2.7": [
        "Thông tin về đề án tiếng Anh là ngôn ngữ thứ hai nhận được sự quan tâm lớn.",
        "Kịp thời cảnh báo các chương trình liên kết chưa được cấp phép.",
    ],
    "2.8": [
        "Mô hình “Không gian văn hóa Hồ Chí Minh” được nhân rộng tại {n} trường.",
        "Các hoạt động về nguồn thu hút đông đảo học sinh tham gia.",
    ],
    "2.9": [
        "Bộ tiêu chí Trường học hạnh phúc được phổ biến đến toàn bộ cơ sở giáo dục.",
        "Chuỗi phóng sự về Trường học hạnh phúc nhận nhiều phản hồi tích cực.",
        "{n} câu chuyện điển hình được chia sẻ trên Fanpage của Sở.",
    ],
    "2.10": [
        "Khuyến cáo phòng chống dịch bệnh được đăng tải kịp thời trong mùa mưa.",
        "Chương trình phổ cập bơi an toàn được phụ huynh hưởng ứng.",
        "Xử lý thông tin kịp thời khi có phản ánh về bữa ăn bán trú.",
    ],
    "2.11": [
        "Hướng dẫn thanh toán không dùng tiền mặt giúp giảm {n}% thắc mắc của phụ huynh.",
        "Tọa đàm về AI trong lớp học được báo chí đánh giá cao.",
        "Trường học số được giới thiệu qua video, thu hút {big} lượt xem.",
    ],
    "2.12": [
        "Thông tin minh bạch về tiến độ Đề án 4.500 phòng học.",
        "Các lễ khởi công, bàn giao trường học được báo chí đưa tin đầy đủ.",
    ],
    "2.13": [
        "Diễn đàn đối thoại với nhà đầu tư ghi nhận {n} kiến nghị và được giải đáp tại chỗ.",
        "Danh sách cơ sở ngoài công lập đủ điều kiện được công khai, cập nhật thường xuyên.",
    ],
    "2.14": [
        "Lễ tuyên dương nhà giáo tiêu biểu được truyền hình trực tiếp.",
        "Nhiều tấm gương điển hình được giới thiệu trên Cổng TTĐT Sở và báo chí.",
    ],
    "2.15": [
        "Kế hoạch truyền thông được triển khai đồng bộ đến các đơn vị.",
        "Phối hợp tốt với cơ quan báo chí, cung cấp thông tin kịp thời.",
        "Xử lý kịp thời {n} thông tin sai lệch trên mạng xã hội.",
        "Ngày hội 50 năm GDĐT Thành phố để lại dấu ấn đẹp trong xã hội.",
    ],
}

DIFFICULTIES = [
    "Nhân sự làm công tác truyền thông còn kiêm nhiệm, chưa được đào tạo chuyên sâu.",
    "Kinh phí cho sản xuất sản phẩm truyền thông đa phương tiện còn hạn chế.",
    "Một số thông tin sai lệch lan truyền nhanh trên mạng xã hội trước khi đơn vị kịp phản hồi.",
    "Việc thống kê lượt tiếp cận, tương tác còn thủ công, số liệu chưa đầy đủ.",
    "Sau sắp xếp đơn vị hành chính, đầu mối phối hợp tại phường, xã có thay đổi.",
    "Thiết bị quay phim, dựng video chưa đáp ứng yêu cầu.",
    "Thời gian cung cấp thông tin cho báo chí có lúc còn chậm.",
    "",
]

PROPOSALS = [
    "Đề nghị Văn phòng Sở tổ chức tập huấn kỹ năng truyền thông cho cán bộ phụ trách.",
    "Đề nghị bố trí kinh phí sản xuất video, infographic theo chủ đề.",
    "Đề nghị xây dựng bộ nhận diện và mẫu sản phẩm truyền thông dùng chung cho toàn ngành.",
    "Kiến nghị có công cụ theo dõi, thống kê tương tác trên mạng xã hội dùng chung.",
    "Đề nghị tăng cường phối hợp với các cơ quan báo chí trong các đợt cao điểm tuyển sinh.",
    "Đề nghị Sở cung cấp thông cáo báo chí sớm để đơn vị đăng tải đồng bộ.",
    "",
]

INCIDENTS = [
    (
        "Thông tin sai lệch về việc thu phí đầu năm học tại {school} lan truyền trên mạng xã hội",
        "Facebook",
        "Đính chính trên Fanpage, làm việc với nhà trường, phản hồi báo chí",
        "Thông tin được đính chính, dư luận ổn định",
    ),
    (
        "Clip học sinh xô xát ngoài cổng trường được chia sẻ trên TikTok",
        "TikTok",
        "Phối hợp công an phường xác minh, thông tin chính thức trên Cổng TTĐT",
        "Đã xử lý, nhà trường tổ chức đối thoại với phụ huynh",
    ),
    (
        "Văn bản giả mạo của Sở về lịch thi tuyển sinh lớp 10 lan truyền qua Zalo",
        "Zalo",
        "Đính chính, cảnh báo trên Cổng TTĐT Sở và Fanpage",
        "Đính chính trong ngày, không phát sinh khiếu nại",
    ),
    (
        "Phụ huynh phản ánh suất ăn bán trú không bảo đảm tại {school}",
        "Facebook",
        "Kiểm tra đột xuất bếp ăn, phản hồi phụ huynh và báo chí",
        "Đã xử lý, thay đơn vị cung cấp suất ăn",
    ),
    (
        "Tin đồn cho học sinh nghỉ học do triều cường, mưa lớn",
        "Facebook",
        "Thông báo chính thức trên các kênh của Sở và phường",
        "Đã bác bỏ tin đồn",
    ),
    (
        "Bài viết phản ánh giáo viên dạy thêm trái quy định tại {ward}",
        "Báo điện tử",
        "Thành lập đoàn kiểm tra, cung cấp thông tin cho báo chí",
        "Đang xác minh",
    ),
]
INCIDENT_LEVELS = ["Thấp", "Trung bình", "Cao"]

SCHOOL_NAMES = [
    "Trường THPT Lê Quý Đôn",
    "Trường THPT Gia Định",
    "Trường THPT Trần Phú",
    "Trường THCS Nguyễn Du",
    "Trường THCS Colette",
    "Trường THCS Lê Văn Tám",
    "Trường Tiểu học Lê Ngọc Hân",
    "Trường Tiểu học Hòa Bình",
    "Trường Tiểu học Kim Đồng",
    "Trường THPT Thủ Thiêm",
    "Trường THCS Bình Thọ",
    "Trường Tiểu học Phú Thọ Hòa",
    "Trường THPT chuyên Lê Hồng Phong",
    "Trường THPT Nguyễn Hữu Huân",
    "Trường THCS Võ Trường Toản",
]

# Fanpage post openings by task, used with an activity title.
POST_OPENERS = [
    "📢 THÔNG TIN CẦN BIẾT",
    "🎉 TIN VUI",
    "📌",
    "🔴 TRỰC TIẾP",
    "✨",
    "",
    "",
    "",
]
HASHTAGS = {
    "2.4": "#STEM #ChatLuongGiaoDuc",
    "2.9": "#TruongHocHanhPhuc",
    "2.10": "#AnToanTruongHoc",
    "2.11": "#ChuyenDoiSo #TruongHocSo",
    "2.12": "#PhongHoc #CoSoVatChat",
    "2.15": "#GDDTTPHCM",
    "2.3": "#DayThemHocThem",
    "2.2": "#CongBangGiaoDuc",
    "2.5": "#NhaGiao",
    "2.14": "#ThiDua",
    "2.7": "#TiengAnh",
    "2.8": "#VanHoaHocDuong",
}

FEEDBACK_CHANNELS = ["Email", "Cổng TTĐT", "Đường dây nóng", "Thư", "Mạng xã hội"]
# (chủ đề, nội dung, đơn vị xử lý)
FEEDBACK_TOPICS = [
    (
        "Tuyển sinh lớp 10",
        "Phụ huynh hỏi về cách tính điểm xét tuyển và thời gian điều chỉnh nguyện vọng lớp 10.",
        "Phòng Giáo dục Phổ thông",
    ),
    (
        "Tuyển sinh đầu cấp",
        "Đề nghị hướng dẫn tuyển sinh trực tuyến lớp 1 cho trẻ chưa có mã định danh cư trú tại {ward}.",
        "Phòng GD Phổ thông",
    ),
    (
        "Các khoản thu",
        "Phản ánh trường thu các khoản ngoài quy định đầu năm học tại {school}.",
        "Phòng Kế hoạch Tài chính",
    ),
    (
        "Dạy thêm, học thêm",
        "Phản ánh giáo viên gợi ý học sinh học thêm tại nhà sau giờ học chính khóa.",
        "Phòng Kiểm tra - Pháp chế",
    ),
    (
        "Bán trú, an toàn thực phẩm",
        "Phụ huynh lo ngại chất lượng bữa ăn bán trú tại {school}.",
        "Phòng Học sinh, sinh viên",
    ),
    ("Cơ sở vật chất", "Người dân đề nghị sớm xây dựng trường mới vì sĩ số lớp tại {ward} quá đông.", "Phòng KHTC"),
    ("Chuyển trường", "Hỏi thủ tục chuyển trường cho học sinh từ tỉnh khác về Thành phố giữa năm học.", "Phòng GDPT"),
    ("Ứng xử giáo viên", "Phản ánh giáo viên có lời nói chưa chuẩn mực với học sinh lớp {n}.", "Phòng Tổ chức cán bộ"),
    ("Chuyển đổi số", "Ứng dụng sổ liên lạc điện tử thường xuyên lỗi, phụ huynh không xem được điểm.", "Văn phòng Sở"),
    (
        "Văn bằng, chứng chỉ",
        "Đề nghị hướng dẫn cấp bản sao bằng tốt nghiệp THPT bị thất lạc.",
        "Phòng Quản lý chất lượng",
    ),
    (
        "Trường học hạnh phúc",
        "Góp ý nhà trường nên có thêm hoạt động tư vấn tâm lý cho học sinh cuối cấp.",
        "Phòng Học sinh, sinh viên",
    ),
    (
        "Giáo dục ngoài công lập",
        "Hỏi về giấy phép hoạt động của một trung tâm ngoại ngữ tại {ward}.",
        "Phòng Quản lý CSGD ngoài công lập",
    ),
    ("Học phí", "Hỏi về việc miễn học phí cho học sinh trường tư thục năm học {sy}.", "Phòng Kế hoạch Tài chính"),
    (
        "An toàn trường học",
        "Đề nghị bố trí người hướng dẫn giao thông trước cổng {school} giờ tan học.",
        "Phường {ward_short}",
    ),
]
FEEDBACK_STATES_DONE = ["Đã trả lời", "Đã trả lời", "Đã trả lời", "Đã chuyển đơn vị xử lý"]
FEEDBACK_STATES_OPEN = ["Đang xử lý", "Chưa trả lời"]
