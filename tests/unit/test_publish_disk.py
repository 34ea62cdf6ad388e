"""Publishing on a full disk, a read-only folder, a read-only reports folder: nothing readers see
changes, and the message says exactly why and what is still published.

Real small file systems (tmpfs) and read-only bind mounts: these tests need root, and skip
without it.
"""

import os
import subprocess
from pathlib import Path

import pytest

from orchestration.warehouse.publish import PublishError, publish
from tests.unit.publications import (
    Seen,
    build,
    legacy_folder,
    mount_read_only,
    mount_tmpfs,
    seen,
    stage,
    unmount,
)

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to mount small and read-only file systems")

MIB = 2**20


def _blocks(size: int, block: int) -> int:
    return -(-size // block) * block


def _mib(size: int) -> str:
    return f"{size / MIB:.1f} MiB"


@pytest.fixture
def small_disk(tmp_path):
    folder = tmp_path / "small"
    mount_tmpfs(folder, "size=2m")
    yield folder
    unmount(folder)


def test_a_full_disk_says_how_much_a_publish_needs(small_disk, tmp_path):
    # A 2 MiB file system holds the first (small) build but not the second (several MiB of random text).
    published = small_disk / "warehouse.duckdb"
    first_copy = build(tmp_path / "first" / "warehouse.duckdb", "Q4")
    first = publish(first_copy, published, stage(first_copy, "Q4"))
    big = build(tmp_path / "second" / "warehouse.duckdb", "Q1", padding_rows=60_000)
    staged = stage(big, "Q1")
    assert big.stat().st_size > 2 * MIB

    # Worked out from the file system and the files, as an operator would with df and ls -l:
    # the database and the report in whole 4 KiB blocks, 1 MiB for the build-id table, and a
    # block for each of the generation's folders and its build-id file.
    stats = os.statvfs(small_disk)
    block = stats.f_frsize
    assert block == 4096
    database = _blocks(big.stat().st_size, block)
    reports = _blocks(len("<h1>Q1</h1>"), block) + 3 * block
    needed = database + MIB + reports
    free = stats.f_bavail * block
    with pytest.raises(PublishError) as raised:
        publish(big, published, staged)
    assert str(raised.value) == (
        f"not enough space to publish: a publish needs {_mib(needed)} free in {small_disk} "
        f"(the build copy {big}: {_mib(database)}, its build id: 1.0 MiB, the reports: {_mib(reports)}); "
        f"{_mib(free)} is free: free at least {_mib(needed - free)} more; "
        f"nothing was published: the warehouse and reports are still those of build {first.build_id}"
    )
    assert seen(published) == Seen("Q4", first.build_id, ("Q4",), first.build_id)
    assert sorted(p.name for p in (small_disk / "generations").iterdir()) == [first.build_id]


def test_a_disk_that_fills_up_while_publishing(tmp_path):
    # Space enough, but the file system runs out of inodes (ENOSPC, as a full disk) while the
    # reports are copied: after the checks, in the middle of writing the generation.
    folder = tmp_path / "few-inodes"
    mount_tmpfs(folder, "size=16m")
    try:
        published = folder / "warehouse.duckdb"
        first_copy = build(tmp_path / "first" / "warehouse.duckdb", "Q4")
        first = publish(first_copy, published, stage(first_copy, "Q4"))
        second = build(tmp_path / "second" / "warehouse.duckdb", "Q1")
        staged = stage(second, "Q1", ("a.html", "b.html", "c.html"))
        stats = os.statvfs(folder)
        used = stats.f_files - stats.f_ffree
        # The generation's folder, its reports folder, the database (and DuckDB's write-ahead
        # log while it stamps the build id) fit; the reports do not all fit.
        subprocess.run(["mount", "-o", f"remount,nr_inodes={used + 4}", str(folder)], check=True)
        assert os.statvfs(folder).f_ffree == 4
        free = os.statvfs(folder).f_bavail * 4096
        database = _blocks(second.stat().st_size, 4096)
        reports = 3 * 4096 + 3 * 4096
        needed = database + MIB + reports
        with pytest.raises(PublishError) as raised:
            publish(second, published, staged)
        generation = str(raised.value).split("(No space left on device (")[1].split("/reports/")[0]
        assert str(raised.value) == (
            f"the disk filled up while writing the new publication (No space left on device ({generation}/reports/b.html)): "
            f"a publish needs {_mib(needed)} free in {folder} (the build copy {second}: {_mib(database)}, "
            f"its build id: 1.0 MiB, the reports: {_mib(reports)}); {_mib(free)} is free: free at least 0.0 MiB more "
            f"when it began; nothing was published: the warehouse and reports are still those of build {first.build_id}"
        )
        assert Path(generation).parent == folder / "generations"
        assert not Path(generation).exists()  # the half-written generation is gone
        assert seen(published) == Seen("Q4", first.build_id, ("Q4",), first.build_id)
    finally:
        unmount(folder)


def test_a_read_only_folder_changes_nothing(tmp_path):
    folder = tmp_path / "ro"
    mount_tmpfs(folder, "size=16m")
    try:
        published = folder / "warehouse.duckdb"
        first_copy = build(tmp_path / "first" / "warehouse.duckdb", "Q4")
        first = publish(first_copy, published, stage(first_copy, "Q4"))
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        second = build(tmp_path / "second" / "warehouse.duckdb", "Q1")
        with pytest.raises(PublishError) as raised:
            publish(second, published, stage(second, "Q1"))
        assert str(raised.value) == (
            f"cannot write in {folder}: Read-only file system (is the folder writable?); "
            f"nothing was published: the warehouse and reports are still those of build {first.build_id}"
        )
        assert seen(published) == Seen("Q4", first.build_id, ("Q4",), first.build_id)
    finally:
        unmount(folder)


def test_a_read_only_reports_folder_from_before_generations_changes_nothing(tmp_path):
    # What the issue found: the warehouse was replaced and the old reports stayed.
    published = tmp_path / "warehouse.duckdb"
    legacy_folder(published, "Q4")
    mount_read_only(tmp_path / "reports")
    second = build(tmp_path / ".build" / "warehouse.duckdb", "Q1")
    staged = stage(second, "Q1")
    try:
        with pytest.raises(PublishError) as raised:
            publish(second, published, staged)
        assert str(raised.value) == (
            f"could not publish in {tmp_path}: Device or resource busy ({tmp_path / 'reports'}) (is the folder writable?); "
            "nothing was published: the warehouse and reports are unchanged "
            f"(those of {tmp_path / 'generations' / 'before-generations'}, published before build ids)"
        )
        # The old file and the old reports, both where they were.
        assert published.is_file() and not published.is_symlink()
        assert seen(published) == Seen("Q4", None, ("Q4",), None)
    finally:
        unmount(tmp_path / "reports")
    # Once the folder can be replaced, the next publish changes both.
    result = publish(second, published, staged)
    assert seen(published) == Seen("Q1", result.build_id, ("Q1",), result.build_id)
    assert sorted(p.name for p in (tmp_path / "generations").iterdir()) == [result.build_id]


def test_an_old_generation_that_cannot_be_removed_is_a_warning(tmp_path):
    published = tmp_path / "warehouse.duckdb"
    first_copy = build(tmp_path / ".build" / "warehouse.duckdb", "Q4")
    first = publish(first_copy, published, stage(first_copy, "Q4"))
    old_reports = tmp_path / "generations" / first.build_id / "reports"
    mount_read_only(old_reports)
    try:
        second = build(tmp_path / ".build" / "warehouse.duckdb", "Q1")
        result = publish(second, published, stage(second, "Q1"))
        # Published all the same: both changed.
        assert seen(published) == Seen("Q1", result.build_id, ("Q1",), result.build_id)
        assert result.warnings == [
            f"could not remove the old publication {tmp_path / 'generations' / first.build_id}: "
            "Read-only file system; remove it by hand"
        ]
    finally:
        unmount(old_reports)
    third = build(tmp_path / ".build" / "warehouse.duckdb", "Q2")
    result = publish(third, published, stage(third, "Q2"))
    assert result.warnings == []
    assert sorted(p.name for p in (tmp_path / "generations").iterdir()) == [result.build_id]


def test_a_disk_that_fills_up_while_taking_over_an_old_folder_puts_the_reports_back(tmp_path):
    # A folder from before generations on a file system with inodes for everything but the link
    # that takes the reports folder's place: the folder has been set aside by then.
    folder = tmp_path / "few-inodes"
    mount_tmpfs(folder, "size=16m")
    try:
        published = folder / "warehouse.duckdb"
        legacy_folder(published, "Q4")
        second = build(tmp_path / "second" / "warehouse.duckdb", "Q1")
        staged = stage(second, "Q1", ("a.html", "b.html"))
        stats = os.statvfs(folder)
        used = stats.f_files - stats.f_ffree
        # generations/, the new generation, its reports/, the database, 2 reports, .build-id (7);
        # then the adopted generation, its reports/, the hard links to the old file and report
        # (tmpfs counts each link against its inodes) and `current` (5).
        subprocess.run(["mount", "-o", f"remount,nr_inodes={used + 12}", str(folder)], check=True)
        with pytest.raises(PublishError) as raised:
            publish(second, published, staged)
        assert str(raised.value).startswith(
            f"the disk filled up while writing the new publication (No space left on device ({folder / '.reports.link-new'})): "
        )
        assert str(raised.value).endswith(
            "nothing was published: the warehouse and reports are unchanged "
            f"(those of {folder / 'generations' / 'before-generations'}, published before build ids)"
        )
        # The old file and the old reports folder, where they were.
        assert published.is_file() and not published.is_symlink()
        assert (folder / "reports").is_dir() and not (folder / "reports").is_symlink()
        assert seen(published) == Seen("Q4", None, ("Q4",), None)
    finally:
        unmount(folder)
