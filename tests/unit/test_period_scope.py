"""Which periods a period-scoped model rebuilds (orchestration/defs/transform/period_scope.py), on
a real DuckDB file and a small hand-made manifest:

    raw.views  -> staging.stg_views  (view, period_key) ---------\\
    raw.clicks -> staging.stg_clicks (view, period-preserving) ---+--> int_views (period-scoped) -> int_totals (period-scoped) -> marts.mart_totals
    raw.labels -> staging.stg_labels (view, no period) ----------/
"""

from __future__ import annotations

import duckdb
import pytest

from orchestration.defs.transform import period_scope, scope


def _node(name: str, schema: str, materialized: str, period_scoped: bool = False, preserving: bool = False) -> dict:
    config = {"materialized": materialized}
    if period_scoped:
        config["meta"] = {period_scope.PERIOD_META: True}
    if preserving:
        config["meta"] = {period_scope.PERIOD_PRESERVING_META: True}
    return {"resource_type": "model", "name": name, "alias": name, "schema": schema, "config": config}


MANIFEST = scope.Manifest(
    {
        "sources": {
            "source.p.raw.views": {"source_name": "raw", "name": "views", "schema": "raw", "identifier": "views"},
            "source.p.raw.labels": {"source_name": "raw", "name": "labels", "schema": "raw", "identifier": "labels"},
            "source.p.raw.clicks": {"source_name": "raw", "name": "clicks", "schema": "raw", "identifier": "clicks"},
        },
        "nodes": {
            "model.p.stg_views": _node("stg_views", "staging", "view"),
            "model.p.stg_labels": _node("stg_labels", "staging", "view"),
            "model.p.stg_clicks": _node("stg_clicks", "staging", "view", preserving=True),
            "model.p.int_views": _node("int_views", "intermediate", "incremental", period_scoped=True),
            "model.p.int_totals": _node("int_totals", "intermediate", "incremental", period_scoped=True),
            "model.p.mart_totals": _node("mart_totals", "marts", "table"),
        },
        "parent_map": {
            "model.p.stg_views": ["source.p.raw.views"],
            "model.p.stg_labels": ["source.p.raw.labels"],
            "model.p.stg_clicks": ["source.p.raw.clicks"],
            "model.p.int_views": ["model.p.stg_views", "model.p.stg_labels", "model.p.stg_clicks"],
            "model.p.int_totals": ["model.p.int_views"],
            "model.p.mart_totals": ["model.p.int_totals"],
        },
        "child_map": {
            "source.p.raw.views": ["model.p.stg_views"],
            "source.p.raw.labels": ["model.p.stg_labels"],
            "source.p.raw.clicks": ["model.p.stg_clicks"],
            "model.p.stg_views": ["model.p.int_views"],
            "model.p.stg_labels": ["model.p.int_views"],
            "model.p.stg_clicks": ["model.p.int_views"],
            "model.p.int_views": ["model.p.int_totals"],
            "model.p.int_totals": ["model.p.mart_totals"],
        },
    }
)


def _decide(con) -> tuple[scope.Scope, period_scope.PeriodPlan]:
    plan = scope.decide(con, MANIFEST, "d1")
    return plan, period_scope.decide(con, MANIFEST, plan)


def _built(con) -> None:
    """What the dbt asset does after a successful build."""
    plan, periods = _decide(con)
    scope.record(con, "d1", plan.fingerprints)
    period_scope.record(con, MANIFEST, periods, plan.full)


@pytest.fixture
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    for schema in ("raw", "staging", "intermediate", "marts"):
        con.execute(f"create schema {schema}")
    con.execute(
        "create table raw.views as select * from (values ('2025-Q4', '/a', 5), ('2025-Q4', '/b', 2), ('2026-Q1', '/a', 7)) as t(period_key, page, n)"
    )
    con.execute("create table raw.labels as select 'tin-tuc' as label")
    con.execute("create table raw.clicks as select * from (values ('2025-Q4', 4), ('2026-Q1', 9)) as t(period_key, n)")
    con.execute("create view staging.stg_clicks as select period_key, sum(n) as n from raw.clicks group by 1")
    con.execute("create view staging.stg_views as select period_key, page, n from raw.views")
    con.execute("create view staging.stg_labels as select label from raw.labels")
    # The models' tables as a first build leaves them (their contents do not matter here).
    for name in ("int_views", "int_totals"):
        con.execute(f"create table intermediate.{name} as select * from staging.stg_views")
    con.execute("create table marts.mart_totals as select * from intermediate.int_totals")
    _built(con)  # the first build: everything, and the record of each period
    yield con
    con.close()


