"""A small inbox whose expected figures were worked out by hand (see test_end_to_end.py).

Four departments' reports over two periods (one corrected, two late, one with a bad row),
a CSV posing as a workbook, eight press items over two monthly exports (one URL repeated, one
repeated with tracking parameters, one unknown outlet, one outlet known only by its URL, an NFD
title), a Meta export in Vietnamese with a bracketed header and one missing its Reach column,
a GA4 export with its preamble and totals row, and one survey with its questionnaire.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from tests.unit.workbooks import Report, info, write_receipts, write_report

RESPONDENT_NAMES = ("Nguyễn Văn An", "Trần Thị Bích")
NFD_TITLE = unicodedata.normalize("NFD", "Học sinh chưa biết bơi, nhiều vụ đuối nước thương tâm")


def _activity(stt: int, task: object, form: str, channel: str, title: str, day: str, quantity: object) -> list[object]:
    return [stt, task, form, channel, title, day, quantity, "", "", "", ""]


def build(inbox: Path) -> Path:
    reports = inbox / "unit_reports"
    reports.mkdir(parents=True)
    write_report(
        reports / "2025-Q4_HSSV.xlsx",
        Report(
            info=info("Phòng Học sinh, sinh viên", "HSSV", "Quý IV/2025", "10/12/2025"),
            activities=[
                _activity(1, "2.9", "Tin bài", "Cổng TTĐT Sở", "Lan tỏa mô hình Trường học hạnh phúc", "20/11/2025", 2),
                _activity(2, "NV10", "Video clip", "Fanpage", "Hướng dẫn bơi an toàn", "05/12/2025", 1),
                _activity(3, "Nhiệm vụ 2.8", "Sự kiện", "Nội bộ", "Không gian văn hóa Hồ Chí Minh", "01/12/2025", "3"),
            ],
            assessments=[
                [1, "2.9", "85%", "Nhân rộng mô hình tại 20 trường", "Thiếu kinh phí", "Bổ sung kinh phí truyền thông"]
            ],
        ),
    )
    write_report(
        reports / "2026-Q1_HSSV.xlsx",
        Report(
            info=info("Phòng Học sinh, sinh viên", "HSSV", "Quý I/2026", "10/03/2026"),
            activities=[
                _activity(1, "2.9", "Tin bài", "Fanpage", "Chia sẻ câu chuyện hạnh phúc", "10/01/2026", 1),
                _activity(2, "2.9", "Tin bài", "Fanpage", "Ngày hội trường học hạnh phúc", "11/01/2026", 1),
            ],
        ),
    )
    write_report(  # the correction: replaces the file above
        reports / "2026-Q1_HSSV_v2.xlsx",
        Report(
            info=info("Phòng Học sinh, sinh viên", "HSSV", "Quý I/2026", "12/03/2026"),
            activities=[_activity(1, "2.9", "Tin bài", "Fanpage", "Chuỗi bài trường học hạnh phúc", "10/01/2026", 5)],
        ),
    )
    write_report(
        reports / "2025-Q4_VP.xlsx",
        Report(
            info=info("Văn phòng", "VP", "Quý IV/2025", "12/12/2025"),
            activities=[
                _activity(1, "2.15", "Họp báo", "Báo điện tử", "Họp báo đầu năm học", "15/09/2025", 4),
                _activity(2, "2.11", "Infographic", "Fanpage", "Chuyển đổi số trong trường học", "01/10/2025", 1),
                _activity(3, "2.19", "Tin bài", "Fanpage", "Nhiệm vụ không có trong kế hoạch", "02/10/2025", 1),
                _activity(4, "2.10", "Tin bài", "Cổng TTĐT Sở", "Tuyên truyền an toàn trường học", "03/10/2025", 2),
            ],
            incidents=[
                [
                    1,
                    "01/11/2025",
                    "Thông tin sai lệch về học phí",
                    "Cao",
                    "Mạng xã hội",
                    "Đính chính, họp báo",
                    "05/11/2025",
                    "Đã xử lý",
                ],
                [
                    2,
                    "10/12/2025",
                    "Clip bạo lực học đường lan truyền",
                    "Trung bình",
                    "Fanpage",
                    "Phản hồi",
                    "11/12/2025",
                    "Đã xử lý",
                ],
            ],
        ),
    )
    write_report(
        reports / "2026-Q1_GDPT.xlsx",
        Report(
            info=info("Phòng Giáo dục Phổ thông", "GDPT", "Quý I/2026", "14/03/2026"),
            activities=[
                _activity(1, "4", "Tin bài", "Báo điện tử", "Tuyển sinh lớp 10", "20/02/2026", 1),
                _activity(
                    2, "2.13", "Hội nghị / tập huấn", "Nội bộ", "Hội thảo trường ngoài công lập", "25/02/2026", 1
                ),
            ],
        ),
    )
    (reports / "2026-Q1_KTPC.xlsx").write_text(
        "Tên đơn vị,Kỳ báo cáo\nPhòng Kiểm tra - Pháp chế,Quý I/2026\n", encoding="utf-8"
    )
    write_receipts(
        inbox,
        [
            ("2025-Q4_HSSV.xlsx", "2025-12-10T09:00:00+07:00"),
            ("2026-Q1_HSSV.xlsx", "2026-03-10T10:00:00+07:00"),
            ("2026-Q1_HSSV_v2.xlsx", "2026-03-12T16:00:00+07:00"),
            ("2025-Q4_VP.xlsx", "2025-12-16T08:00:00+07:00"),
            ("2026-Q1_GDPT.xlsx", "2026-03-15T00:00:00+07:00"),
            ("2026-Q1_KTPC.xlsx", "2026-03-01T08:00:00+07:00"),
        ],
    )

    press = inbox / "media" / "press"
    press.mkdir(parents=True)
    header = "ma_tin,ngay_dang,co_quan_bao_chi,loai_hinh,the_loai,tieu_de,tom_tat,url,sac_thai,luot_xem\n"
    (press / "bao-chi_2025-11.csv").write_text(
        "\ufeff"
        + header
        + '"T1","20/11/2025 08:00","Tuổi Trẻ Online","Báo điện tử","Tin","Nhân rộng mô hình trường học hạnh phúc","Nhiều trường đã tham gia.","https://tuoitre.vn/a","Tích cực","1.200"\n'
        + '"T2","21/11/2025 09:00","Báo Thanh Niên","Báo điện tử","Bài","Trường học hạnh phúc lan tỏa","","https://thanhnien.vn/b","Tích cực",""\n',
        encoding="utf-8",
    )
    (press / "bao-chi_2026-01.csv").write_text(
        "\ufeff"
        + header
        + '"T3","10/01/2026 10:00","VnExpress","Báo điện tử","Tin","Xử lý vi phạm dạy thêm học thêm","","https://vnexpress.net/c","Tiêu cực",""\n'
        + '"T1b","20/11/2025 08:00","Tuổi Trẻ","Báo điện tử","Tin","Nhân rộng mô hình trường học hạnh phúc","Nhiều trường đã tham gia.","https://tuoitre.vn/a","Tích cực",""\n'
        + '"T4","05/02/2026 07:00","Báo Tầm Nhìn","Báo điện tử","Tin","Tuyển sinh lớp 10 năm 2026","","https://tamnhin.example/d","",""\n'
        # Media (issue 4): a title saved in NFD (macOS), no service label; the same article again
        # under its bare URL (counts once); an outlet named oddly but known by its URL's host.
        + f'"T5","12/01/2026 09:00","Báo Tuổi Trẻ","Báo điện tử","Tin","{NFD_TITLE}","","https://tuoitre.vn/e?utm_source=facebook","",""\n'
        + '"T5b","12/01/2026 09:00","tuoitre.vn","Báo điện tử","Tin","Học sinh chưa biết bơi, nhiều vụ đuối nước thương tâm","","https://www.tuoitre.vn/e/","",""\n'
        + '"T6","20/01/2026 15:00","Znews Online","Báo điện tử","Bài","Trường học số giúp phụ huynh theo dõi việc học của con dễ dàng","","https://znews.vn/f","",""\n',
        encoding="utf-8",
    )

    fanpage = inbox / "media" / "fanpage"
    fanpage.mkdir(parents=True)
    # A Meta export from the Vietnamese interface, its time column carrying a note in brackets.
    (fanpage / "so-gddt_2026-Q1.csv").write_text(
        "ID bài viết,Tên Trang,Tiêu đề,Mô tả,Thời gian đăng (GMT+07:00),Loại bài viết,Lượt tiếp cận,Cảm xúc,Bình luận,Lượt chia sẻ\n"
        '"P1","Sở GDĐT TP.HCM","","Ngày hội trường học hạnh phúc: học sinh hào hứng tham gia","01/10/2026 08:00","Photos","1000","80","10","10"\n'
        '"P2","Sở GDĐT TP.HCM","","Infographic: 5 tiêu chí trường học hạnh phúc","01/12/2026 09:30","Photos","2000","100","20","30"\n'
        '"P3","Sở GDĐT TP.HCM","Hướng dẫn học sinh kỹ năng bơi an toàn","","02/01/2026 19:00","Videos","500","20","5","0"\n',
        encoding="utf-8",
    )
    # The same page's page-level export (followers), Vietnamese interface, a line naming the
    # metric above the header, the page named by the file name; quiet days left out.
    (fanpage / "pages").mkdir()
    (fanpage / "pages" / "Sở GDĐT TP.HCM_2025-12-15_2026-03-14.csv").write_text(
        "Lượt theo dõi Facebook\n"
        "Ngày,Lượt theo dõi Facebook,Lượt theo dõi mới,Lượt bỏ theo dõi\n"
        "12/20/2025,10000,30,5\n"
        "03/10/2026,10100,20,4\n",
        encoding="utf-8",
    )
    # An export without its Reach column: refused as a file, with the header it has.
    (fanpage / "no-reach.csv").write_text(
        'Post ID,Page name,Publish time,Post type,Reactions\n"P9","Sở GDĐT TP.HCM","01/10/2026 08:00","Photos","5"\n',
        encoding="utf-8",
    )

    web = inbox / "media" / "web"
    web.mkdir(parents=True)
    # GA4 download: comment block, blank line, header, totals row, data rows.
    (web / "cong-ttdt_2026-Q1.csv").write_text(
        "# ----------------------------------------\n"
        "# Pages and screens: Page path and screen class\n"
        "# Account: Sở GDĐT TP.HCM\n"
        "# Property: Cổng thông tin điện tử Sở GDĐT\n"
        "# ----------------------------------------\n"
        "# Start date: 20251215\n"
        "# End date: 20260314\n"
        "\n"
        "Date,Page path and screen class,Page title,Views,Active users,New users,Average engagement time per active user,Event count\n"
        ",,,1800,330,150,50,5000\n"
        "20260110,/tin-tuc/truong-hoc-hanh-phuc,Lan tỏa trường học hạnh phúc,1000,200,100,60,3000\n"
        "20260111,/tin-tuc/tuyen-sinh-lop-10,Tuyển sinh lớp 10 năm 2026,600,100,40,30,1500\n"
        "20260111,/,Trang chủ,200,30,10,40,500\n",
        encoding="utf-8",
    )

    surveys = inbox / "surveys"
    surveys.mkdir()
    (surveys / "khao-sat-thhp.csv").write_text(
        "Timestamp,Bạn thấy trường an toàn?,Nhà trường có áp lực?,Đối tượng,Phường,Họ và tên\n"
        f'"05/01/2026 08:00:00","Đồng ý","Không đồng ý","Phụ huynh","Phường Bến Thành","{RESPONDENT_NAMES[0]}"\n'
        f'"06/01/2026 09:00:00","Hoàn toàn đồng ý","Đồng ý","Giáo viên","P. Bến Thành","{RESPONDENT_NAMES[1]}"\n'
        '"07/01/2026 10:00:00","Không ý kiến","Hoàn toàn không đồng ý","Phụ huynh","Phường Sài Gòn",""\n',
        encoding="utf-8",
    )
    (surveys / "khao-sat-thhp.questions.csv").write_text(
        "column,role,question_code,task_code,reverse_coded\n"
        "Timestamp,timestamp,,,\n"
        "Bạn thấy trường an toàn?,question,Q1,2.9,false\n"
        "Nhà trường có áp lực?,question,Q2,2.9,true\n"
        "Đối tượng,group,,,\n"
        "Phường,ward,,,\n"
        "Họ và tên,personal,,,\n",
        encoding="utf-8",
    )
    return inbox
