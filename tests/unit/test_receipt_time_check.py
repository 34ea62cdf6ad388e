"""The warning check on receipt times taken from files' modification times."""

import datetime as dt

import duckdb

from orchestration.defs.unit_reports.checks import implausible_file_times

HCM = dt.timezone(dt.timedelta(hours=7))


def test_file_times_after_the_run_began_or_long_after_the_deadline_are_flagged(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("""
        create schema marts;
        create table marts.mart_reporting_compliance as
            select * from (values ('2026-Q1', 'quarterly', date '2026-03-15'),
                                  ('2026-Q2', 'quarterly', date '2026-06-15'),
                                  ('2026-Q2', 'year_end', date '2026-06-15')) t(period_key, report_kind, deadline);
        create table marts.mart_unit_report_submissions (
            source_file varchar, unit_name varchar, period_key varchar, report_kind varchar,
            received_at timestamptz, received_at_source varchar);
    """)
    rows = [
        # From the receipt log: never flagged.
        ("a.xlsx", "Văn phòng", "2026-Q1", "quarterly", dt.datetime(2026, 12, 7, 9, 0, tzinfo=HCM), "receipt_log"),
        # The file's time, 5 days late: plausible.
        ("b.xlsx", "Xã Cần Giờ", "2026-Q1", "quarterly", dt.datetime(2026, 3, 19, 11, 45, tzinfo=HCM), "file_time"),
        # Deadline 15/03/2026 + 90 days = 13/06/2026: that day is still plausible, the 14th is not.
        (
            "c.xlsx",
            "Phường Bến Thành",
            "2026-Q1",
            "quarterly",
            dt.datetime(2026, 6, 13, 23, 0, tzinfo=HCM),
            "file_time",
        ),
        ("d.xlsx", "Phường Sài Gòn", "2026-Q1", "quarterly", dt.datetime(2026, 6, 14, 8, 0, tzinfo=HCM), "file_time"),
        # The run began 20/06/2026 10:00: saved 90 s before it is plausible; 30 s before it, or
        # after it, is not (a copy or checkout made just then).
        (
            "e.xlsx",
            "Đặc khu Côn Đảo",
            "2026-Q2",
            "quarterly",
            dt.datetime(2026, 6, 20, 9, 58, 30, tzinfo=HCM),
            "file_time",
        ),
        (
            "f.xlsx",
            "Phường Thủ Dầu Một",
            "2026-Q2",
            "quarterly",
            dt.datetime(2026, 6, 20, 9, 59, 30, tzinfo=HCM),
            "file_time",
        ),
        ("g.xlsx", "Xã Bình Khánh", "2026-Q2", "quarterly", dt.datetime(2026, 6, 20, 10, 2, tzinfo=HCM), "file_time"),
    ]
    con.executemany("insert into marts.mart_unit_report_submissions values (?, ?, ?, ?, ?, ?)", rows)
    run_started = dt.datetime(2026, 6, 20, 10, 0, tzinfo=HCM)
    flagged = implausible_file_times(con, run_started - dt.timedelta(minutes=1)).to_dicts()
    assert [(r["source_file"], r["received_at_hanoi"], r["why"]) for r in flagged] == [
        ("d.xlsx", "14/06/2026 08:00", "more than 90 days after the deadline"),
        ("f.xlsx", "20/06/2026 09:59", "after the run began"),
        ("g.xlsx", "20/06/2026 10:02", "after the run began"),
    ]
