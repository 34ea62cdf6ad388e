"""Surveys and feedback (sources.md §5): two Google Forms exports with their questionnaires,
and the Office's feedback log as one CSV (first semester) and one workbook (second semester).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from tools.sample.context import Context, at, random_day
from tools.sample.people import email, full_name, phone
from tools.sample.text_bank import (
    FEEDBACK_CHANNELS,
    FEEDBACK_STATES_DONE,
    FEEDBACK_STATES_OPEN,
    FEEDBACK_TOPICS,
    SCHOOL_NAMES,
)
from tools.sample.writers import Inbox, excel_naive, new_workbook, write_csv

LIKERT = ["Hoàn toàn không đồng ý", "Không đồng ý", "Phân vân", "Đồng ý", "Hoàn toàn đồng ý"]
NO_OPINION = "Không ý kiến"
QUESTIONNAIRE_HEADER = ["column", "role", "question_code", "task_code", "reverse_coded"]


@dataclass(frozen=True)
class Question:
    text: str
    code: str
    task: str
    reverse: bool = False
    shift: float = 0.0  # how this statement sits against the respondent's general mood


@dataclass(frozen=True)
class Survey:
    stem: str
    as_text: bool  # Likert answers as text (True) or as 1-5 (False)
    bom: bool
    open_days: tuple[tuple[int, int, int], tuple[int, int, int]]  # (year offset, month, day) x2
    grid_title: str | None  # Google Forms grid: "Title [statement]"
    group_column: str
    groups: tuple[tuple[str, float, float], ...]  # (group, weight, mood)
    ward_column: str
    questions: tuple[Question, ...]
    extra_before: tuple[str, ...]  # columns the questionnaire marks `ignore`, before the questions
    comment_column: str
    comments: tuple[str, ...]


SURVEYS = [
    Survey(
        stem="khao-sat-truong-hoc-hanh-phuc_{y1}-03",
        as_text=True,
        bom=False,
        open_days=((1, 2, 23), (1, 3, 13)),
        grid_title="Mức độ đồng ý của Anh/Chị/Em với các nhận định sau",
        group_column="Anh/Chị/Em là:",
        groups=(("Phụ huynh", 45, 0.35), ("Học sinh", 30, 0.0), ("Giáo viên", 20, 0.2), ("Cán bộ quản lý", 5, 0.6)),
        ward_column="Anh/Chị/Em đang sinh sống hoặc công tác tại phường, xã, đặc khu nào?",
        questions=(
            Question(
                "Nhà trường là môi trường an toàn, thân thiện, yêu thương và tôn trọng học sinh.",
                "THHP_01",
                "2.9",
                shift=0.4,
            ),
            Question("Giáo viên lắng nghe, tôn trọng ý kiến và cảm xúc của học sinh.", "THHP_02", "2.9", shift=0.2),
            Question("Học sinh cảm thấy vui vẻ, hào hứng mỗi ngày đến trường.", "THHP_03", "2.9"),
            Question(
                "Học sinh thường cảm thấy áp lực, căng thẳng vì việc học và thi cử ở trường.",
                "THHP_04",
                "2.9",
                reverse=True,
                shift=-0.5,
            ),
            Question(
                "Nhà trường có hoạt động tư vấn tâm lý, hỗ trợ kịp thời khi học sinh gặp khó khăn.",
                "THHP_05",
                "2.9",
                shift=-0.2,
            ),
            Question(
                "Giáo viên được tạo điều kiện, động lực để phát triển chuyên môn và cảm thấy hạnh phúc trong công việc.",
                "THHP_06",
                "2.9",
                shift=-0.3,
            ),
            Question(
                "Nhà trường phòng ngừa và xử lý kịp thời các hành vi bạo lực học đường.", "THHP_07", "2.10", shift=0.3
            ),
            Question(
                "Anh/Chị/Em được thông tin đầy đủ, kịp thời về mô hình “Trường học hạnh phúc” qua các kênh truyền thông của ngành (Cổng thông tin, Fanpage, báo chí).",
                "THHP_08",
                "2.15",
                shift=-0.4,
            ),
        ),
        extra_before=(),
        comment_column="Anh/Chị/Em có góp ý gì thêm để nhà trường trở thành “Trường học hạnh phúc”?",
        comments=(
            "Nên giảm bớt bài tập về nhà cho học sinh.",
            "Mong nhà trường có thêm sân chơi, cây xanh.",
            "Cần thêm giáo viên tư vấn tâm lý.",
            "Trường rất tốt, con tôi thích đi học.",
            "Nên tổ chức nhiều hoạt động ngoại khóa hơn.",
            "Giáo viên cần được giảm áp lực hồ sơ, sổ sách.",
        ),
    ),
    Survey(
        stem="khao-sat-chuyen-doi-so-truong-hoc_{y1}-05",
        as_text=False,
        bom=True,
        open_days=((1, 4, 14), (1, 5, 8)),
        grid_title=None,
        group_column="Đối tượng trả lời",
        groups=(
            ("Giáo viên", 40, 0.1),
            ("Cán bộ quản lý", 12, 0.5),
            ("Học sinh", 22, 0.3),
            ("Phụ huynh", 22, -0.1),
            ("Chuyên gia", 4, -0.3),
        ),
        ward_column="Phường/xã/đặc khu",
        questions=(
            Question("1. Nhà trường sử dụng hiệu quả sổ điểm điện tử, học bạ số.", "CDS_01", "2.11", shift=0.4),
            Question(
                "2. Giáo viên ứng dụng thành thạo công nghệ số và trí tuệ nhân tạo (AI) trong dạy học.",
                "CDS_02",
                "2.11",
                shift=-0.2,
            ),
            Question("3. Kho học liệu số dùng chung của ngành đáp ứng nhu cầu dạy và học.", "CDS_03", "2.4"),
            Question(
                "4. Phụ huynh dễ dàng thanh toán học phí, các khoản thu không dùng tiền mặt.",
                "CDS_04",
                "2.11",
                shift=0.5,
            ),
            Question(
                "5. Việc sử dụng quá nhiều ứng dụng, nền tảng số gây quá tải cho giáo viên và phụ huynh.",
                "CDS_05",
                "2.11",
                reverse=True,
                shift=-0.4,
            ),
            Question(
                "6. Hạ tầng mạng, thiết bị của nhà trường đáp ứng yêu cầu chuyển đổi số.", "CDS_06", "2.11", shift=-0.5
            ),
            Question(
                "7. Thông tin về chuyển đổi số của ngành được truyền thông rõ ràng, dễ hiểu.",
                "CDS_07",
                "2.15",
                shift=-0.1,
            ),
        ),
        extra_before=("Đơn vị công tác/học tập",),
        comment_column="Ý kiến khác (nếu có)",
        comments=(
            "Nên thống nhất một ứng dụng liên lạc cho toàn Thành phố.",
            "Wifi ở trường còn yếu.",
            "Cần tập huấn AI cho giáo viên lớn tuổi.",
            "Học bạ số rất tiện lợi.",
            "Phụ huynh lớn tuổi khó sử dụng ứng dụng.",
        ),
    ),
]


def _ward_answer(ctx: Context, rng: random.Random, home: list[str]) -> str:
    roll = rng.random()
    if roll < 0.52:
        return rng.choice(home)
    if roll < 0.62:
        return rng.choice(ctx.wards).name
    if roll < 0.76:
        ward = ctx.ward(rng.choice(home))
        return rng.choice([ward.short, f"P. {ward.short}", ward.name.lower(), f"{ward.name}, TP.HCM", f"  {ward.name}"])
    if roll < 0.88:
        legacy = rng.choice([w for w in ctx.legacy_wards if w.province_code == "79"])
        return rng.choice([f"{legacy.name}, {legacy.district}", f"{legacy.name} {legacy.district}"])
    return rng.choice(["", "", "Thủ Đức", "Quận 7", "Không tiện trả lời", "TP. Thủ Dầu Một"])


def _answer(rng: random.Random, survey: Survey, question: Question, mood: float) -> str:
    roll = rng.random()
    if roll < 0.04:
        return NO_OPINION
    if roll < 0.05 and not survey.as_text:
        return ""
    agree = 3.6 + mood + question.shift + rng.gauss(0, 0.9)
    value = max(1, min(5, round(agree)))
    if question.reverse:
        value = 6 - value  # the statement is negative: agreeing with it means less satisfaction
    return LIKERT[value - 1] if survey.as_text else str(value)


def _write_survey(ctx: Context, inbox: Inbox, survey: Survey) -> None:
    rng = ctx.rng("surveys", survey.stem)
    stem = survey.stem.format(y1=ctx.start_year + 1)
    (y_a, m_a, d_a), (y_b, m_b, d_b) = survey.open_days
    first = dt.date(ctx.start_year + y_a, m_a, d_a)
    last = dt.date(ctx.start_year + y_b, m_b, d_b)
    question_columns = [f"{survey.grid_title} [{q.text}]" if survey.grid_title else q.text for q in survey.questions]
    header = [
        "Timestamp",
        survey.group_column,
        survey.ward_column,
        "Họ và tên",
        "Số điện thoại",
        "Email",
        *survey.extra_before,
        *question_columns,
        survey.comment_column,
    ]
    home = [w.name for w in rng.sample(ctx.wards, k=6)]
    rows = []
    for _ in range(rng.randint(*ctx.scale.survey_responses)):
        group, _weight, mood = rng.choices(survey.groups, weights=[g[1] for g in survey.groups])[0]
        mood += rng.gauss(0, 0.5)
        stamp = dt.datetime.combine(
            random_day(rng, first, last, weekdays=False),
            dt.time(rng.randint(6, 22), rng.randrange(60), rng.randrange(60)),
        )
        name = full_name(rng) if rng.random() < 0.85 else ""
        tel = phone(rng) if name and group != "Học sinh" and rng.random() < 0.75 else ""
        mail = email(rng, name) if name and rng.random() < 0.6 else ""
        extra = [rng.choice(SCHOOL_NAMES) if rng.random() < 0.9 else "" for _ in survey.extra_before]
        answers = [_answer(rng, survey, q, mood) for q in survey.questions]
        comment = rng.choice(survey.comments) if rng.random() < 0.25 else ""
        if comment and name and rng.random() < 0.2:
            comment += f" Liên hệ {name}, {tel or phone(rng)}."  # personal data inside free text
        rows.append([stamp, group, _ward_answer(ctx, rng, home), name, tel, mail, *extra, *answers, comment])
    # The same person sends the form twice a few minutes apart, changing one answer.
    original = next(r for r in rows if r[3] and r[4])
    again = list(original)
    again[0] = original[0] + dt.timedelta(minutes=rng.randint(2, 6), seconds=rng.randint(0, 59))
    position = 6 + len(survey.extra_before)
    again[position] = _answer(rng, survey, survey.questions[0], 0.5)
    rows.append(again)
    rows.sort(key=lambda r: r[0])
    for row in rows:
        row[0] = row[0].strftime("%d/%m/%Y %H:%M:%S")
    path = inbox.path(f"surveys/{stem}.csv")
    write_csv(path, [header, *rows], bom=survey.bom, line_end="\r\n")
    inbox.record(path, at(last + dt.timedelta(days=1), 9, 0))

    roles = [
        ["Timestamp", "timestamp", "", "", ""],
        [survey.group_column, "group", "", "", ""],
        [survey.ward_column, "ward", "", "", ""],
        ["Họ và tên", "personal", "", "", ""],
        ["Số điện thoại", "personal", "", "", ""],
        ["Email", "personal", "", "", ""],
    ]
    roles += [[column, "ignore", "", "", ""] for column in survey.extra_before]
    roles += [
        [column, "question", q.code, q.task, "true" if q.reverse else "false"]
        for column, q in zip(question_columns, survey.questions)
    ]
    roles.append([survey.comment_column, "ignore", "", "", ""])
    questionnaire = inbox.path(f"surveys/{stem}.questions.csv")
    write_csv(questionnaire, [QUESTIONNAIRE_HEADER, *roles], line_end="\n")
    inbox.record(questionnaire, at(last + dt.timedelta(days=2), 14, 0))


# ------------------------------------------------------------------ feedback

FEEDBACK_HEADER = ["Ngày nhận", "Kênh", "Chủ đề", "Nội dung", "Đơn vị xử lý", "Ngày trả lời", "Trạng thái"]


def _feedback_rows(ctx: Context, rng: random.Random, count: int, start: dt.date, end: dt.date) -> list[list]:
    rows = []
    for _ in range(count):
        topic, content, unit = rng.choice(FEEDBACK_TOPICS)
        values = ctx.draw_values(rng)
        received = random_day(rng, start, end, weekdays=False)
        text = ctx.fill(content, rng, values=values)
        if rng.random() < 0.12:
            name = full_name(rng)
            text = rng.choice(
                [
                    f"Tôi là {name}, số điện thoại {phone(rng)}. {text}",
                    f"{text} Mong được phản hồi qua email {email(rng, name)}.",
                ]
            )
        unit = unit.format(ward_short=values["ward_short"])
        if rng.random() < 0.18:
            replied, state = None, rng.choice(FEEDBACK_STATES_OPEN)
        else:
            replied, state = received + dt.timedelta(days=rng.randint(1, 15)), rng.choice(FEEDBACK_STATES_DONE)
        rows.append([received, rng.choice(FEEDBACK_CHANNELS), topic, text, unit, replied, state])
    return sorted(rows, key=lambda r: (r[0], r[2], r[3]))


def _write_feedback(ctx: Context, inbox: Inbox) -> None:
    rng = ctx.rng("feedback")
    n_csv, n_xlsx = ctx.scale.feedback_rows
    split = dt.date(ctx.start_year + 1, 1, 15)
    first = _feedback_rows(ctx, rng, n_csv, dt.date(ctx.start_year, 9, 1), split)
    rows = [FEEDBACK_HEADER] + [[c.strftime("%d/%m/%Y") if isinstance(c, dt.date) else c for c in r] for r in first]
    path = inbox.path(f"feedback/so-theo-doi-gop-y_HK1_{ctx.school_year}.csv")
    write_csv(path, rows, bom=True, line_end="\r\n")
    inbox.record(path, at(split + dt.timedelta(days=5), 16, 45))

    second = _feedback_rows(ctx, rng, n_xlsx, split + dt.timedelta(days=1), ctx.year_end)
    path = inbox.path(f"feedback/so-theo-doi-gop-y_HK2_{ctx.school_year}.xlsx")
    saved = at(ctx.year_end + dt.timedelta(days=3), 11, 10)
    workbook = new_workbook(path, saved, author="Văn phòng Sở")
    ws = workbook.add_worksheet("SoTheoDoi")
    bold = workbook.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center"})
    cell = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    date = workbook.add_format({"border": 1, "num_format": "dd/mm/yyyy", "valign": "top"})
    title = workbook.add_format({"bold": True, "font_size": 14, "align": "center"})
    ws.merge_range(
        0, 0, 0, 7, f"SỔ THEO DÕI TIẾP NHẬN, XỬ LÝ GÓP Ý, PHẢN ÁNH - HỌC KỲ II NĂM HỌC {ctx.school_year}", title
    )
    for col, width in enumerate([6, 13, 16, 22, 70, 28, 13, 18]):
        ws.set_column(col, col, width)
    for col, label in enumerate(["STT", *FEEDBACK_HEADER]):
        ws.write_string(2, col, label, bold)
    for index, row in enumerate(second, start=1):
        ws.write_number(2 + index, 0, index, cell)
        for col, value in enumerate(row, start=1):
            if isinstance(value, dt.date):
                # Someone typed a few dates as text instead of picking them.
                if rng.random() < 0.08:
                    ws.write_string(2 + index, col, value.strftime("%d/%m/%Y"), cell)
                else:
                    ws.write_datetime(2 + index, col, excel_naive(value), date)
            elif value is None:
                ws.write_blank(2 + index, col, None, cell)
            else:
                ws.write_string(2 + index, col, value, cell)
    workbook.close()
    inbox.record(path, saved)


def write(ctx: Context, inbox: Inbox) -> None:
    for survey in SURVEYS:
        _write_survey(ctx, inbox, survey)
    _write_feedback(ctx, inbox)
