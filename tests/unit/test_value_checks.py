"""Values that are not what they say: Excel error values, bounds per field, report windows, receipt
times in the future of the run. Each expected value is worked out by hand from the input written."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import fastexcel
import pytest
import xlsxwriter

from orchestration.domain.dates import HCM, DateFormatError, parse_date
from orchestration.domain.excel_errors import calamine_error_token, excel_error, unreadable_error_token
from orchestration.domain.numbers import NumberFormatError, parse_count, parse_number
from orchestration.domain.periods import parse_declared_period, report_window
from orchestration.domain.reference import PROJECT_ROOT
from orchestration.domain.value_bounds import bound, bound_problem
from orchestration.formats.excel import load_sheet_rows
from orchestration.readers.unit_report import CLOCK_TOLERANCE, read_receipts
from tests.badinput.corpus import raw_xlsx
from tests.unit.workbooks import write_receipts

# ---------------------------------------------------------------- Excel error values


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("#REF!", "#REF!"),
        (" #ref! ", "#REF!"),
        ("#N/A", "#N/A"),
        ("#div/0!", "#DIV/0!"),
        ("#NAME?", "#NAME?"),
        ("#GETTING_DATA", "#GETTING_DATA"),
        ("#SPILL!", "#SPILL!"),
        ("#REF", None),
        ("#1", None),
        ("REF!", None),
        ("Bài #REF!", None),
        (None, None),
        (12, None),
    ],
)
def test_excel_error_text(text, token):
    assert excel_error(text) == token


def test_calamine_names():
    assert calamine_error_token("Expected string but got 'Error(Div0)'") == "#DIV/0!"
    assert calamine_error_token("Expected float but got 'Error(NA)'") == "#N/A"
    assert calamine_error_token("Expected int but got 'String(\"x\")'") is None
    assert unreadable_error_token("Xlsx error: Unsupported cell error value '#CALC!'") == "#CALC!"


@pytest.mark.parametrize("parse", [parse_number, parse_count])
def test_numbers_name_the_excel_error(parse):
    with pytest.raises(NumberFormatError, match=r"Excel error #DIV/0! \(a division by zero\)"):
        parse("#DIV/0!")


def test_dates_name_the_excel_error():
    with pytest.raises(DateFormatError, match=r"Excel error #VALUE!"):
        parse_date("#VALUE!")


def test_a_period_cell_holding_an_error():
    with pytest.raises(ValueError, match=r"Excel error #REF!"):
        parse_declared_period("#REF!")


def test_error_cells_are_read_as_their_text(tmp_path: Path):
    """calamine gives an error cell as null beside a cell error; the sheet's values carry its text,
    in the cell's place (the grid starts at the first used column, B here, and at row 1)."""
    path = tmp_path / "errors.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("S")
    ws.write_string(2, 1, "đầu")  # B3
    ws.write_formula(2, 2, "=1/0", None, "#DIV/0!")  # C3
    ws.write_formula(4, 3, "=X", None, "#NAME?")  # D5
    ws.write_number(4, 1, 5)  # B5
    book.close()
    batch = load_sheet_rows(fastexcel.read_excel(str(path)), "S", eager=True)
    columns = [c.to_pylist() for c in batch.columns]
    assert columns == [
        [None, None, "đầu", None, "5"],
        [None, None, "#DIV/0!", None, None],
        [None, None, None, None, "#NAME?"],
    ]


def test_an_error_calamine_cannot_read_names_the_sheet_and_error():
    from orchestration.formats.excel import WorkbookError

    data = raw_xlsx({"Số liệu": '<row r="1"><c r="A1" t="e"><v>#CALC!</v></c></row>'})
    with pytest.raises(WorkbookError, match=r"sheet 'Số liệu' cannot be read: .*Excel error #CALC!"):
        load_sheet_rows(fastexcel.read_excel(data), "Số liệu")


# ---------------------------------------------------------------- bounds per field


def test_a_bound_names_value_bound_and_reason():
    quantity = bound("unit_reports", "quantity")
    assert (quantity.minimum, quantity.maximum) == (0, 10_000)
    assert bound_problem("unit_reports", "quantity", 10_000) is None
    assert bound_problem("unit_reports", "quantity", None) is None
    assert bound_problem("unit_reports", "quantity", 10_000.5) == (
        f"Số lượng 10000.5 is above 10,000, the most this field can mean: {quantity.reason} "
        "(bounds: dbt_project/seeds/ref_value_bounds.csv)"
    )
    assert bound_problem("unit_reports", "quantity", float("1" + "0" * 307)).startswith(
        "Số lượng 1e+307 is above 10,000"
    )
    assert bound_problem("infrastructure", "classrooms", -1).startswith("classrooms -1 is below 0, the least")


