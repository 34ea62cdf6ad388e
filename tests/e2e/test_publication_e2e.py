"""What `make run` publishes and says: the warehouse and its reports of one build, or neither.

Uses the shared e2e run, and a copy of it whose generations folder is read-only (the reports of
a new build cannot be written there): that refresh must publish nothing and say so.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys

import pytest

from orchestration.warehouse.publication import build_id_of_database, build_id_of_reports, published_reports
from tests.e2e.conftest import PROJECT_ROOT

pytestmark = pytest.mark.e2e


def test_the_run_publishes_one_build_and_says_which(e2e_run):
    folder = e2e_run.root
    build_id = (folder / "current").readlink().name
    assert build_id_of_database(e2e_run.database) == build_id == build_id_of_reports(folder / "reports")
    assert (
        f"published           : build {build_id}: {e2e_run.database} and its reports in {folder / 'reports'} "
        "(new sessions see it; open ones keep their copy until they reconnect)"
    ) in e2e_run.stdout.splitlines()
    reports = published_reports(folder / "reports")
    assert [p.name for p in reports] == [
        "bao-cao-tong-ket-2025-2026.docx",
        "bao-cao-tong-ket-2025-2026.html",
        "data-catalogue.html",
        "the-diem-2025-2026.xlsx",
    ]
    listed = [
        line.removeprefix("report              : ")
        for line in e2e_run.stdout.splitlines()
        if line.startswith("report ")
    ]
    assert listed == [str(p) for p in reports]


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root for a read-only bind mount")
def test_a_refresh_that_cannot_write_its_publication_changes_nothing(e2e_run, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(e2e_run.root, root, symlinks=True)
    published = root / e2e_run.database.name
    build_id = (root / "current").readlink().name
    before = hashlib.sha256(published.read_bytes()).hexdigest()
    generations = root / "generations"
    mounted = subprocess.run(["mount", "--bind", str(generations), str(generations)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot bind-mount here ({mounted.stderr.strip()})")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(generations)], check=True)
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "orchestration.run",
                "--inbox",
                str(root / "inbox"),
                "--warehouse",
                str(published),
                "--periods",
                "2025-Q4,2026-Q1",
                "--dagster-home",
                str(root / "dagster_home"),
            ],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        subprocess.run(["umount", str(generations)], check=False)
    lines = run.stdout.splitlines()
    assert run.returncode == 1, run.stdout[-4000:] + run.stderr[-2000:]
    failure = [line for line in lines if "✗ operations__published_warehouse" in line]
    assert len(failure) == 1, run.stdout[-4000:]
    # The publish step's own error, with the generation it could not create and what is still published.
    assert re.fullmatch(
        re.escape(
            f"  ✗ operations__published_warehouse: orchestration.warehouse.publish.PublishError: could not publish in {root}: "
            f"Read-only file system ({generations}/"
        )
        + r"\d{8}T\d{6}Z-[0-9a-f]{6}"
        + re.escape(
            f") (is the folder writable?); nothing was published: the warehouse and reports are still those of build {build_id}"
        ),
        failure[0],
    ), failure[0]
    assert (
        f"NOT published       : the warehouse {published} and its reports are unchanged (build {build_id}); "
        f"the unfinished build is {root / '.build' / published.name}"
    ) in lines
    assert not any(line.startswith(("published ", "report ")) for line in lines)
    assert hashlib.sha256(published.read_bytes()).hexdigest() == before
    assert build_id_of_database(published) == build_id == build_id_of_reports(root / "reports")