def test_the_first_build_records_each_period_of_each_period_keyed_input(con):
    # stg_clicks preserves periods: its raw table is fingerprinted, not the view.
    assert con.execute(
        "select input, period, row_count from dbt_state.period_fingerprints order by 1, 2"
    ).fetchall() == [
        ("model:stg_views", "2025-Q4", 2),
        ("model:stg_views", "2026-Q1", 1),
        ("raw.clicks", "2025-Q4", 1),
        ("raw.clicks", "2026-Q1", 1),
    ]


def test_a_new_period_rebuilds_that_period_only_down_the_chain(con):
    con.execute("insert into raw.views values ('2026-Q2', '/a', 3), ('2026-Q2', '/c', 1)")
    plan, periods = _decide(con)
    assert sorted(plan.rebuild) == [
        "model.p.int_totals",
        "model.p.int_views",
        "model.p.mart_totals",
        "model.p.stg_views",
    ]
    # int_totals reads only int_views, which rebuilds 2026-Q2: so does it.
    assert periods.periods == {"int_views": ("2026-Q2",), "int_totals": ("2026-Q2",)}
    assert periods.whole == {}
    assert periods.plan_rows("p1") == [("p1", "int_totals", "2026-Q2"), ("p1", "int_views", "2026-Q2")]
    assert periods.describe() == ["int_totals rebuilds 2026-Q2 only", "int_views rebuilds 2026-Q2 only"]


def test_through_a_period_preserving_view_the_raw_tables_periods_count(con):
    con.execute("insert into raw.clicks values ('2026-Q1', 1)")  # 2026-Q1's clicks now 10
    plan, periods = _decide(con)
    assert "model.p.stg_views" not in plan.rebuild  # raw.views did not change
    assert periods.periods == {"int_views": ("2026-Q1",), "int_totals": ("2026-Q1",)}
    assert sorted(periods.fingerprints) == ["raw.clicks"]  # the view itself never ran


def test_a_corrected_row_in_an_earlier_period_rebuilds_that_period_too(con):
    con.execute("update raw.views set n = 6 where period_key = '2025-Q4' and page = '/a'")
    con.execute("insert into raw.views values ('2026-Q2', '/a', 3)")
    assert _decide(con)[1].periods["int_views"] == ("2025-Q4", "2026-Q2")


def test_a_period_whose_rows_all_went_is_rebuilt_so_that_its_rows_go(con):
    con.execute("delete from raw.views where period_key = '2026-Q1'")
    assert _decide(con)[1].periods["int_views"] == ("2026-Q1",)


def test_rows_without_a_period_are_a_period_of_their_own(con):
    con.execute("insert into raw.views values (null, '/x', 1)")
    periods = _decide(con)[1]
    assert periods.periods["int_views"] == ("",)
    assert periods.describe()[1] == "int_views rebuilds (no period) only"


def test_a_changed_input_without_periods_rebuilds_every_period(con):
    con.execute("insert into raw.labels values ('su-kien')")
    periods = _decide(con)[1]
    assert periods.periods == {}
    assert periods.whole == {
        "int_views": "stg_labels has no period_key",
        "int_totals": "int_views rebuilds every period",
    }
    assert periods.plan_rows("p1") == []  # no model limited to some periods


def test_an_input_never_recorded_rebuilds_every_period(con):
    con.execute("delete from dbt_state.period_fingerprints")
    con.execute("insert into raw.views values ('2026-Q2', '/a', 3)")
    assert _decide(con)[1].whole == {
        "int_views": "no per-period record of stg_views yet",
        "int_totals": "int_views rebuilds every period",
    }


def test_the_plan_is_written_for_one_build_under_a_token_of_its_own(con):
    con.execute("insert into raw.views values ('2026-Q2', '/a', 3)")
    decided = _decide(con)[1]
    first = period_scope.write_plan(con, decided)
    second = period_scope.write_plan(con, decided)
    assert len(first) == 32 and first != second
    # Only the last plan is kept (a plan a killed build left is never read again) ...
    assert con.execute("select plan, model, period from dbt_state.rebuild_periods order by model").fetchall() == [
        (second, "int_totals", "2026-Q2"),
        (second, "int_views", "2026-Q2"),
    ]
    # ... a model that rebuilds no period has a row without one, and a build of every period none.
    assert period_scope.PeriodPlan({"int_views": ()}).plan_rows("p") == [("p", "int_views", None)]
    assert period_scope.write_plan(con, period_scope.PeriodPlan()) is None
    assert con.execute("select count(*) from dbt_state.rebuild_periods").fetchone() == (0,)


