"""Press stories about the sector, by task and sentiment, for the press-monitoring exports.

Each story has a few headline variants (outlets word the same news differently), a lede, the
sentiment a media analyst would give it, and optionally the months in which it is news (the
school calendar: opening day in September, Teachers' Day in November, grade-10 admissions in
spring). Placeholders as in text_bank: {school}, {ward}, {n}, {big}, {sy}, {next_sy}, {year}.
"""

from __future__ import annotations

from dataclasses import dataclass

POS, NEU, NEG = "Tích cực", "Trung tính", "Tiêu cực"


@dataclass(frozen=True)
class Story:
    task: str
    sentiment: str
    headlines: tuple[str, ...]
    lede: str
    months: tuple[int, ...] = ()  # empty = any month of the school year


STORIES: list[Story] = [
    # 2.1 governance, autonomy
    Story(
        "2.1",
        NEU,
        (
            "TP.HCM giao quyền tự chủ cho {n} trường THPT công lập",
            "Thêm {n} trường THPT ở TP.HCM được tự chủ tài chính",
        ),
        "Sở GDĐT TP.HCM cho biết các trường được giao tự chủ sẽ chủ động về nhân sự, tài chính và chịu trách nhiệm giải trình trước xã hội.",
    ),
    Story(
        "2.1",
        POS,
        (
            "Trường học sau sáp nhập phường: phụ huynh không bị xáo trộn",
            "Quản lý trường học sau sắp xếp đơn vị hành chính vận hành thông suốt",
        ),
        "Việc chuyển giao quản lý các trường mầm non, tiểu học, THCS về UBND phường, xã được thực hiện đúng lộ trình.",
    ),
    Story(
        "2.1",
        NEG,
        (
            "Phụ huynh bức xúc vì các khoản thu đầu năm tại {school}",
            "Lạm thu đầu năm học: phụ huynh {school} lên tiếng",
        ),
        "Nhiều phụ huynh phản ánh danh sách khoản thu đầu năm dày đặc; Sở GDĐT đã yêu cầu nhà trường báo cáo.",
        (9, 10),
    ),
    # 2.2 equity
    Story(
        "2.2",
        POS,
        (
            "Học sinh TP.HCM được miễn học phí từ năm học {sy}",
            "Miễn học phí cho học sinh từ mầm non đến THPT công lập",
            "TP.HCM: hơn 2,5 triệu học sinh hưởng chính sách miễn học phí",
        ),
        "Chính sách miễn học phí giúp giảm gánh nặng chi phí cho hàng triệu gia đình trên địa bàn Thành phố.",
        (9, 10),
    ),
    Story(
        "2.2",
        POS,
        ("Những thầy cô ra đảo gieo chữ ở đặc khu Côn Đảo", "Gieo chữ nơi đặc khu Côn Đảo"),
        "Nhiều giáo viên tình nguyện ra công tác tại đặc khu Côn Đảo, mang theo tâm huyết và những giờ học sáng tạo.",
    ),
    Story(
        "2.2",
        POS,
        ("Lớp học tình thương giúp trẻ khó khăn ở {ward} được đến trường", "Ấm áp lớp học tình thương ở {ward}"),
        "Lớp học miễn phí do phường phối hợp nhà trường tổ chức đang giúp {n} trẻ có hoàn cảnh đặc biệt theo kịp chương trình.",
    ),
    Story(
        "2.2",
        NEU,
        ("TP.HCM tăng cường giáo dục hòa nhập cho trẻ khuyết tật",),
        "Ngành giáo dục đặt mục tiêu mở rộng giáo dục hòa nhập, bổ sung giáo viên hỗ trợ tại các trường phổ thông.",
    ),
    # 2.3 inspection, extra tutoring
    Story(
        "2.3",
        NEG,
        (
            "Phát hiện giáo viên dạy thêm trái quy định tại {ward}",
            "Giáo viên ở TP.HCM bị phản ánh ép học sinh học thêm",
            "Dạy thêm sai quy định: Sở GDĐT TP.HCM vào cuộc",
        ),
        "Sở GDĐT TP.HCM đã yêu cầu kiểm tra, xác minh phản ánh về việc giáo viên tổ chức dạy thêm không đúng Thông tư 29/2024/TT-BGDĐT.",
    ),
    Story(
        "2.3",
        NEU,
        (
            "TP.HCM công bố kết quả kiểm tra dạy thêm, học thêm học kỳ I",
            "Kiểm tra dạy thêm học thêm: {n} cơ sở bị nhắc nhở",
        ),
        "Đoàn kiểm tra đã làm việc tại {big} cơ sở, phát hiện và xử lý {n} trường hợp vi phạm.",
        (1, 2),
    ),
    Story(
        "2.3",
        POS,
        ("Siết dạy thêm, học sinh có thêm thời gian cho thể thao, nghệ thuật",),
        "Nhiều trường tổ chức câu lạc bộ sau giờ học thay cho các lớp học thêm, được phụ huynh ủng hộ.",
    ),
    Story(
        "2.3",
        NEU,
        ("Sở GDĐT TP.HCM lập đường dây nóng tiếp nhận phản ánh thu chi đầu năm",),
        "Phụ huynh có thể phản ánh qua đường dây nóng, email hoặc Cổng thông tin điện tử của Sở.",
        (9,),
    ),
    # 2.4 quality, admissions
    Story(
        "2.4",
        POS,
        (
            "Hơn 2,5 triệu học sinh TP.HCM bước vào năm học mới",
            "TP.HCM khai giảng năm học {sy}: rộn ràng ngày hội đến trường",
            "Lễ khai giảng năm học mới ở TP.HCM",
        ),
        "Các trường trên địa bàn Thành phố đồng loạt tổ chức lễ khai giảng năm học {sy}.",
        (9,),
    ),
    Story(
        "2.4",
        NEU,
        (
            "TP.HCM công bố phương thức tuyển sinh lớp 10 năm học {next_sy}",
            "Tuyển sinh lớp 10 ở TP.HCM năm {year}: thi 3 môn",
            "Những điểm mới trong tuyển sinh lớp 10 TP.HCM",
        ),
        "Sở GDĐT TP.HCM cho biết kỳ thi tuyển sinh lớp 10 công lập năm học {next_sy} giữ ổn định phương thức thi tuyển.",
        (2, 3),
    ),
    Story(
        "2.4",
        NEU,
        ("Học sinh lớp 9 bắt đầu đăng ký nguyện vọng lớp 10", "Hướng dẫn đăng ký nguyện vọng lớp 10 trực tuyến"),
        "Học sinh đăng ký tối đa ba nguyện vọng vào lớp 10 công lập trên hệ thống trực tuyến.",
        (4, 5),
    ),
    Story(
        "2.4",
        NEU,
        (
            "Hơn 100.000 thí sinh TP.HCM bước vào kỳ thi lớp 10",
            "Thi lớp 10 TP.HCM: đề Ngữ văn gần gũi, thí sinh tự tin",
            "Kỳ thi tuyển sinh lớp 10 ở TP.HCM diễn ra an toàn",
        ),
        "Kỳ thi tuyển sinh lớp 10 năm học {next_sy} diễn ra nghiêm túc tại các điểm thi trên địa bàn Thành phố.",
        (6,),
    ),
    Story(
        "2.4",
        NEG,
        ("Áp lực thi lớp 10: phụ huynh lo con trượt trường công", "Cuộc đua vào lớp 10 công lập ngày càng căng thẳng"),
        "Tỉ lệ chọi tại một số trường THPT tốp đầu tăng cao khiến nhiều phụ huynh và học sinh lo lắng.",
        (4, 5, 6),
    ),
    Story(
        "2.4",
        POS,
        (
            "Ngày hội STEM: học sinh TP.HCM trình diễn robot, mô hình khoa học",
            "Học sinh {school} mang robot phân loại rác đến Ngày hội STEM",
        ),
        "Ngày hội STEM thu hút hàng nghìn học sinh với nhiều sản phẩm sáng tạo ứng dụng vào đời sống.",
        (3, 4),
    ),
    Story(
        "2.4",
        POS,
        ("TP.HCM xây dựng kho học liệu số dùng chung cho giáo viên",),
        "Kho học liệu số với hàng nghìn bài giảng, đề kiểm tra được chia sẻ miễn phí cho giáo viên toàn Thành phố.",
    ),
    Story(
        "2.4",
        POS,
        (
            "Học sinh TP.HCM đoạt {n} giải kỳ thi học sinh giỏi quốc gia",
            "TP.HCM có {n} học sinh đạt giải học sinh giỏi quốc gia",
        ),
        "Đội tuyển học sinh giỏi TP.HCM đạt kết quả ấn tượng, trong đó có nhiều giải nhất.",
        (1, 2),
    ),
    # 2.5 teachers
    Story(
        "2.5",
        NEU,
        ("TP.HCM tuyển dụng {big} giáo viên năm học {sy}", "Thiếu giáo viên, TP.HCM đẩy nhanh tuyển dụng"),
        "Sở GDĐT TP.HCM cho biết nhu cầu bổ sung giáo viên vẫn lớn ở các môn tiếng Anh, tin học, nghệ thuật.",
        (9, 10, 11),
    ),
    Story(
        "2.5",
        NEG,
        ("Thiếu giáo viên tiếng Anh, tin học ở các xã ven đô", "Trường ven đô “khát” giáo viên"),
        "Nhiều trường ở các xã ven đô chưa tuyển đủ giáo viên các môn mới theo chương trình giáo dục phổ thông 2018.",
    ),
    Story(
        "2.5",
        POS,
        (
            "Tôn vinh nhà giáo tiêu biểu TP.HCM nhân ngày 20/11",
            "TP.HCM tuyên dương {n} nhà giáo tiêu biểu",
            "Những người thầy thầm lặng được tôn vinh dịp 20/11",
        ),
        "Lãnh đạo Thành phố trao bằng khen cho các nhà giáo có nhiều đóng góp cho sự nghiệp giáo dục.",
        (11,),
    ),
    Story(
        "2.5",
        POS,
        ("Cô giáo 30 năm gắn bó với học trò vùng ven {ward}",),
        "Câu chuyện về người giáo viên tận tụy khiến nhiều thế hệ học trò và phụ huynh xúc động.",
    ),
    # 2.6 vocational, workforce
    Story(
        "2.6",
        POS,
        (
            "TP.HCM đào tạo nhân lực vi mạch bán dẫn từ bậc phổ thông",
            "Đưa vi mạch bán dẫn vào trường học: TP.HCM đi trước đón đầu",
        ),
        "Nhiều trường THPT, trung tâm GDNN-GDTX phối hợp doanh nghiệp mở lớp trải nghiệm về vi mạch bán dẫn.",
    ),
    Story(
        "2.6",
        NEU,
        ("Ngày hội hướng nghiệp thu hút hàng nghìn học sinh",),
        "Học sinh được tư vấn chọn ngành, chọn nghề phù hợp với nhu cầu thị trường lao động.",
        (3, 4, 5),
    ),
    Story(
        "2.6",
        NEU,
        ("Tỉ lệ lao động có trình độ cao đẳng, đại học ở TP.HCM còn thấp so với mục tiêu",),
        "Mục tiêu đến năm 2030 là ít nhất 24% lao động có trình độ cao đẳng, đại học trở lên.",
    ),
    # 2.7 international, English
    Story(
        "2.7",
        POS,
        (
            "TP.HCM đặt mục tiêu đưa tiếng Anh thành ngôn ngữ thứ hai trong trường học",
            "Lộ trình tiếng Anh là ngôn ngữ thứ hai ở trường học TP.HCM",
        ),
        "Sở GDĐT TP.HCM xây dựng lộ trình từng bước đưa tiếng Anh trở thành ngôn ngữ thứ hai, bắt đầu từ bậc tiểu học.",
    ),
    Story(
        "2.7",
        NEG,
        (
            "Cảnh báo chương trình liên kết quốc tế “chui” tại một số trường tư",
            "Phụ huynh mất tiền vì chương trình liên kết không phép",
        ),
        "Sở GDĐT TP.HCM khuyến cáo phụ huynh kiểm tra danh sách chương trình liên kết đã được phê duyệt.",
    ),
    Story(
        "2.7",
        NEU,
        ("Sở GDĐT TP.HCM hợp tác đào tạo giáo viên với đối tác quốc tế",),
        "Chương trình hợp tác tập trung vào bồi dưỡng giáo viên tiếng Anh và giáo dục STEM.",
    ),
    # 2.8 moral education
    Story(
        "2.8",
        POS,
        (
            "Lan tỏa “Không gian văn hóa Hồ Chí Minh” trong trường học",
            "Trường học TP.HCM nhân rộng Không gian văn hóa Hồ Chí Minh",
        ),
        "Mô hình giúp học sinh tìm hiểu cuộc đời, sự nghiệp của Chủ tịch Hồ Chí Minh một cách sinh động.",
    ),
    Story(
        "2.8",
        NEU,
        ("Ban hành bộ quy tắc ứng xử văn hóa học đường",),
        "Bộ quy tắc áp dụng cho cán bộ quản lý, giáo viên, nhân viên, học sinh và phụ huynh.",
    ),
    # 2.9 happy school
    Story(
        "2.9",
        POS,
        (
            "Trường học hạnh phúc: khi học sinh được lắng nghe",
            "Xây dựng Trường học hạnh phúc từ những điều nhỏ nhất",
            "TP.HCM nhân rộng mô hình Trường học hạnh phúc",
        ),
        "Nhiều trường tại TP.HCM đổi mới cách ứng xử, tổ chức hoạt động để học sinh và giáo viên cùng hạnh phúc.",
    ),
    Story(
        "2.9",
        POS,
        ("{school} ra mắt phòng tham vấn tâm lý cho học sinh",),
        "Phòng tham vấn giúp học sinh chia sẻ khó khăn trong học tập, quan hệ bạn bè và gia đình.",
    ),
    Story(
        "2.9",
        NEU,
        ("Bộ tiêu chí Trường học hạnh phúc gồm những gì?",),
        "Bộ tiêu chí tập trung vào môi trường an toàn, yêu thương, tôn trọng và phát triển tiềm năng của mỗi người.",
    ),
    Story(
        "2.9",
        NEG,
        ("Học sinh áp lực vì bài tập về nhà, “trường học hạnh phúc” còn xa?",),
        "Nhiều phụ huynh cho rằng khối lượng bài tập và kiểm tra vẫn khiến học sinh căng thẳng.",
    ),
    # 2.10 health, safety, swimming
    Story(
        "2.10",
        NEG,
        (
            "Nghi ngộ độc thực phẩm sau bữa ăn bán trú, {n} học sinh nhập viện",
            "Học sinh {school} nhập viện sau bữa trưa bán trú",
            "Vụ học sinh nghi ngộ độc: tạm dừng đơn vị cung cấp suất ăn",
        ),
        "Ngành y tế đã lấy mẫu thực phẩm để xét nghiệm; Sở GDĐT yêu cầu kiểm tra toàn bộ bếp ăn bán trú.",
        (10, 11, 3, 4),
    ),
    Story(
        "2.10",
        POS,
        (
            "Khai mạc Hội khỏe Phù Đổng TP.HCM năm học {sy}",
            "Hội khỏe Phù Đổng TP.HCM thu hút hàng nghìn vận động viên học sinh",
        ),
        "Hội khỏe Phù Đổng là sân chơi thể thao lớn nhất của học sinh Thành phố.",
        (11, 12, 1),
    ),
    Story(
        "2.10",
        POS,
        ("Phổ cập bơi an toàn cho học sinh tiểu học", "Dạy bơi miễn phí cho học sinh trong hè"),
        "Mục tiêu nâng tỉ lệ học sinh biết bơi, phòng chống đuối nước trong mùa hè.",
        (5, 6),
    ),
    Story(
        "2.10",
        NEG,
        ("Học sinh bị bạo lực học đường, clip lan truyền trên mạng", "Xôn xao clip nữ sinh bị đánh hội đồng"),
        "Nhà trường đã làm việc với học sinh và gia đình; Sở GDĐT yêu cầu báo cáo vụ việc.",
    ),
    Story(
        "2.10",
        NEU,
        ("Sở GDĐT TP.HCM khuyến cáo phòng chống sốt xuất huyết trong trường học",),
        "Các trường được yêu cầu vệ sinh môi trường, diệt lăng quăng định kỳ.",
        (9, 10, 11),
    ),
    # 2.11 digital transformation
    Story(
        "2.11",
        POS,
        ("TP.HCM triển khai học bạ số cho học sinh tiểu học", "Học bạ số chính thức áp dụng tại TP.HCM"),
        "Học bạ số giúp giảm thủ tục giấy tờ và thuận lợi cho việc chuyển trường, tuyển sinh.",
    ),
    Story(
        "2.11",
        POS,
        (
            "AI vào lớp học: giáo viên TP.HCM học cách soạn giảng cùng trí tuệ nhân tạo",
            "Giáo viên TP.HCM được tập huấn ứng dụng AI",
        ),
        "Hàng nghìn giáo viên được bồi dưỡng kỹ năng sử dụng AI trong soạn giảng, đánh giá học sinh.",
    ),
    Story(
        "2.11",
        NEG,
        ("Phụ huynh than phiền vì quá nhiều ứng dụng học tập", "“Ma trận” ứng dụng khiến phụ huynh mệt mỏi"),
        "Mỗi trường dùng một ứng dụng khác nhau để liên lạc, đóng học phí, xem điểm khiến phụ huynh lúng túng.",
    ),
    Story(
        "2.11",
        NEU,
        ("Tuyển sinh đầu cấp trực tuyến: phụ huynh cần chuẩn bị gì?",),
        "Phụ huynh đăng ký tuyển sinh lớp 1, lớp 6 trực tuyến bằng mã định danh cá nhân của học sinh.",
        (5, 6),
    ),
    # 2.12 facilities
    Story(
        "2.12",
        NEU,
        (
            "TP.HCM cần thêm khoảng 19.000 phòng học để đạt chuẩn 300 phòng/vạn dân",
            "Thiếu phòng học: TP.HCM đặt mục tiêu 300 phòng học/10.000 dân",
        ),
        "Sau hợp nhất, tỉ lệ phòng học của Thành phố đạt khoảng 277 phòng/10.000 dân trong độ tuổi đi học.",
    ),
    Story(
        "2.12",
        POS,
        ("Khởi công trường học mới {n} phòng tại {ward}", "{ward} có thêm trường học mới"),
        "Công trình thuộc Đề án xây dựng 4.500 phòng học, dự kiến hoàn thành trước năm học mới.",
    ),
    Story(
        "2.12",
        NEG,
        ("Sĩ số vượt chuẩn, học sinh {ward} học chen chúc", "Nhiều lớp học hơn 50 học sinh ở vùng ven"),
        "Tốc độ tăng dân số cơ học nhanh khiến nhiều trường quá tải dù đã được đầu tư mở rộng.",
    ),
    Story(
        "2.12",
        POS,
        ("Đề án 4.500 phòng học: bàn giao {big} phòng học mới",),
        "Nhiều công trình trường học được đưa vào sử dụng, giảm áp lực sĩ số cho các phường, xã.",
    ),
    # 2.13 non-public
    Story(
        "2.13",
        NEU,
        ("TP.HCM kêu gọi đầu tư vào giáo dục ngoài công lập", "Đối thoại với nhà đầu tư giáo dục tư thục"),
        "Thành phố cam kết tháo gỡ vướng mắc về đất đai, thủ tục để thu hút đầu tư vào giáo dục.",
    ),
    Story(
        "2.13",
        NEG,
        ("Trường tư thục đột ngột đóng cửa, phụ huynh đòi lại học phí",),
        "Sở GDĐT TP.HCM đã làm việc với chủ đầu tư, yêu cầu bảo đảm quyền lợi của học sinh.",
    ),
    # 2.14 emulation
    Story(
        "2.14",
        POS,
        ("Tuyên dương {n} tập thể, cá nhân điển hình tiên tiến ngành giáo dục",),
        "Các điển hình tiên tiến là minh chứng sinh động cho phong trào thi đua đổi mới, sáng tạo.",
        (5, 6, 11),
    ),
    # 2.15 communication
    Story(
        "2.15",
        POS,
        (
            "Ngày hội 50 năm Giáo dục và Đào tạo TP.HCM",
            "Nửa thế kỷ giáo dục TP.HCM: hành trình tự hào",
            "Rực rỡ Ngày hội 50 năm GDĐT Thành phố Hồ Chí Minh",
        ),
        "Ngày hội tôn vinh những đóng góp của các thế hệ nhà giáo trong 50 năm xây dựng và phát triển giáo dục Thành phố.",
        (11, 12),
    ),
    Story(
        "2.15",
        NEU,
        ("Sở GDĐT TP.HCM bác bỏ thông tin giả về lịch nghỉ học", "Cảnh báo văn bản giả mạo Sở GDĐT TP.HCM"),
        "Sở GDĐT khẳng định văn bản lan truyền trên mạng xã hội là giả mạo và đề nghị phụ huynh theo dõi kênh chính thức.",
    ),
    Story(
        "2.15",
        NEU,
        ("Học sinh TP.HCM nghỉ Tết Nguyên đán {n} ngày", "Lịch nghỉ Tết của học sinh TP.HCM"),
        "Sở GDĐT TP.HCM công bố lịch nghỉ Tết Nguyên đán cho học sinh các cấp.",
        (12, 1),
    ),
]

