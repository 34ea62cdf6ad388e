"""Which dbt models a refresh rebuilds (orchestration/defs/transform/scope.py), on a real DuckDB
file and a small hand-made manifest:

    raw.a -> staging.stg_a --\\
                              +--> marts.mart_ab
    raw.b -> staging.stg_b --/
    seed ref_x -> staging.stg_x
"""

from __future__ import annotations

import duckdb
import pytest

from orchestration.defs.transform import scope

SOURCES = {
    "source.p.raw.a": {"source_name": "raw", "name": "a", "schema": "raw", "identifier": "a"},
    "source.p.raw.b": {"source_name": "raw", "name": "b", "schema": "raw", "identifier": "b"},
}


def _node(kind: str, name: str, schema: str, materialized: str) -> dict:
    return {
        "resource_type": kind,
        "name": name,
        "alias": name,
        "schema": schema,
        "config": {"materialized": materialized},
    }


NODES = {
    "model.p.stg_a": _node("model", "stg_a", "staging", "view"),
    "model.p.stg_b": _node("model", "stg_b", "staging", "view"),
    "model.p.mart_ab": _node("model", "mart_ab", "marts", "table"),
    "seed.p.ref_x": _node("seed", "ref_x", "main", "seed"),
    "model.p.stg_x": _node("model", "stg_x", "staging", "view"),
    "test.p.unique_mart_ab": {
        "resource_type": "test",
        "name": "unique_mart_ab",
        "schema": "t",
        "config": {"materialized": "test"},
    },
}
PARENTS = {
    "model.p.stg_a": ["source.p.raw.a"],
    "model.p.stg_b": ["source.p.raw.b"],
    "model.p.mart_ab": ["model.p.stg_a", "model.p.stg_b"],
    "model.p.stg_x": ["seed.p.ref_x"],
    "test.p.unique_mart_ab": ["model.p.mart_ab"],
    "seed.p.ref_x": [],
}
CHILDREN = {
    "source.p.raw.a": ["model.p.stg_a"],
    "source.p.raw.b": ["model.p.stg_b"],
    "model.p.stg_a": ["model.p.mart_ab"],
    "model.p.stg_b": ["model.p.mart_ab"],
    "model.p.mart_ab": ["test.p.unique_mart_ab"],
    "seed.p.ref_x": ["model.p.stg_x"],
}
MANIFEST = scope.Manifest({"sources": SOURCES, "nodes": NODES, "parent_map": PARENTS, "child_map": CHILDREN})


@pytest.fixture
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    for schema in ("raw", "staging", "marts"):
        con.execute(f"create schema {schema}")
    con.execute("create table raw.a as select * from (values (1, 'x'), (2, 'y')) as t(id, v)")
    con.execute("create table raw.b as select * from (values (10, 'p')) as t(id, v)")
    con.execute("create table main.ref_x as select 1 as k")
    con.execute("create view staging.stg_a as select * from raw.a")
    con.execute("create view staging.stg_b as select * from raw.b")
    con.execute("create view staging.stg_x as select * from main.ref_x")
    con.execute("create table marts.mart_ab as select * from staging.stg_a union all select * from staging.stg_b")
    yield con
    con.close()


def _built(con, digest="d1") -> None:
    """What the asset does after a successful build: record the inputs it was built from."""
    scope.record(con, digest, scope.decide(con, MANIFEST, digest).fingerprints)


def test_a_file_without_a_recorded_build_builds_everything(con):
    plan = scope.decide(con, MANIFEST, "d1")
    assert (plan.full, plan.reason) == (True, "no earlier build recorded in this warehouse file")
    assert MANIFEST.built_nodes == {
        "model.p.stg_a",
        "model.p.stg_b",
        "model.p.mart_ab",
        "seed.p.ref_x",
        "model.p.stg_x",
    }


def test_nothing_changed_builds_nothing(con):
    _built(con)
    plan = scope.decide(con, MANIFEST, "d1")
    assert (plan.full, plan.changed, plan.rebuild, plan.nothing_to_build) == (False, (), frozenset(), True)
    assert plan.reason == "no raw table changed since the last build"


