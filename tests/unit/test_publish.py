"""Publishing a build and its reports over the ones analysts have open: together, and never half-done.

Each test builds real DuckDB files with a `marts` schema; "old" and "new" builds differ in one
known row, and their staged reports say the same label, so that what a reader sees tells which
build the warehouse and the reports come from. (Kills at every step: test_publish_faults.py;
full disks and read-only folders: test_publish_disk.py.)
"""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.warehouse.database import build_path
from orchestration.warehouse.publish import PublishError, publish
from tests.unit.publications import Seen, build, label_of, legacy_folder, seen, stage


def _label_in_new_process(path: Path) -> str:
    # Another process, like an analyst's new session: within one Python process DuckDB hands a
    # new connection the database instance already open on that path (the old file).
    code = "import duckdb,sys; print(duckdb.connect(sys.argv[1], read_only=True).execute('select label from marts.mart_task_quarter').fetchone()[0])"
    return subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    ).stdout.strip()


def _publish(published: Path, label: str, reports: tuple[str, ...] = ("bao-cao.html",)):
    copy = build(build_path(published), label)
    return publish(copy, published, stage(copy, label, reports))


def test_build_copy_lives_beside_the_published_file():
    assert build_path(Path("/srv/wh/warehouse.duckdb")) == Path("/srv/wh/.build/warehouse.duckdb")


def test_the_stable_paths_lead_into_one_generation(tmp_path):
    published = tmp_path / "warehouse.duckdb"
    result = _publish(published, "Q4", ("bao-cao.html", "the-diem.xlsx"))
    assert os.readlink(published) == "current/warehouse.duckdb"
    assert os.readlink(tmp_path / "reports") == "current/reports"
    assert os.readlink(tmp_path / "current") == f"generations/{result.build_id}"
    assert sorted(p.name for p in (tmp_path / "generations").iterdir()) == [result.build_id]
    assert result.reports == [tmp_path / "reports" / "bao-cao.html", tmp_path / "reports" / "the-diem.xlsx"]
    assert result.marts == 1
    # The warehouse and its reports say which build they are, and it is the same one.
    assert seen(published) == Seen("Q4", result.build_id, ("Q4", "Q4"), result.build_id)
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select report_files from publication.build").fetchone()[0] == [
            "bao-cao.html",
            "the-diem.xlsx",
        ]
    # The build copy the next refresh continues from is not stamped.
    with duckdb.connect(str(build_path(published)), read_only=True) as con:
        assert (
            con.execute(
                "select count(*) from information_schema.schemata where schema_name = 'publication'"
            ).fetchone()[0]
            == 0
        )


def test_publish_while_an_analyst_is_connected(tmp_path):
    published = tmp_path / "warehouse.duckdb"
    _publish(published, "Q4")

    analyst = duckdb.connect(str(published), read_only=True)
    assert label_of(analyst) == "Q4"

    result = _publish(published, "Q1")  # does not fail on the open reader

    # The generation the analyst has open is removed, yet the open connection keeps reading it.
    assert sorted(p.name for p in (tmp_path / "generations").iterdir()) == [result.build_id]
    assert label_of(analyst) == "Q4"
    assert _label_in_new_process(published) == "Q1"  # a new session sees the new build
    analyst.close()
    assert seen(published) == Seen("Q1", result.build_id, ("Q1",), result.build_id)


def test_a_folder_from_before_generations_is_taken_over(tmp_path):
    # The warehouse file and reports folder an earlier version published, an analyst connected.
    published = tmp_path / "warehouse.duckdb"
    legacy_folder(published, "Q4")
    (tmp_path / ".warehouse.duckdb.publishing").write_bytes(b"partial copy of a killed publish")
    analyst = duckdb.connect(str(published), read_only=True)

    result = _publish(published, "Q1")

    assert seen(published) == Seen("Q1", result.build_id, ("Q1",), result.build_id)
    assert label_of(analyst) == "Q4"
    analyst.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".build",
        "current",
        "generations",
        "reports",
        "warehouse.duckdb",
    ]
    assert sorted(p.name for p in (tmp_path / "generations").iterdir()) == [result.build_id]


def test_a_report_no_longer_built_leaves_with_its_warehouse(tmp_path):
    published = tmp_path / "warehouse.duckdb"
    _publish(published, "Q4", ("bao-cao.html", "the-diem.xlsx"))
    result = _publish(published, "Q1", ("bao-cao.html",))
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [".build-id", "bao-cao.html"]
    assert result.reports == [tmp_path / "reports" / "bao-cao.html"]


def test_the_staging_folders_bookkeeping_is_not_published(tmp_path):
    # The data catalogue keeps, beside its staged page, the key it was generated for: a hidden
    # file of the staging folder, not a report. A copy that an earlier version published goes.
    published = tmp_path / "warehouse.duckdb"
    legacy_folder(published, "Q4")
    (tmp_path / "reports" / ".data-catalogue.html.key").write_text("old", encoding="utf-8")
    copy = build(build_path(published), "Q1")
    staged = stage(copy, "Q1", ("data-catalogue.html",))
    (staged / ".data-catalogue.html.key").write_text("abc", encoding="utf-8")
    result = publish(copy, published, staged)
    assert result.reports == [tmp_path / "reports" / "data-catalogue.html"]
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [".build-id", "data-catalogue.html"]


def test_a_build_without_marts_is_not_published(tmp_path):
    published = tmp_path / "warehouse.duckdb"
    first = _publish(published, "Q4")
    failed = build(tmp_path / "broken" / "warehouse.duckdb", "-", marts=False)
    with pytest.raises(PublishError) as raised:
        publish(failed, published, stage(failed, "-"))
    assert str(raised.value) == (
        f"the build at {failed} has no marts; nothing was published: the warehouse and reports are "
        f"still those of build {first.build_id}"
    )
    assert seen(published) == Seen("Q4", first.build_id, ("Q4",), first.build_id)


def test_a_missing_build_is_not_published(tmp_path):
    with pytest.raises(PublishError) as raised:
        publish(tmp_path / ".build" / "warehouse.duckdb", tmp_path / "warehouse.duckdb")
    assert str(raised.value) == (
        f"there is no build at {tmp_path / '.build' / 'warehouse.duckdb'} to publish; "
        "nothing was published (nothing had been published here before)"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_current_that_is_not_a_link_is_left_alone(tmp_path):
    published = tmp_path / "warehouse.duckdb"
    legacy_folder(published, "Q4")
    (tmp_path / "current").mkdir()  # someone's folder: never removed or replaced
    copy = build(build_path(published), "Q1")
    with pytest.raises(PublishError) as raised:
        publish(copy, published, stage(copy, "Q1"))
    assert str(raised.value) == (
        f"{tmp_path / 'current'} should be the link to the published generation but is a file or folder: "
        "move it away; nothing was published: the warehouse and reports are unchanged"
    )
    assert seen(published) == Seen("Q4", None, ("Q4",), None)
