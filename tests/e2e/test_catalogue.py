"""The data catalogue: every mart and every column of it is described, and the page is published."""

from __future__ import annotations

import json

import duckdb
import pytest

from orchestration.defs.transform.project import dbt_project

pytestmark = pytest.mark.e2e


def test_every_mart_and_column_is_described(e2e_run):
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    models = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"].endswith("marts")
    }
    with duckdb.connect(str(e2e_run.database), read_only=True) as con:
        built = con.execute(
            "select table_name, column_name from information_schema.columns where table_schema = 'marts' "
            "order by table_name, ordinal_position"
        ).fetchall()
    assert built, "no marts were built"
    undocumented_marts = sorted({t for t, _ in built if not (models.get(t) or {}).get("description", "").strip()})
    undocumented_columns = [
        f"{t}.{c}"
        for t, c in built
        if t in models and not models[t]["columns"].get(c, {}).get("description", "").strip()
    ]
    assert undocumented_marts == []
    assert undocumented_columns == []


def test_the_catalogue_page_is_published_beside_the_warehouse(e2e_run):
    page = e2e_run.database.parent / "reports" / "data-catalogue.html"
    text = page.read_text(encoding="utf-8")
    # dbt's static page embeds the manifest: the marts are named in it.
    assert "mart_task_quarter" in text and "mart_reporting_compliance" in text
