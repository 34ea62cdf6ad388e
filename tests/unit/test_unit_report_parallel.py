"""Unit reports read by worker processes give what one process gives, batch for batch.

One inbox of six workbooks, read once by a pool of two spawned processes (one pool start for the
module) and once in this process, in batches of 2 workbooks. A batch of 2 is handed out in two
parts of 1 (ceil(2 / 2) workbooks per part), so the duplicate pair (a_ben_thanh_q4 first,
e_ban_sao fifth) falls in different batches and parts, read by whichever worker takes them; the
six parts are as many as the pool is given at once (three per worker), so the sixth waits for
the first to be handed back. Expected values are worked out from the rows each workbook is
written with (banner in row 1, header in row 3, data from row 4).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polars as pl
import pytest

from orchestration.readers import ReadResult
from orchestration.readers.unit_report import read_unit_reports_in_batches
from orchestration.readers.workers import MAX_DEFAULT_WORKERS, MIN_PARALLEL_FILES, read_workers, workers_for
from tests.unit.workbooks import Report, info, write_receipts, write_report

A, B, C, D, E, F = (
    f"unit_reports/{n}.xlsx"
    for n in ("a_ben_thanh_q4", "b_hssv_q4", "c_khong_phai_workbook", "d_xuan_hoa_q1", "e_ban_sao", "f_tong_ket")
)


def activity(task: str, stt: int, **cells: object) -> list[object]:
    """A HoatDong row in the template's column order; unnamed cells are blank."""
    order = ["stt", "task", "form", "channel", "title", "date", "quantity", "reach", "engagement", "link", "note"]
    values = {"stt": stt, "task": task, "form": "Tin bài", "title": "Hoạt động", **cells}
    return [values.get(name) for name in order]


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inbox = tmp_path_factory.mktemp("parallel") / "inbox"
    folder = inbox / "unit_reports"
    write_report(
        inbox / A,
        Report(
            info=info(),
            activities=[
                activity("2.4", 1, quantity=3),  # row 4: loaded
                activity("2.16", 2),  # row 5: no task 2.16: rejected
                activity("2.5", 3, reach=1200),  # row 6: loaded, quantity left blank = 1
            ],
        ),
    )
    write_report(
        inbox / B,
        Report(
            info=info(unit="Phòng HSSV"), activities=[activity("2.1", 1, quantity=2)], assessments=[[1, "2.1", "90%"]]
        ),
    )
    (folder / "c_khong_phai_workbook.xlsx").write_bytes(b"ten,so\nBen Thanh,3\n")
    write_report(
        inbox / D,
        Report(
            info=info(unit="Phường 6, Quận 3", period="Quý I/2026", sent="20/03/2026"),
            activities=[activity("2.7", 1), activity("2.8", 2)],
        ),
    )
    shutil.copy(inbox / A, inbox / E)
    write_report(
        inbox / F,
        Report(info=info(period="Tổng kết năm học 2025-2026", sent="10/06/2026"), activities=[activity("2.1", 1)]),
    )
    write_receipts(
        inbox,
        [
            ("a_ben_thanh_q4.xlsx", "2025-12-10T08:00:00+07:00"),
            ("b_hssv_q4.xlsx", "2025-12-11T08:00:00+07:00"),
            ("c_khong_phai_workbook.xlsx", "2025-12-12T08:00:00+07:00"),
            ("d_xuan_hoa_q1.xlsx", "2026-03-20T08:00:00+07:00"),
            ("e_ban_sao.xlsx", "2026-03-21T08:00:00+07:00"),
            ("f_tong_ket.xlsx", "2026-06-10T08:00:00+07:00"),
            ("ghost.xlsx", "10/06/2026"),  # line 8: not ISO 8601
        ],
    )
    return inbox


@pytest.fixture(scope="module")
def in_workers(inbox: Path) -> list[ReadResult]:
    return list(read_unit_reports_in_batches(inbox, batch_size=2, workers=2))


@pytest.fixture(scope="module")
def in_process(inbox: Path) -> list[ReadResult]:
    return list(read_unit_reports_in_batches(inbox, batch_size=2, workers=1))