# Outlets: (canonical name, level, medium, domain, name variants as exports write them)
OUTLETS = [
    ("Tuổi Trẻ", "city", "Báo điện tử", "tuoitre.vn", ("Báo Tuổi Trẻ", "Tuổi Trẻ Online", "tuoitre.vn")),
    ("Sài Gòn Giải Phóng", "city", "Báo điện tử", "sggp.org.vn", ("Báo Sài Gòn Giải Phóng", "SGGP Online", "SGGP")),
    ("Người Lao Động", "city", "Báo điện tử", "nld.com.vn", ("Báo Người Lao Động", "NLĐ Online")),
    ("Pháp Luật TP.HCM", "city", "Báo điện tử", "plo.vn", ("Báo Pháp Luật TP.HCM", "PLO")),
    ("Phụ Nữ TP.HCM", "city", "Báo điện tử", "phunuonline.com.vn", ("Báo Phụ Nữ TP.HCM", "Phụ Nữ Online")),
    ("HTV", "city", "Truyền hình", "htv.com.vn", ("Đài Truyền hình TP.HCM (HTV)", "HTV9", "HTV")),
    ("VTV", "central", "Truyền hình", "vtv.vn", ("Đài Truyền hình Việt Nam", "VTV", "VTV News")),
    ("VOV", "central", "Phát thanh", "vov.vn", ("Đài Tiếng nói Việt Nam", "VOV", "Báo điện tử VOV")),
    ("Nhân Dân", "central", "Báo điện tử", "nhandan.vn", ("Báo Nhân Dân", "Nhân Dân điện tử")),
    ("VietnamPlus", "central", "Báo điện tử", "vietnamplus.vn", ("TTXVN/VietnamPlus", "VietnamPlus", "Vietnam+")),
    ("Thanh Niên", "central", "Báo điện tử", "thanhnien.vn", ("Báo Thanh Niên", "Thanh Niên Online", "thanhnien.vn")),
    ("Tiền Phong", "central", "Báo điện tử", "tienphong.vn", ("Báo Tiền Phong",)),
    ("Giáo dục & Thời đại", "central", "Báo điện tử", "giaoducthoidai.vn", ("Báo Giáo dục và Thời đại", "GD&TĐ")),
    ("VnExpress", "central", "Báo điện tử", "vnexpress.net", ("VnExpress", "vnexpress.net")),
    ("Dân Trí", "central", "Báo điện tử", "dantri.com.vn", ("Báo Dân trí", "Dân Trí")),
    ("Lao Động", "central", "Báo điện tử", "laodong.vn", ("Báo Lao Động",)),
    ("VietNamNet", "central", "Báo điện tử", "vietnamnet.vn", ("VietNamNet", "Báo VietNamNet")),
    ("Znews", "central", "Báo điện tử", "znews.vn", ("Znews", "Tri thức - Znews")),
]
# Small sites the reference list does not know: the pipeline must flag them, not drop them.
UNKNOWN_OUTLETS = [
    ("Bản tin Học đường Sài Gòn", "other", "Báo điện tử", "hocduongsaigon.example", ("Bản tin Học đường Sài Gòn",)),
    ("Kênh Phụ huynh 24h", "other", "Báo điện tử", "kenhphuhuynh24h.example", ("Kênh Phụ huynh 24h",)),
]
# Outlets that also publish in print: a print item has no URL.
PRINT_EDITIONS = {"Tuổi Trẻ", "Sài Gòn Giải Phóng", "Người Lao Động", "Nhân Dân", "Giáo dục & Thời đại"}
GENRES = {
    "Báo điện tử": ["Tin", "Tin", "Tin", "Bài", "Bài", "Phỏng vấn"],
    "Báo in": ["Bài", "Tin", "Phỏng vấn"],
    "Truyền hình": ["Phóng sự", "Tin", "Tọa đàm"],
    "Phát thanh": ["Tin", "Tọa đàm", "Phỏng vấn"],
}
