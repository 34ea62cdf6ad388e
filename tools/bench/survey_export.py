"""A city-scale Google Forms survey export for the survey benchmark (sources.md §5).

One export `surveys/<STEM>.csv` in the reader's format, with its questionnaire
`surveys/<STEM>.questions.csv` beside it, generated deterministically from a seed (numpy for
the draws, polars to write), and a manifest `surveys-bench.json` at the root of the folder that
says which parameters wrote it, so that a re-run with the same ones only times:

- Timestamp `dd/mm/yyyy HH:MM:SS`, uniform over period 2026-Q2's window (15/03/2026 00:00:00 to
  14/06/2026 23:59:59), rows in submission order as Google Forms writes them;
- respondent group (the six canonical names, about 2% blank) and ward (today's 168 names from
  `orchestration.domain.reference.wards()`, written exactly, weighted unevenly, about 3% blank);
- Họ và tên, Số điện thoại, Email: made-up personal data (names from `tools.sample.people`,
  phone numbers unique by construction, e-mails on `.example` domains); about 12% of the
  respondents leave all three blank. With a unique phone number behind every name, no two
  submissions share a respondent key, so the pipeline's duplicate collapsing collapses nothing;
- `--questions` Likert questions headed by their full Vietnamese statement, tasks spread over
  2.1 .. 2.15, two of them reverse-coded (negative statements); answers as the scale's words and
  their variants ("Rất đồng ý", "Bình thường", lower case, "4 - Đồng ý", "Đồng ý (4)") or digits,
  with about 3% "Không ý kiến" and 2% blank;
- a free comment column (the questionnaire marks it `ignore`), mostly blank.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import polars as pl

from orchestration.domain.reference import wards
from orchestration.domain.text import strip_diacritics
from tools.sample import people

FOLDER = "surveys"
STEM = "khao-sat-dong-thuan-nganh-giao-duc_2026-Q2"
MANIFEST = "surveys-bench.json"
VERSION = 1  # bump when the generator's output changes, so that old files are rewritten
PERIOD = "2026-Q2"
WINDOW_START = dt.datetime(2026, 3, 15, 0, 0, 0)
WINDOW_SECONDS = int((dt.datetime(2026, 6, 15) - WINDOW_START).total_seconds())  # ends 14/06 23:59:59

TIMESTAMP = "Timestamp"
GROUP_COLUMN = "Anh/Chị thuộc nhóm đối tượng nào?"
WARD_COLUMN = "Anh/Chị đang sinh sống hoặc công tác tại phường, xã, đặc khu nào?"
PERSONAL = ("Họ và tên", "Số điện thoại", "Email")
COMMENT_COLUMN = "Anh/Chị có góp ý gì thêm cho ngành Giáo dục và Đào tạo Thành phố không?"
QUESTIONNAIRE_HEADER = ("column", "role", "question_code", "task_code", "reverse_coded")

# (statement, task, reverse-coded, how the statement sits against the respondent's mood)
QUESTIONS: tuple[tuple[str, str, bool, float], ...] = (
    ("Thủ tục hành chính trong lĩnh vực giáo dục được giải quyết nhanh chóng, minh bạch.", "2.1", False, -0.2),
    (
        "Mọi trẻ em, học sinh trên địa bàn đều có cơ hội đến trường như nhau, kể cả học sinh khuyết tật và học sinh có hoàn cảnh khó khăn.",
        "2.2",
        False,
        0.1,
    ),
    ("Việc thanh tra, kiểm tra các khoản thu đầu năm học được thực hiện nghiêm túc, công khai.", "2.3", False, -0.3),
    (
        "Chất lượng dạy và học ở trường mầm non, phổ thông nơi Anh/Chị sinh sống ngày càng được nâng lên.",
        "2.4",
        False,
        0.3,
    ),
    ("Đội ngũ giáo viên tận tâm, có chuyên môn vững vàng và được bồi dưỡng thường xuyên.", "2.5", False, 0.4),
    (
        "Học sinh sau trung học cơ sở được tư vấn, định hướng nghề nghiệp phù hợp với năng lực và nhu cầu của Thành phố.",
        "2.6",
        False,
        -0.1,
    ),
    ("Học sinh có nhiều cơ hội học tiếng Anh với giáo viên bản ngữ và tham gia giao lưu quốc tế.", "2.7", False, 0.0),
    ("Nhà trường chú trọng giáo dục đạo đức, lối sống, kỹ năng sống cho học sinh.", "2.8", False, 0.3),
    ("Nhà trường là môi trường an toàn, thân thiện, yêu thương và tôn trọng học sinh.", "2.9", False, 0.4),
    ("Học sinh thường cảm thấy áp lực, căng thẳng vì việc học thêm và thi cử.", "2.9", True, -0.5),
    ("Bữa ăn bán trú, nước uống và vệ sinh trường học bảo đảm an toàn cho học sinh.", "2.10", False, 0.1),
    ("Nhà trường phòng ngừa và xử lý kịp thời các hành vi bạo lực học đường.", "2.10", False, 0.2),
    (
        "Sổ liên lạc điện tử, học bạ số và thanh toán học phí không dùng tiền mặt thuận tiện cho phụ huynh.",
        "2.11",
        False,
        0.5,
    ),
    ("Việc sử dụng quá nhiều ứng dụng, nền tảng số gây quá tải cho giáo viên và phụ huynh.", "2.11", True, -0.4),
    ("Phòng học, sân chơi, thư viện và trang thiết bị của nhà trường đáp ứng yêu cầu dạy và học.", "2.12", False, -0.4),
    ("Sĩ số học sinh mỗi lớp ở trường nơi Anh/Chị sinh sống là hợp lý.", "2.12", False, -0.6),
    ("Các trường ngoài công lập góp phần đáp ứng nhu cầu học tập đa dạng của người dân Thành phố.", "2.13", False, 0.0),
    (
        "Các phong trào thi đua của ngành thiết thực, không hình thức, không gây áp lực cho giáo viên.",
        "2.14",
        False,
        -0.3,
    ),
    (
        "Anh/Chị được thông tin đầy đủ, kịp thời về chủ trương, chính sách giáo dục qua Cổng thông tin, Fanpage và báo chí.",
        "2.15",
        False,
        -0.2,
    ),
    ("Thông tin tuyển sinh đầu cấp được công bố rõ ràng, dễ tìm, dễ hiểu.", "2.15", False, 0.1),
)

GROUPS = (  # (group, weight, mood)
    ("Phụ huynh", 40, 0.25),
    ("Học sinh", 25, 0.0),
    ("Giáo viên", 20, 0.15),
    ("Cán bộ quản lý", 5, 0.5),
    ("Người dân", 8, -0.2),
    ("Chuyên gia", 2, -0.3),
)
GROUP_BLANK, WARD_BLANK, ANONYMOUS = 0.02, 0.03, 0.12
NO_OPINION, BLANK = 0.03, 0.02
# Spellings of each point of the scale, with how often each is used: the plain word wins.
VARIANTS: dict[int, tuple[tuple[str, float], ...]] = {
    1: (
        ("Hoàn toàn không đồng ý", 55),
        ("1", 25),
        ("Rất không đồng ý", 8),
        ("hoàn toàn không đồng ý", 6),
        ("1 - Hoàn toàn không đồng ý", 6),
    ),
    2: (("Không đồng ý", 60), ("2", 25), ("không đồng ý", 8), ("2 - Không đồng ý", 7)),
    3: (("Phân vân", 50), ("3", 25), ("Bình thường", 10), ("Trung lập", 5), ("3 - Phân vân", 10)),
    4: (("Đồng ý", 55), ("4", 25), ("đồng ý", 8), ("4 - Đồng ý", 6), ("Đồng ý (4)", 6)),
    5: (("Hoàn toàn đồng ý", 55), ("5", 25), ("Rất đồng ý", 10), ("5 - Hoàn toàn đồng ý", 10)),
}
NO_OPINION_TEXT = "Không ý kiến"
COMMENTS = (
    "Mong ngành giảm bớt hồ sơ, sổ sách cho giáo viên.",
    "Cần thêm sân chơi, cây xanh cho học sinh.",
    "Nên công bố thông tin tuyển sinh sớm hơn.",
    "Trường của con tôi rất tốt.",
    "Cần xây thêm trường ở khu vực đông dân.",
)


def questions(count: int) -> list[tuple[str, str, str, bool, float]]:
    """(header, question_code, task, reverse-coded, shift) of `count` questions; past the bank of
    20 the statements repeat with a numbered suffix so that every header stays distinct."""
    out = []
    for i in range(count):
        text, task, reverse, shift = QUESTIONS[i % len(QUESTIONS)]
        if i >= len(QUESTIONS):
            text = f"{text} (nhận định bổ sung {i // len(QUESTIONS)})"
        out.append((f"{i + 1}. {text}", f"DT_{i + 1:02d}", task, reverse, shift))
    return out


def export_path(out: Path) -> Path:
    return out / FOLDER / f"{STEM}.csv"


def questionnaire_path(out: Path) -> Path:
    return out / FOLDER / f"{STEM}.questions.csv"


def parameters(responses: int, question_count: int, seed: int) -> dict:
    return {"version": VERSION, "responses": responses, "questions": question_count, "seed": seed}


def existing(out: Path, responses: int, question_count: int, seed: int) -> dict | None:
    """The manifest when `out` already holds the export these parameters write, else None."""
    path = out / MANIFEST
    if not (path.is_file() and export_path(out).is_file() and questionnaire_path(out).is_file()):
        return None
    manifest = json.loads(path.read_text(encoding="utf-8"))
    wanted = parameters(responses, question_count, seed)
    if any(manifest.get(k) != v for k, v in wanted.items()):
        return None
    if export_path(out).stat().st_size != manifest.get("bytes"):
        return None
    return manifest


def _pick(rng: np.random.Generator, n: int, weights: list[float]) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _column(codes: np.ndarray, labels: list[str | None]) -> pl.Series:
    """The labels at `codes` as a string column (a None label is a blank cell)."""
    index = pl.Series(codes.astype(np.uint32))
    return pl.Series(labels, dtype=pl.String).gather(index)


def generate(out: Path, responses: int, question_count: int, seed: int) -> dict:
    """Write the export and its questionnaire into `out/surveys/`; returns the manifest."""
    if responses < 1 or question_count < 1:
        raise ValueError("responses and questions must be at least 1")
    for stale in (out / MANIFEST, export_path(out), questionnaire_path(out)):
        stale.unlink(missing_ok=True)
    written = write_export(
        export_path(out), questionnaire_path(out), responses, question_count, seed, WINDOW_START, WINDOW_SECONDS
    )
    manifest = {
        **parameters(responses, question_count, seed),
        "period": PERIOD,
        "export": export_path(out).relative_to(out).as_posix(),
        **written,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def write_export(
    export: Path,
    questionnaire: Path,
    responses: int,
    question_count: int,
    seed: int,
    window_start: dt.datetime,
    window_seconds: int,
) -> dict:
    """Write one export of `responses` submissions spread over `window_seconds` from
    `window_start`, and its questionnaire; returns its size, answers and scored answers.
    The city-scale sample (tools/sample/city.py) writes one per reporting period."""
    rng = np.random.default_rng(seed)
    n = responses
    export.parent.mkdir(parents=True, exist_ok=True)

    # Submission times, in order; the group and the ward set the respondent's general mood.
    seconds = np.sort(rng.integers(0, window_seconds, size=n))
    stamps = pl.select(
        (pl.lit(window_start) + pl.duration(seconds=pl.Series(seconds))).dt.strftime("%d/%m/%Y %H:%M:%S")
    ).to_series()
    group_index = _pick(rng, n, [w for _, w, _ in GROUPS])
    mood = np.asarray([m for _, _, m in GROUPS])[group_index] + rng.normal(0.0, 0.5, size=n)
    group_index[rng.random(n) < GROUP_BLANK] = len(GROUPS)
    ward_names = wards()["ward_name"].to_list()
    ward_weights = rng.pareto(1.5, size=len(ward_names)) + 0.2
    ward_index = _pick(rng, n, list(ward_weights))
    mood += rng.normal(0.0, 0.25, size=len(ward_names))[ward_index]
    ward_index[rng.random(n) < WARD_BLANK] = len(ward_names)

    # Personal data: a name with a phone number unique to the row, an e-mail for about half.
    female = rng.random(n) < 0.55
    family = _pick(rng, n, [w for _, w in people.FAMILY])
    middle = np.where(
        female, rng.integers(0, len(people.MIDDLE_FEMALE), n), rng.integers(0, len(people.MIDDLE_MALE), n)
    )
    given = np.where(female, rng.integers(0, len(people.GIVEN_FEMALE), n), rng.integers(0, len(people.GIVEN_MALE), n))
    family_s = _column(family, [f for f, _ in people.FAMILY])
    middle_s = pl.select(
        pl.when(pl.Series(female))
        .then(_column(middle, people.MIDDLE_FEMALE))
        .otherwise(_column(middle, people.MIDDLE_MALE))
    ).to_series()
    given_s = pl.select(
        pl.when(pl.Series(female))
        .then(_column(given, people.GIVEN_FEMALE))
        .otherwise(_column(given, people.GIVEN_MALE))
    ).to_series()
    anonymous = pl.Series(rng.random(n) < ANONYMOUS)
    with_email = pl.Series(rng.random(n) < 0.5)
    # 7919 is prime to 10**7: row i gets a different seven-digit tail than every other row.
    tails = (np.arange(n, dtype=np.int64) * 7919 + int(rng.integers(0, 10**7))) % 10**7
    prefixes = _column(rng.integers(0, len(people.MOBILE_PREFIXES), n), people.MOBILE_PREFIXES)
    given_ascii = _column(given, [_ascii(g) for g in people.GIVEN_FEMALE]).zip_with(
        pl.Series(female), _column(given, [_ascii(g) for g in people.GIVEN_MALE])
    )
    family_ascii = _column(family, [_ascii(f) for f, _ in people.FAMILY])
    domains = _column(rng.integers(0, len(people.PUBLIC_DOMAINS), n), people.PUBLIC_DOMAINS)

    frame = pl.DataFrame(
        {
            TIMESTAMP: stamps,
            GROUP_COLUMN: _column(group_index, [g for g, _, _ in GROUPS] + [None]),
            WARD_COLUMN: _column(ward_index, ward_names + [None]),
            "_family": family_s,
            "_middle": middle_s,
            "_given": given_s,
            "_anonymous": anonymous,
            "_email": with_email,
            "_prefix": prefixes,
            "_tail": pl.Series(tails),
            "_given_ascii": given_ascii,
            "_family_ascii": family_ascii,
            "_domain": domains,
            "_row": pl.int_range(0, n, eager=True),
        }
    )
    tail = pl.col("_tail").cast(pl.String).str.zfill(7)
    frame = frame.with_columns(
        pl.when(pl.col("_anonymous"))
        .then(pl.lit(None, pl.String))
        .otherwise(pl.concat_str("_family", "_middle", "_given", separator=" "))
        .alias(PERSONAL[0]),
        pl.when(pl.col("_anonymous"))
        .then(pl.lit(None, pl.String))
        .otherwise(pl.concat_str(pl.col("_prefix"), pl.lit(" "), tail.str.slice(0, 3), pl.lit(" "), tail.str.slice(3)))
        .alias(PERSONAL[1]),
        pl.when(pl.col("_anonymous") | ~pl.col("_email"))
        .then(pl.lit(None, pl.String))
        .otherwise(
            pl.concat_str(
                pl.col("_given_ascii"),
                pl.lit("."),
                pl.col("_family_ascii"),
                pl.col("_row").cast(pl.String),
                pl.lit("@"),
                pl.col("_domain"),
            )
        )
        .alias(PERSONAL[2]),
    ).select(TIMESTAMP, GROUP_COLUMN, WARD_COLUMN, *PERSONAL)

    # Answers: a point 1..5 from mood + the statement's shift + noise (turned for a negative
    # statement), then one of that point's spellings; some "Không ý kiến", some blank.
    spellings: list[str | None] = []
    start: dict[int, int] = {}
    for point in range(1, 6):
        start[point] = len(spellings)
        spellings += [text for text, _ in VARIANTS[point]]
    no_opinion_code, blank_code = len(spellings), len(spellings) + 1
    spellings += [NO_OPINION_TEXT, None]
    offsets = np.asarray([start[p] for p in range(1, 6)])
    cumulative = [np.cumsum([w for _, w in VARIANTS[p]]) / sum(w for _, w in VARIANTS[p]) for p in range(1, 6)]
    question_list = questions(question_count)
    answer_columns = []
    scored = 0
    for header, _code, _task, reverse, shift in question_list:
        point = np.clip(np.rint(3.5 + mood + shift + rng.normal(0.0, 0.85, size=n)), 1, 5).astype(np.int64)
        if reverse:
            point = 6 - point
        roll = rng.random(n)
        variant = np.zeros(n, dtype=np.int64)
        for p in range(1, 6):
            mask = point == p
            variant[mask] = np.searchsorted(cumulative[p - 1], roll[mask], side="right")
        code = offsets[point - 1] + variant
        missing = rng.random(n)
        code[missing < NO_OPINION] = no_opinion_code
        code[(missing >= NO_OPINION) & (missing < NO_OPINION + BLANK)] = blank_code
        scored += int((missing >= NO_OPINION + BLANK).sum())
        answer_columns.append(_column(code, spellings).alias(header))
    comment_codes = np.where(rng.random(n) < 0.1, rng.integers(0, len(COMMENTS), n), len(COMMENTS))
    frame = frame.with_columns(*answer_columns, _column(comment_codes, [*COMMENTS, None]).alias(COMMENT_COLUMN))

    frame.write_csv(export, line_terminator="\r\n", quote_style="necessary")
    roles = [
        (TIMESTAMP, "timestamp", None, None, None),
        (GROUP_COLUMN, "group", None, None, None),
        (WARD_COLUMN, "ward", None, None, None),
        *((c, "personal", None, None, None) for c in PERSONAL),
    ]
    roles += [
        (header, "question", code, task, "true" if reverse else "false")
        for header, code, task, reverse, _ in question_list
    ]
    roles.append((COMMENT_COLUMN, "ignore", None, None, None))
    pl.DataFrame(roles, schema=list(QUESTIONNAIRE_HEADER), orient="row").write_csv(
        questionnaire, quote_style="necessary"
    )
    return {"bytes": export.stat().st_size, "answers": n * question_count, "scored_answers": scored}


def _ascii(text: str) -> str:
    return "".join(ch for ch in strip_diacritics(text).lower() if ch.isalnum())
