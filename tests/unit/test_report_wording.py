"""The year-end reports' wording: text made safe for every output, figures that cannot be
numbers printed as missing with the reason, verdicts that never count a target without data as
met, findings grouped with the units named, quarantine reasons in Vietnamese."""

from __future__ import annotations

import math

import pytest

from orchestration.reports import caveats, findings, verdicts
from orchestration.reports.data import YearData
from orchestration.reports.labels import NOT_A_NUMBER, TARGET_STATUS, measure_value, number, percent, signed
from orchestration.reports.text_safety import safe_text


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("Kết quả\x0bnổi bật", "Kết quả\nnổi bật"),  # Word's Shift+Enter pasted into Excel
        ("Kết quả_x000B_nổi bật", "Kết quả\nnổi bật"),  # the same, left escaped in the text
        ("a\x00b\x07c\x1fd", "abcd"),
        ("dòng 1\r\ndòng 2", "dòng 1\ndòng 2"),
        ("cột\tcột", "cột\tcột"),
        ("bỏ\ufffe\uffffký tự", "bỏký tự"),
        ("Bình thường, không đổi", "Bình thường, không đổi"),
    ],
)
def test_safe_text(raw, safe):
    assert safe_text(raw) == safe


def test_numbers_that_cannot_be_printed_say_why():
    for value in (math.inf, -math.inf, math.nan):
        assert number(value) == NOT_A_NUMBER
        assert percent(value) == NOT_A_NUMBER
        assert signed(value) == NOT_A_NUMBER
        assert measure_value("press_items", value) == NOT_A_NUMBER
        assert measure_value("lead_completion_pct", value) == NOT_A_NUMBER
    assert number(1e308 * 10) == NOT_A_NUMBER  # an overflowed sum
    assert number(12500) == "12.500"


def test_status_words_cannot_be_confused():
    assert TARGET_STATUS["no_target"] == "Không có chỉ tiêu"
    assert TARGET_STATUS["not_met"] == "Chưa đạt"
    assert TARGET_STATUS["no_data"] == "Không có số liệu"


def _task(
    code: str, met: int, not_met: int, no_data: int, status: str, evidence: bool = True, rank: int | None = 1
) -> dict:
    return {
        "task_code": code,
        "task_number": int(code.split(".")[1]),
        "period_key": "all",
        "targets_set": met + not_met + no_data,
        "targets_met": met,
        "targets_not_met": not_met,
        "targets_no_data": no_data,
        "target_status": status,
        "ranking_evidence": evidence,
        "evidence_rank": rank if evidence else None,
    }


def _target(code: str, status: str, provisional: bool = True, straddles: bool = False) -> dict:
    return {
        "task_code": code,
        "measure": "consensus_share_agreeing",
        "target_status": status,
        "target_provisional": provisional,
        "interval_straddles_target": straddles,
        "ci_low": 0.52,
        "ci_high": 0.68,
        "actual_value": 0.6,
        "target_value": 0.6,
        "comparison": "at_least",
    }


def _year(tasks: list[dict], targets: list[dict]) -> YearData:
    return YearData(
        school_year="2025-2026",
        periods=[],
        task_year=tasks,
        task_quarters=[],
        targets=targets,
        clusters=[],
        units=[],
        unit_tasks=[],
        late_reports=[],
        file_loads=[],
        quarantine=[],
    )


def test_targets_without_data_are_never_met_and_share_one_denominator():
    # 2.1: 1 met, 2 without data; 2.2: 1 met, 1 not met. Sector: 2 met of the 3 with data (66,7%),
    # 2 without data; never 2/5.
    tasks = [_task("2.1", 1, 0, 2, "met"), _task("2.2", 1, 1, 0, "partly_met", rank=2)]
    data = _year(
        tasks,
        [
            _target("2.1", "met"),
            _target("2.1", "no_data"),
            _target("2.2", "met", provisional=False),
            _target("2.2", "not_met", provisional=False),
        ],
    )
    assert verdicts.city_targets(data) == (2, 3, 2)
    assert (
        verdicts.city_targets_text(data)
        == "đạt 2/3 chỉ tiêu có số liệu (66,7%); 2 chỉ tiêu không có số liệu, không tính là đạt"
    )
    assert (
        verdicts.targets_text(data, tasks[0])
        == "đạt 1/1 chỉ tiêu có số liệu (chỉ tiêu tạm tính); 2 chỉ tiêu không có số liệu"
    )
    assert verdicts.task_status(tasks[0]) == "Đạt (trên chỉ tiêu có số liệu)"
    assert verdicts.targets_text(data, tasks[1]) == "đạt 1/2 chỉ tiêu có số liệu"
    assert verdicts.task_status(tasks[1]) == "Đạt một phần"


