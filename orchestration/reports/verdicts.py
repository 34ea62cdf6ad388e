"""The verdicts the three reports print, worded once so that they say the same thing everywhere.

- A target without data is "không có số liệu", never met. Shares of targets met count only the
  targets that have data (met + not met): one denominator in every report.
- A task is ranked only on enough evidence (mart_task_year.ranking_evidence); the others are
  "chưa đủ dữ liệu để xếp hạng".
- A target the Office has not confirmed is "tạm tính" beside every verdict that uses it; a
  survey share whose 95% interval holds the target says that the sample cannot decide.
"""

from __future__ import annotations

from orchestration.reports.data import Row, YearData
from orchestration.reports.labels import TARGET_STATUS, measure_value, number, percent

NOT_RANKED = "chưa đủ dữ liệu để xếp hạng"
PROVISIONAL = "tạm tính"
ASSESSED = ("met", "not_met")


def assessable(row: Row) -> int:
    return int(row["targets_met"] or 0) + int(row["targets_not_met"] or 0)


def met_text(row: Row) -> str:
    """'2/3' over the targets with data."""
    return f"{number(row['targets_met'])}/{number(assessable(row))}"


def provisional_used(data: YearData, task_code: str) -> bool:
    return any(t["target_provisional"] for t in data.targets_of(task_code) if t["target_status"] in ASSESSED)


def targets_text(data: YearData, row: Row) -> str:
    """'đạt 2/3 chỉ tiêu có số liệu (chỉ tiêu tạm tính); 1 chỉ tiêu không có số liệu'."""
    if not row["targets_set"]:
        return TARGET_STATUS["no_target"].lower()
    text = f"đạt {met_text(row)} chỉ tiêu có số liệu" if assessable(row) else "chưa chỉ tiêu nào có số liệu"
    if provisional_used(data, row["task_code"]):
        text += f" (chỉ tiêu {PROVISIONAL})"
    if row["targets_no_data"]:
        text += f"; {number(row['targets_no_data'])} chỉ tiêu không có số liệu"
    return text


def task_status(row: Row) -> str:
    """The task's status word; 'Đạt' only over targets with data, and it says so when some had none."""
    status = TARGET_STATUS[row["target_status"]]
    if row["target_status"] in ("met", "partly_met", "not_met") and row["targets_no_data"]:
        status += " (trên chỉ tiêu có số liệu)"
    return status


def target_verdict(t: Row) -> str:
    """One target's status, with the interval and the provisional mark where they apply."""
    text = TARGET_STATUS[t["target_status"]]
    if t["interval_straddles_target"]:
        text += (
            f"; khoảng tin cậy 95% ({percent(t['ci_low'])} – {percent(t['ci_high'])}) chứa chỉ tiêu: "
            "mẫu khảo sát chưa đủ để kết luận"
        )
    if t["target_provisional"] and t["target_status"] != "no_target":
        text += f" ({PROVISIONAL})"
    return text


def target_line(t: Row) -> str:
    """'3 (chỉ tiêu ≥ 4)' for a target's actual value and its target."""
    sign = {"at_least": "≥", "at_most": "≤"}.get(t["comparison"], "")
    return f"{measure_value(t['measure'], t['actual_value'])} (chỉ tiêu {sign} {measure_value(t['measure'], t['target_value'])})"


def ranked(data: YearData) -> list[Row]:
    """The tasks with enough evidence, best first."""
    return sorted((r for r in data.task_year if r["ranking_evidence"]), key=lambda r: r["evidence_rank"])


def not_ranked(data: YearData) -> list[Row]:
    return [r for r in data.task_year if not r["ranking_evidence"]]


def rank_text(data: YearData, row: Row) -> str:
    if not row["ranking_evidence"]:
        return NOT_RANKED
    return f"hạng {number(row['evidence_rank'])}/{number(len(ranked(data)))}"


def city_targets(data: YearData) -> tuple[int, int, int]:
    """(met, with data, without data) over every task: the sector's one denominator."""
    met = sum(int(r["targets_met"] or 0) for r in data.task_year)
    with_data = sum(assessable(r) for r in data.task_year)
    no_data = sum(int(r["targets_no_data"] or 0) for r in data.task_year)
    return met, with_data, no_data


def city_targets_text(data: YearData) -> str:
    met, with_data, no_data = city_targets(data)
    share = f" ({percent(met / with_data)})" if with_data else ""
    text = f"đạt {number(met)}/{number(with_data)} chỉ tiêu có số liệu{share}"
    if no_data:
        text += f"; {number(no_data)} chỉ tiêu không có số liệu, không tính là đạt"
    return text
