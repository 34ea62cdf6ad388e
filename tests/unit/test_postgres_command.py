"""`python -m orchestration.postgres`: what it says when it cannot run, and which marts dbt did not rebuild."""

from __future__ import annotations

import json

import duckdb

from orchestration import postgres


def test_models_dbt_did_not_build_are_read_from_run_results(tmp_path):
    results = tmp_path / "run_results.json"
    results.write_text(
        json.dumps(
            {
                "results": [
                    {"unique_id": "model.gddt_comms.mart_task_quarter", "status": "success"},
                    {"unique_id": "model.gddt_comms.mart_unit_year", "status": "error"},
                    {"unique_id": "model.gddt_comms.mart_cluster_year", "status": "skipped"},
                    {"unique_id": "seed.gddt_comms.ref_task_targets", "status": "error"},
                    {"unique_id": "test.gddt_comms.not_null_mart_unit_year_unit_code.1a2b", "status": "skipped"},
                ]
            }
        ),
        encoding="utf-8",
    )
    assert postgres.unbuilt_models(results) == {"mart_unit_year": "error", "mart_cluster_year": "skipped"}
    assert postgres.unbuilt_models(tmp_path / "missing.json") == {}


def test_no_warehouse_file_is_an_error_saying_what_to_run(tmp_path, capsys):
    assert postgres.main(["--warehouse", str(tmp_path / "none.duckdb")]) == 1
    assert f"no DuckDB warehouse at {tmp_path / 'none.duckdb'}: run `make run` first" in capsys.readouterr().out


def test_an_unreachable_server_is_exit_status_2_naming_where_and_the_variables(tmp_path, capsys, monkeypatch):
    duckdb.connect(str(tmp_path / "warehouse.duckdb")).close()
    monkeypatch.setenv("WAREHOUSE_PG_HOST", "127.0.0.1")
    monkeypatch.setenv("WAREHOUSE_PG_PORT", "1")  # nothing listens on port 1
    monkeypatch.setenv("WAREHOUSE_PG_USER", "analyst")
    monkeypatch.setenv("WAREHOUSE_PG_DATABASE", "kho")
    assert postgres.main(["--warehouse", str(tmp_path / "warehouse.duckdb")]) == 2
    out = capsys.readouterr().out
    assert "error: cannot connect to PostgreSQL at analyst@127.0.0.1:1/kho" in out
    assert (
        "set WAREHOUSE_PG_HOST, WAREHOUSE_PG_PORT, WAREHOUSE_PG_USER, WAREHOUSE_PG_PASSWORD, WAREHOUSE_PG_DATABASE"
        in out
    )
