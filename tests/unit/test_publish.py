"""Publishing a build over the file analysts have open: atomic, and never half-done.

Each test builds real DuckDB files with a `marts` schema; "old" and "new" builds differ in one
known row so that what a reader sees tells which file it has open.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.publish import PublishError, publish
from orchestration.lib.warehouse import build_path


def _build(path: Path, label: str, marts: bool = True, padding_rows: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    if marts:
        con.execute("create schema if not exists marts")
        con.execute("create or replace table marts.mart_task_quarter as select ? as label, 15 as tasks", [label])
        if padding_rows:
            # Random text, so that compression cannot shrink the file below the disk's size.
            con.execute(
                "create or replace table marts.padding as select range as n, "
                "gen_random_uuid()::varchar || gen_random_uuid()::varchar || gen_random_uuid()::varchar "
                f"|| gen_random_uuid()::varchar as t from range({padding_rows})"
            )
    else:
        con.execute("create schema if not exists raw")
        con.execute("create or replace table raw.only as select 1 as x")
    con.close()
    return path


def _label(con) -> str:
    return con.execute("select label from marts.mart_task_quarter").fetchone()[0]


def _label_in_new_process(path: Path) -> str:
    # Another process, like an analyst's new session: within one Python process DuckDB hands a
    # new connection the database instance already open on that path (the old file).
    code = "import duckdb,sys; print(duckdb.connect(sys.argv[1], read_only=True).execute('select label from marts.mart_task_quarter').fetchone()[0])"
    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True).stdout.strip()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_copy_lives_beside_the_published_file():
    assert build_path(Path("/srv/wh/warehouse.duckdb")) == Path("/srv/wh/.build/warehouse.duckdb")


def test_publish_while_an_analyst_is_connected(tmp_path):
    published = tmp_path / "warehouse.duckdb"
    build = build_path(published)
    publish(_build(build, "Q4"), published)

    analyst = duckdb.connect(str(published), read_only=True)
    assert _label(analyst) == "Q4"

    result = publish(_build(build, "Q1"), published)  # does not fail on the open reader
    assert result.marts == 1

    assert _label(analyst) == "Q4"  # the open connection keeps its consistent (old) view
    assert _label_in_new_process(published) == "Q1"  # a new session sees the new build
    analyst.close()
    assert not list(tmp_path.glob(".*.publishing"))


def test_a_build_without_marts_is_not_published(tmp_path):
    published = tmp_path / "warehouse.duckdb"
    publish(_build(build_path(published), "Q4"), published)
    before = _sha(published)
    failed = _build(tmp_path / "broken" / "warehouse.duckdb", "-", marts=False)
    with pytest.raises(PublishError, match="has no marts"):
        publish(failed, published)
    assert _sha(published) == before


def test_a_missing_build_is_not_published(tmp_path):
    with pytest.raises(PublishError, match="no build at"):
        publish(tmp_path / ".build" / "warehouse.duckdb", tmp_path / "warehouse.duckdb")
    assert not (tmp_path / "warehouse.duckdb").exists()


def test_reports_are_published_beside_the_warehouse(tmp_path):
    published = tmp_path / "warehouse.duckdb"
    build = _build(build_path(published), "Q4")
    staged = build.parent / "reports"
    staged.mkdir()
    (staged / "bao-cao.html").write_text("<h1>Báo cáo tổng kết</h1>", encoding="utf-8")
    result = publish(build, published, staged, tmp_path / "reports")
    assert result.reports == [tmp_path / "reports" / "bao-cao.html"]
    assert (tmp_path / "reports" / "bao-cao.html").read_text(encoding="utf-8") == "<h1>Báo cáo tổng kết</h1>"


def test_the_staging_folders_bookkeeping_is_not_published(tmp_path):
    # The data catalogue keeps, beside its staged page, the key it was generated for: a hidden
    # file of the staging folder, not a report. A copy that an earlier version published goes.
    published = tmp_path / "warehouse.duckdb"
    build = _build(build_path(published), "Q4")
    staged = build.parent / "reports"
    staged.mkdir()
    (staged / "data-catalogue.html").write_text("<html></html>", encoding="utf-8")
    (staged / ".data-catalogue.html.key").write_text("abc", encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / ".data-catalogue.html.key").write_text("old", encoding="utf-8")
    result = publish(build, published, staged, tmp_path / "reports")
    assert result.reports == [tmp_path / "reports" / "data-catalogue.html"]
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["data-catalogue.html"]


def _mount_tmpfs(where: Path, options: str) -> None:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here ({done.stderr.strip() or 'not root'})")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to mount a small file system")
def test_a_full_disk_fails_clearly_and_leaves_the_published_copy(tmp_path):
    # A 2 MiB file system holds the first (small) build but not the second (several MiB of random text).
    folder = tmp_path / "small"
    _mount_tmpfs(folder, "size=2m")
    try:
        published = folder / "warehouse.duckdb"
        publish(_build(tmp_path / "first" / "warehouse.duckdb", "Q4"), published)
        before = _sha(published)
        big = _build(tmp_path / "second" / "warehouse.duckdb", "Q1", padding_rows=60_000)
        assert big.stat().st_size > 2 * 2**20
        with pytest.raises(PublishError, match="disk full|No space left"):
            publish(big, published)
        assert _sha(published) == before
        assert not list(folder.glob(".*.publishing"))  # the partial copy was removed
        with duckdb.connect(str(published), read_only=True) as con:
            assert _label(con) == "Q4"
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to mount a read-only file system")
def test_a_read_only_folder_fails_clearly_and_leaves_the_published_copy(tmp_path):
    folder = tmp_path / "ro"
    _mount_tmpfs(folder, "size=16m")
    try:
        published = folder / "warehouse.duckdb"
        publish(_build(tmp_path / "first" / "warehouse.duckdb", "Q4"), published)
        before = _sha(published)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        with pytest.raises(PublishError, match="writable"):
            publish(_build(tmp_path / "second" / "warehouse.duckdb", "Q1"), published)
        assert _sha(published) == before
    finally:
        subprocess.run(["umount", str(folder)], check=False)
