"""The inbox sensor: which runs a new, corrected or merely touched file asks for.

Periods come from the files' content: the workbook below is named "2026-Q2_..." but its
`Kỳ báo cáo` cell says Quý I/2026, so its run is for 2026-Q1, not 2026-Q2.
"""

import datetime as dt
import json
import os
from pathlib import Path

import dagster as dg

from orchestration.defs.operations.sensors import current_period, inbox_sensor
from orchestration.defs.warehouse import Warehouse
from orchestration.warehouse.inbox_changes import periods_of
from tests.unit.workbooks import ACTIVITY_HEADER, Report, info, write_report

PRESS_HEADER = "ma_tin,ngay_dang,co_quan_bao_chi,loai_hinh,the_loai,tieu_de,tom_tat,url,sac_thai,luot_xem\n"


def _activity(task: str) -> list[object]:
    # One row per ACTIVITY_HEADER column: STT, task, form, description, date, quantity, ...
    row: list[object] = [1, task, "Bài viết", "Bài viết về chuyển đổi số", "10/02/2026", 2]
    return row + [None] * (len(ACTIVITY_HEADER) - len(row))


def _unit_report(inbox: Path, name: str, period: str, task: str = "2.9") -> Path:
    return write_report(inbox / "unit_reports" / name, Report(info=info(period=period), activities=[_activity(task)]))


def _press(inbox: Path, name: str, lines: str) -> Path:
    path = inbox / "media" / "press" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PRESS_HEADER + lines, encoding="utf-8")
    return path


def _tick(inbox: Path, cursor: str | None):
    context = dg.build_sensor_context(cursor=cursor, resources={"warehouse": Warehouse(path="", inbox=str(inbox))})
    result = inbox_sensor(context)
    return result, context.cursor


def _requests(result) -> list[tuple[str, str | None, str]]:
    requests = result if isinstance(result, list) else []
    return [(r.job_name, r.partition_key, r.run_key) for r in requests]


def test_period_is_read_from_the_workbook_not_its_name(tmp_path):
    _unit_report(tmp_path, "2026-Q2_HSSV_Phong-Hoc-sinh-sinh-vien.xlsx", "Quý I/2026")
    assert periods_of(tmp_path, "unit_reports/2026-Q2_HSSV_Phong-Hoc-sinh-sinh-vien.xlsx") == {"2026-Q1"}


def test_press_file_periods_come_from_publish_dates(tmp_path):
    # 14/12/2025 23:59 is the last minute of 2025-Q4; 15/12/2025 00:00 opens 2026-Q1.
    _press(
        tmp_path,
        "thang-12.csv",
        "A1,14/12/2025 23:59,Tuổi Trẻ,Báo điện tử,Tin,Khai giảng,,https://tuoitre.vn/a,,\n"
        "A2,15/12/2025 00:00,Tuổi Trẻ,Báo điện tử,Tin,Học phí,,https://tuoitre.vn/b,,\n",
    )
    assert periods_of(tmp_path, "media/press/thang-12.csv") == {"2025-Q4", "2026-Q1"}


def test_first_tick_records_the_inbox_without_running(tmp_path):
    _unit_report(tmp_path, "a.xlsx", "Quý IV/2025")
    result, cursor = _tick(tmp_path, None)
    assert isinstance(result, dg.SkipReason)
    assert list(json.loads(cursor)) == ["unit_reports/a.xlsx"]


def test_new_report_runs_its_period_once_and_a_touch_runs_nothing(tmp_path):
    _unit_report(tmp_path, "a.xlsx", "Quý IV/2025")
    _, cursor = _tick(tmp_path, None)
    new = _unit_report(tmp_path, "b.xlsx", "Quý I/2026")

    result, cursor = _tick(tmp_path, cursor)
    [(job, partition, run_key)] = _requests(result)
    assert (job, partition) == ("quarterly_refresh", "2026-Q1")

    # Same bytes, new modification time: not a change.
    later = new.stat().st_mtime + 60
    os.utime(new, (later, later))
    result, cursor = _tick(tmp_path, cursor)
    assert isinstance(result, dg.SkipReason)

    # A corrected file (different bytes) is a new run with a different key.
    _unit_report(tmp_path, "b.xlsx", "Quý I/2026", task="2.8")
    result, _ = _tick(tmp_path, cursor)
    [(job, partition, corrected_key)] = _requests(result)
    assert (job, partition) == ("quarterly_refresh", "2026-Q1")
    assert corrected_key != run_key


def test_same_bytes_give_the_same_run_key_so_dagster_never_runs_them_twice(tmp_path):
    report = _unit_report(tmp_path / "source", "b.xlsx", "Quý I/2026").read_bytes()
    keys = []
    for inbox in (tmp_path / "one", tmp_path / "two"):
        inbox.mkdir()
        _, cursor = _tick(inbox, None)
        (inbox / "unit_reports").mkdir()
        (inbox / "unit_reports" / "b.xlsx").write_bytes(report)
        result, _ = _tick(inbox, cursor)
        keys.append(_requests(result)[0][2])
    assert keys[0] == keys[1]


def test_press_file_runs_the_unpartitioned_refresh_tagged_with_its_periods(tmp_path):
    _, cursor = _tick(tmp_path, None)
    _press(
        tmp_path,
        "thang-01.csv",
        "B1,10/01/2026 08:00,Thanh Niên,Báo điện tử,Tin,Sách giáo khoa,,https://thanhnien.vn/b,,\n",
    )
    result, _ = _tick(tmp_path, cursor)
    [request] = result
    assert (request.job_name, request.partition_key) == ("inbox_refresh", None)
    assert request.tags["periods"] == "2026-Q1"


def test_unreadable_report_goes_with_the_current_period(tmp_path):
    _, cursor = _tick(tmp_path, None)
    broken = tmp_path / "unit_reports" / "hong.xlsx"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    result, _ = _tick(tmp_path, cursor)
    [(job, partition, _)] = _requests(result)
    assert (job, partition) == ("quarterly_refresh", current_period())


def test_current_period_by_hanoi_date():
    assert current_period(dt.date(2026, 3, 14)) == "2026-Q1"
    assert current_period(dt.date(2026, 3, 15)) == "2026-Q2"
    assert current_period(dt.date(2020, 1, 1)) == "2025-Q4"  # before the plan: its first period


def test_a_link_out_of_the_inbox_is_noticed_but_never_read(tmp_path):
    secret = tmp_path / "outside" / "secret.xlsx"
    secret.parent.mkdir()
    secret.write_bytes(b"not for the warehouse")
    inbox = tmp_path / "inbox"
    (inbox / "unit_reports").mkdir(parents=True)
    _, cursor = _tick(inbox, None)
    (inbox / "unit_reports" / "link.xlsx").symlink_to(secret)
    result, cursor = _tick(inbox, cursor)
    # A run is asked for, so that the reader records the refusal of the link in quarantine ...
    [(job, partition, _)] = _requests(result)
    assert (job, partition) == ("quarterly_refresh", current_period())
    # ... and the state kept is the link's target name, not a hash of the outside file's bytes.
    import hashlib

    state = json.loads(cursor)["unit_reports/link.xlsx"]
    assert state[2] == "not-read:" + hashlib.sha256(str(secret).encode()).hexdigest()