def test_a_changed_table_rebuilds_what_reads_it_and_keeps_the_rest(con):
    _built(con)
    con.execute("insert into raw.a values (3, 'z')")
    plan = scope.decide(con, MANIFEST, "d1")
    # raw.a's readers: stg_a, and mart_ab through it (its test comes with it); stg_b, the seed
    # and stg_x are kept.
    assert (plan.full, plan.changed, plan.rebuild) == (False, ("raw.a",), {"model.p.stg_a", "model.p.mart_ab"})
    assert MANIFEST.downstream(plan.changed) == {"model.p.stg_a", "model.p.mart_ab", "test.p.unique_mart_ab"}


def test_values_swapped_between_rows_count_as_a_change(con):
    # Same values in each column, in other rows: (1, 'x'), (2, 'y') -> (1, 'y'), (2, 'x').
    # A fingerprint per column would not see it; one per row does.
    _built(con)
    con.execute("update raw.a set v = case v when 'x' then 'y' else 'x' end")
    assert scope.decide(con, MANIFEST, "d1").changed == ("raw.a",)


def test_a_dropped_source_table_counts_as_a_change(con):
    _built(con)
    con.execute("drop table raw.b")
    plan = scope.decide(con, MANIFEST, "d1")
    assert (plan.changed, plan.fingerprints["raw.b"]) == (("raw.b",), None)


def test_a_changed_project_without_the_last_builds_manifest_builds_everything(con):
    _built(con, digest="d1")
    plan = scope.decide(con, MANIFEST, "d2", lambda: None)
    assert (plan.full, plan.reason) == (
        True,
        "the dbt project changed and the last build's manifest is not there to compare with",
    )


def test_a_changed_project_rebuilds_what_dbts_state_comparison_selects(con):
    _built(con, digest="d1")
    # What `state:modified+` would list after an edit of stg_x (its test rides along, filtered out).
    plan = scope.decide(con, MANIFEST, "d2", lambda: frozenset({"model.p.stg_x", "test.p.not_null_stg_x"}))
    assert (plan.full, plan.project_changed, plan.rebuild, plan.changed) == (False, True, {"model.p.stg_x"}, ())
    assert plan.reason == "the dbt project changed: dbt's state comparison selects 1 models"


def test_the_state_comparison_is_asked_only_when_the_project_changed(con):
    _built(con, digest="d1")

    def not_to_be_asked():
        raise AssertionError("asked")

    assert scope.decide(con, MANIFEST, "d1", not_to_be_asked).nothing_to_build


def test_a_changed_project_and_a_changed_table_rebuild_both(con):
    _built(con, digest="d1")
    con.execute("insert into raw.b values (11, 'q')")
    plan = scope.decide(con, MANIFEST, "d2", lambda: frozenset({"model.p.stg_x"}))
    assert (plan.full, plan.changed, plan.rebuild) == (
        False,
        ("raw.b",),
        {"model.p.stg_x", "model.p.stg_b", "model.p.mart_ab"},
    )


def test_a_model_the_project_adds_is_built_without_building_everything(con):
    _built(con, digest="d1")
    added = {**MANIFEST.raw["nodes"], "model.p.new_mart": _node("model", "new_mart", "marts", "table")}
    manifest = scope.Manifest({**MANIFEST.raw, "nodes": added})
    plan = scope.decide(con, manifest, "d2", lambda: frozenset({"model.p.new_mart"}))
    assert (plan.full, plan.rebuild) == (False, {"model.p.new_mart"})


def test_a_missing_model_relation_builds_everything(con):
    _built(con)
    con.execute("drop view staging.stg_x")
    plan = scope.decide(con, MANIFEST, "d1")
    assert (plan.full, plan.reason) == (True, "1 model tables are missing (e.g. staging.stg_x)")


def test_the_setting_can_force_a_full_build(con):
    _built(con)
    assert scope.decide(con, MANIFEST, "d1").full is False
    plan = scope.decide(con, MANIFEST, "d1", full_rebuild=True)
    assert (plan.full, plan.reason) == (True, "WAREHOUSE_REBUILD is set")


def test_the_state_holds_no_text_but_source_names(con):
    # The privacy scan reads every VARCHAR column: the state must not put digests or sums there.
    _built(con)
    text_columns = con.execute(
        "select column_name from information_schema.columns where table_schema = 'dbt_state' and data_type = 'VARCHAR'"
    ).fetchall()
    assert text_columns == [("source",)]
    assert con.execute("select source, row_count from dbt_state.source_fingerprints order by 1").fetchall() == [
        ("raw.a", 2),
        ("raw.b", 1),
    ]


