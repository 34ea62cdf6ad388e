"""dbt's unit tests (the `unit_tests:` of dbt_project/models/**/*.yml: each model's SQL on rows
worked out by hand) run here, not in every refresh (orchestration/defs/transform/assets.py
excludes them from the pipeline's `dbt build`). They need the models' tables to exist, for their
column types: a copy of the shared e2e run's build has them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from orchestration.warehouse.database import build_path

pytestmark = pytest.mark.e2e

DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"


def declared_unit_tests() -> set[str]:
    names = set()
    for path in (DBT_PROJECT / "models").rglob("*.yml"):
        for test in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("unit_tests", []):
            names.add(f"{test['model']}.{test['name']}")
    return names


def test_every_dbt_unit_test_passes(e2e_run, tmp_path):
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(build_path(e2e_run.database), copy)
    run = subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            "test",
            "--select",
            "test_type:unit",
            "--quiet",
            "--target-path",
            str(tmp_path / "target"),
        ],
        cwd=DBT_PROJECT,
        env={**os.environ, "WAREHOUSE_BUILD": str(copy)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads((tmp_path / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]
    ran = {r["unique_id"].split(".", 2)[2]: r["status"] for r in results}
    assert set(ran) == declared_unit_tests()
    assert set(ran.values()) == {"pass"}
    assert len(ran) >= 13  # as many as the project declared when this test was written