def test_only_tasks_with_evidence_are_ranked():
    tasks = [
        _task("2.1", 1, 0, 0, "met", rank=1),
        _task("2.2", 0, 1, 0, "not_met", evidence=False),
        _task("2.3", 0, 1, 0, "not_met", rank=2),
    ]
    data = _year(tasks, [])
    assert [r["task_code"] for r in verdicts.ranked(data)] == ["2.1", "2.3"]
    assert verdicts.rank_text(data, tasks[2]) == "hạng 2/2"
    assert verdicts.rank_text(data, tasks[1]) == "chưa đủ dữ liệu để xếp hạng"


def test_a_verdict_whose_interval_holds_the_target_says_so():
    text = verdicts.target_verdict(_target("2.9", "met", straddles=True))
    assert text == "Đạt; khoảng tin cậy 95% (52,0% – 68,0%) chứa chỉ tiêu: mẫu khảo sát chưa đủ để kết luận (tạm tính)"
    assert verdicts.target_verdict(_target("2.9", "not_met", provisional=False)) == "Chưa đạt"


def test_findings_group_the_same_sentence_with_units_named():
    rows = [
        {
            "unit_name": "Văn phòng",
            "task_code": "2.10",
            "proposals": "Bổ sung kinh phí truyền thông. Tập huấn kỹ năng.",
        },
        {"unit_name": "Phòng Học sinh, sinh viên", "task_code": "2.9", "proposals": "bổ sung  kinh phí truyền thông"},
        {"unit_name": "Văn phòng", "task_code": "2.9", "proposals": "Bổ sung kinh phí truyền thông!"},
        {"unit_name": "Phòng Giáo dục Phổ thông", "task_code": "2.4", "proposals": None},
    ]
    found = findings.group(rows, "proposals")
    assert [f.sentence() for f in found] == [
        "Bổ sung kinh phí truyền thông (Văn phòng, Phòng Học sinh, sinh viên; nhiệm vụ 2.9, 2.10).",
        "Tập huấn kỹ năng (Văn phòng; nhiệm vụ 2.10).",
    ]


def test_quarantine_reasons_in_vietnamese():
    assert caveats.reason_vi("Số lượng: expected a number such as 12.500 or 38,5%, got '3 clip'") == (
        "Số lượng: cần một số như 12.500 hoặc 38,5%, nhận được '3 clip'"
    )
    assert caveats.reason_vi(
        "published 05/09/2025, outside every reporting window the warehouse knows (15/09/2025 to 14/09/2030)"
    ) == ("Đăng ngày 05/09/2025, ngoài mọi kỳ báo cáo của kho dữ liệu (15/09/2025 đến 14/09/2030)")
    assert caveats.reason_vi(
        "same content as unit_reports/a.xlsx (received earlier): the copy is not loaded again"
    ) == ("Trùng nội dung với tệp unit_reports/a.xlsx (nhận trước): bản sao không được nạp lại")
    # A form not known here is printed as written, marked, never half translated.
    assert (
        caveats.reason_vi("sheet 'X' cannot be read (KeyError)")
        == "Chi tiết (tiếng Anh): sheet 'X' cannot be read (KeyError)"
    )
    row = caveats.vietnamese_row(
        {"family": "press", "action": "row_rejected", "reason": "expected a whole number, got 1.5", "entries": 2}
    )
    assert row == {
        "family": "Dữ liệu báo chí",
        "action": "Loại dòng",
        "reason": "Cần một số nguyên, nhận được 1.5",
        "entries": 2,
    }