# A gate (scope.GATE_META): a view whose unchanged rows let a refresh keep what reads raw.a only
# through it. The second manifest:
#
#     raw.a -> staging.stg_a -> staging.names (view, gate: the distinct v) -> marts.mart_names
#                           \-> marts.mart_rows
#     staging.bad_gate (view, declared a gate, but reads the table marts.mart_rows)
def _gate_node(name: str, schema: str, materialized: str, gate: bool = False) -> dict:
    node = _node("model", name, schema, materialized)
    if gate:
        node["config"]["meta"] = {scope.GATE_META: True}
    return node


GATED = scope.Manifest(
    {
        "sources": {"source.q.raw.a": SOURCES["source.p.raw.a"]},
        "nodes": {
            "model.q.stg_a": _gate_node("stg_a", "staging", "view"),
            "model.q.names": _gate_node("names", "staging", "view", gate=True),
            "model.q.mart_names": _gate_node("mart_names", "marts", "table"),
            "model.q.mart_rows": _gate_node("mart_rows", "marts", "table"),
            "model.q.bad_gate": _gate_node("bad_gate", "staging", "view", gate=True),
            "test.q.unique_names": {
                "resource_type": "test",
                "name": "unique_names",
                "schema": "t",
                "config": {"materialized": "test"},
            },
        },
        "parent_map": {
            "model.q.stg_a": ["source.q.raw.a"],
            "model.q.names": ["model.q.stg_a"],
            "model.q.mart_names": ["model.q.names"],
            "model.q.mart_rows": ["model.q.stg_a"],
            "model.q.bad_gate": ["model.q.mart_rows"],
            "test.q.unique_names": ["model.q.names"],
        },
        "child_map": {
            "source.q.raw.a": ["model.q.stg_a"],
            "model.q.stg_a": ["model.q.names", "model.q.mart_rows"],
            "model.q.names": ["model.q.mart_names", "test.q.unique_names"],
            "model.q.mart_rows": ["model.q.bad_gate"],
        },
    }
)


@pytest.fixture
def gated(con):
    """The file after a first build: decided before the gate's view existed, recorded after."""
    first = scope.decide(con, GATED, "d1")
    assert (first.full, first.fingerprints["model:names"]) == (True, None)
    con.execute("create view staging.names as select distinct v from staging.stg_a")
    con.execute("create table marts.mart_names as select * from staging.names")
    con.execute("create table marts.mart_rows as select * from staging.stg_a")
    con.execute("create view staging.bad_gate as select * from marts.mart_rows")
    scope.record(con, "d1", first.fingerprints, GATED.gates)
    return con


def test_a_gate_must_read_views_only():
    assert GATED.gate_problems() == {"model.q.bad_gate": "mart_rows is a table, not a view"}
    assert GATED.gates == {"model:names": ("staging", "names")}


def test_nothing_changed_after_a_first_build_with_gates(gated):
    assert scope.decide(gated, GATED, "d1").nothing_to_build


def test_an_unchanged_gate_keeps_what_reads_the_source_only_through_it(gated):
    gated.execute("insert into raw.a values (3, 'x')")  # a new row, but 'x' is already a name
    plan = scope.decide(gated, GATED, "d1")
    # names and mart_names are kept; bad_gate is not a usable gate, so it is rebuilt.
    assert plan.rebuild == {"model.q.stg_a", "model.q.mart_rows", "model.q.bad_gate"}
    assert plan.reason == "raw tables changed: raw.a; unchanged, so what reads them only through these is kept: names"


def test_a_changed_gate_rebuilds_its_readers(gated):
    gated.execute("insert into raw.a values (3, 'w')")  # a new name
    plan = scope.decide(gated, GATED, "d1")
    assert plan.rebuild == GATED.built_nodes
    assert plan.reason == "raw tables changed: raw.a"


def test_the_projects_gates_are_views_over_views():
    from orchestration.defs.resources import SETTINGS
    from orchestration.defs.transform.project import dbt_project, prepare_manifest

    prepare_manifest(SETTINGS.warehouse_resource().dbt_profile(), reparse_if_changed=True)
    manifest = scope.Manifest.read(dbt_project.manifest_path)
    assert manifest.gate_problems() == {}
    assert sorted(manifest.gates) == ["model:int_periods_loaded", "model:int_unit_names", "model:int_units"]