def test_nothing_changed_decides_nothing(con):
    plan, periods = _decide(con)
    assert plan.nothing_to_build
    assert periods == period_scope.PeriodPlan()


def test_after_a_refresh_the_record_holds_the_new_periods(con):
    con.execute("insert into raw.views values ('2026-Q2', '/a', 3)")
    _built(con)
    assert con.execute(
        "select period, row_count from dbt_state.period_fingerprints where input = 'model:stg_views' order by 1"
    ).fetchall() == [("2025-Q4", 2), ("2026-Q1", 1), ("2026-Q2", 1)]
    # ... so that the next refresh, with nothing new, rebuilds nothing.
    assert _decide(con)[0].nothing_to_build


def test_the_record_holds_no_values(con):
    text_columns = con.execute(
        """select column_name from information_schema.columns
           where table_schema = 'dbt_state' and table_name = 'period_fingerprints' and data_type = 'VARCHAR'"""
    ).fetchall()
    assert text_columns == [("input",), ("period",)]


def test_a_build_of_everything_drops_the_period_scoped_tables_first(con):
    assert period_scope.drop_tables(con, MANIFEST) == [
        "intermediate.int_views",
        "intermediate.int_totals",
    ]  # build order
    assert con.execute(
        "select count(*) from information_schema.tables where table_schema = 'intermediate'"
    ).fetchone() == (0,)


def test_a_model_the_project_changed_rebuilds_every_period_and_its_table_is_recreated(con):
    # dbt's state comparison selects int_views (its SQL changed) and int_totals (downstream): the
    # rows int_views kept were computed by the old SQL, so no period of it is kept.
    con.execute("insert into raw.views values ('2026-Q2', '/a', 3)")
    modified = frozenset({"model.p.int_views", "model.p.int_totals", "model.p.mart_totals"})
    plan = scope.decide(con, MANIFEST, "d2", lambda: modified)
    periods = period_scope.decide(con, MANIFEST, plan)
    assert periods.periods == {}
    assert periods.whole == {
        "int_views": "the dbt project changed what it computes",
        "int_totals": "the dbt project changed what it computes",
    }
    assert period_scope.drop_tables(con, MANIFEST, only=modified - {"model.p.int_totals"}) == ["intermediate.int_views"]
    assert con.execute(
        "select table_name from information_schema.tables where table_schema = 'intermediate'"
    ).fetchall() == [("int_totals",)]


def test_a_project_change_elsewhere_keeps_the_period_decision(con):
    # Only the mart's SQL changed; a new period of raw.views still rebuilds just that period.
    con.execute("insert into raw.views values ('2026-Q2', '/a', 3)")
    plan = scope.decide(con, MANIFEST, "d2", lambda: frozenset({"model.p.mart_totals"}))
    assert plan.rebuild == {"model.p.stg_views", "model.p.int_views", "model.p.int_totals", "model.p.mart_totals"}
    assert period_scope.decide(con, MANIFEST, plan).periods == {"int_views": ("2026-Q2",), "int_totals": ("2026-Q2",)}


def test_the_projects_period_scoped_models():
    from orchestration.defs.resources import SETTINGS
    from orchestration.defs.transform.project import dbt_project, prepare_manifest

    prepare_manifest(SETTINGS.warehouse_resource().dbt_profile(), reparse_if_changed=True)
    manifest = scope.Manifest.read(dbt_project.manifest_path)
    names = sorted(manifest.raw["nodes"][u]["name"] for u in period_scope.period_scoped(manifest))
    assert names == ["int_press_items__attributed", "int_unit_channels__by_period", "int_web_pageviews__attributed"]
    # Their period-keyed inputs are views over views, so their rows before a build are current ...
    # ... and the page views' staging view preserves periods: its raw table is fingerprinted.
    # (Views without a period_key are listed too; when they change, their readers rebuild whole.)
    assert sorted(period_scope.period_inputs(manifest)) == [
        "model:int_fanpage_posts__attributed",
        "model:int_feedback__attributed",
        "model:int_media_label_overrides",
        "model:int_unit_names",
        "model:stg_media__press_items",
        "raw.web_pageviews",
    ]
    # The survey responses (rebuilt whole) and the project lists (no period) are read by the
    # ward figures' view beside the channels, not by a period-scoped table.
    inputs = {u for m in period_scope.period_scoped(manifest) for u in manifest.raw["parent_map"][m]}
    assert not any(
        u.endswith((".int_survey_responses__latest", ".stg_infrastructure__classroom_projects")) for u in inputs
    )