def test_an_unknown_field_is_an_error():
    with pytest.raises(KeyError, match="no bound for press.luot_xem"):
        bound("press", "luot_xem")  # the reader's column is `views`


# The raw table and column each bounded field is loaded into (the long format's population goes
# into a band's column, bounded there).
_TABLE = {
    ("unit_reports", "quantity"): "unit_report_activities",
    ("unit_reports", "reach"): "unit_report_activities",
    ("unit_reports", "engagement"): "unit_report_activities",
    **{
        ("infrastructure", f): "ward_statistics"
        for f in (
            "population_3_5",
            "population_6_10",
            "population_11_14",
            "population_15_17",
            "schools",
            "schools_meeting_standard",
            "classrooms",
        )
    },
    **{
        ("infrastructure", f): "classroom_projects"
        for f in ("classrooms_planned", "classrooms_delivered", "investment_vnd")
    },
    ("press", "views"): "press_items",
    **{
        ("fanpage", f): "fanpage_posts"
        for f in ("views", "reach", "engagement", "reactions", "comments", "shares", "clicks")
    },
    **{("web", f): "web_pageviews" for f in ("views", "active_users", "new_users", "event_count")},
}


def test_the_great_expectations_suites_agree_with_the_seed():
    rows = list(csv.DictReader((PROJECT_ROOT / "dbt_project/seeds/ref_value_bounds.csv").open(encoding="utf-8")))
    checked = 0
    for row in rows:
        key = (row["family"], row["field"])
        if key == ("infrastructure", "population"):
            continue
        spec = json.loads((PROJECT_ROOT / "expectations" / f"{_TABLE[key]}.json").read_text(encoding="utf-8"))
        [kwargs] = [
            e["kwargs"]
            for e in spec["expectations"]
            if e["type"] == "expect_column_values_to_be_between" and e["kwargs"]["column"] == row["field"]
        ]
        assert (kwargs["min_value"], kwargs["max_value"]) == (float(row["minimum"]), float(row["maximum"])), key
        checked += 1
    assert checked == len(_TABLE) == 25


# ---------------------------------------------------------------- windows and receipt times


def test_report_windows():
    q1 = report_window(parse_declared_period("Quý I/2026"))
    assert (q1.start, q1.end, q1.label) == (dt.date(2025, 12, 15), dt.date(2026, 3, 14), "Quý I/2026")
    year = report_window(parse_declared_period("Tổng kết năm học 2025-2026"))
    assert (year.start, year.end, year.label) == (dt.date(2025, 9, 15), dt.date(2026, 6, 14), "năm học 2025-2026")
    assert report_window(parse_declared_period("Đột xuất")) is None  # what arose, whenever: no window
    assert q1.problem(dt.date(2026, 3, 14)) is None
    assert "outside the report's window, 15/12/2025 .. 14/03/2026 (Quý I/2026)" in q1.problem(dt.date(2028, 2, 29))


def test_receipt_times_after_the_run_are_refused(tmp_path: Path):
    now = dt.datetime(2026, 3, 20, 12, 0, tzinfo=HCM)
    write_receipts(
        tmp_path,
        [
            ("a.xlsx", "2026-03-20T18:00:00+07:00"),  # six hours ahead: a clock or zone slip, kept
            ("b.xlsx", "2026-03-21T12:00:00+07:00"),  # exactly the tolerance ahead: kept
            ("c.xlsx", "2026-03-21T12:00:01+07:00"),  # past it: refused
            ("d.xlsx", "2099-01-01T08:00:00+07:00"),
        ],
    )
    receipts = read_receipts(tmp_path, now=now)
    assert CLOCK_TOLERANCE == dt.timedelta(days=1)
    assert sorted(receipts.times) == ["a.xlsx", "b.xlsx"]
    refused = [r.as_row() for r in receipts.rejects]
    assert [(r["source_row"], r["raw_value"], r["action"]) for r in refused] == [
        (4, "2026-03-21T12:00:01+07:00", "row_rejected"),
        (5, "2099-01-01T08:00:00+07:00", "row_rejected"),
    ]
    assert "in the future of this run (20/03/2026 12:00)" in refused[1]["reason"]