def test_workers_give_the_same_batches_as_one_process(
    in_workers: list[ReadResult], in_process: list[ReadResult]
) -> None:
    assert len(in_workers) == len(in_process) == 3
    for parallel, alone in zip(in_workers, in_process, strict=True):
        assert list(parallel.file_counts.items()) == list(alone.file_counts.items())
        assert parallel.rejects.equals(alone.rejects)
        assert parallel.tables.keys() == alone.tables.keys()
        for name, frame in parallel.tables.items():
            assert frame.schema == alone.tables[name].schema, name
            assert frame.equals(alone.tables[name]), name


def test_batches_counts_and_rejects_worked_out_by_hand(in_workers: list[ReadResult]) -> None:
    first, second, third = in_workers
    # a: HoatDong rows 4, 5, 6 read, 4 and 6 loaded, 5 rejected; b: one activity and one
    # assessment; c: a CSV under an Excel name, refused whole; e: a's bytes, refused whole.
    assert list(first.file_counts.items()) == [(A, (3, 2, 1)), (B, (2, 2, 0))]
    assert list(second.file_counts.items()) == [(C, (0, 0, 0)), (D, (2, 2, 0))]
    assert list(third.file_counts.items()) == [(E, (0, 0, 0)), (F, (1, 1, 0))]

    # The receipt log's reject leads the first batch, then the files' in receipt order.
    assert first.rejects.select("source_file", "source_row", "source_column", "action").rows() == [
        ("unit_reports/_received.csv", 8, "received_at", "row_rejected"),
        (A, 5, "Nhiệm vụ", "row_rejected"),
    ]
    assert second.rejects.select("source_file", "source_row", "action").rows() == [(C, None, "file_rejected")]
    assert "really CSV" in second.rejects["reason"][0]
    copy = third.rejects.row(0, named=True)
    assert third.rejects.height == 1 and copy["source_file"] == E and copy["action"] == "file_rejected"
    assert copy["reason"].startswith(f"same content as {A} (received earlier)")

    submissions = pl.concat([b.tables["unit_report_submissions"] for b in in_workers])
    assert submissions.select("source_file", "unit_code", "report_kind", "period_key").rows() == [
        (A, "26743", "quarterly", "2025-Q4"),
        (B, "HSSV", "quarterly", "2025-Q4"),
        (D, "27139", "quarterly", "2026-Q1"),
        (F, "26743", "year_end", "2026-Q2"),
    ]
    activities = first.tables["unit_report_activities"]  # a's part, then b's
    assert activities.select("source_file", "source_row", "task_code", "quantity", "reach").rows() == [
        (A, 4, "2.4", 3.0, None),
        (A, 6, "2.5", 1.0, 1200),
        (B, 4, "2.1", 2.0, None),
    ]
    assert first.tables["unit_report_assessments"].select("source_file", "completion_pct").rows() == [(B, 90.0)]
    assert second.tables["unit_report_activities"]["source_file"].to_list() == [D, D]
    assert third.tables["unit_report_activities"]["source_file"].to_list() == [F]


# ---------------------------------------------------------------- the setting


def test_default_is_the_cpus_this_process_may_use_capped() -> None:
    expected = min(len(os.sched_getaffinity(0)), MAX_DEFAULT_WORKERS)
    assert read_workers("") == read_workers("  ") == expected


@pytest.mark.parametrize(("value", "workers"), [("1", 1), (" 3 ", 3), ("12", 12)])
def test_explicit_values(value: str, workers: int) -> None:
    assert read_workers(value) == workers  # an explicit value above the default's cap is taken as asked


@pytest.mark.parametrize("value", ["0", "-2", "two", "1.5", "２"])
def test_bad_values_are_refused_with_what_is_expected(value: str) -> None:
    with pytest.raises(
        ValueError, match=r"WAREHOUSE_READ_WORKERS=.*expected a whole number of reading processes, 1 or more"
    ):
        read_workers(value)


def test_small_reads_stay_in_process_and_a_bad_value_fails_even_then() -> None:
    assert MIN_PARALLEL_FILES == 300
    assert workers_for(299, "4") == 1
    assert workers_for(300, "4") == 4
    assert workers_for(5000, "1") == 1
    with pytest.raises(ValueError, match="'many'"):
        workers_for(3, "many")


def test_no_setting_reads_a_small_inbox_in_this_process(inbox: Path) -> None:
    # 6 workbooks, under MIN_PARALLEL_FILES: read in this process, in one batch.
    (batch,) = read_unit_reports_in_batches(inbox)
    assert list(batch.file_counts) == [A, B, C, D, E, F]
