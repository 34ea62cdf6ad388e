"""A publish killed at every one of its steps leaves the warehouse and its reports matching.

Each case runs a real publish in a subprocess with WAREHOUSE_PUBLISH_KILL_AT=<step> (the
publish module's documented test seam: the process SIGKILLs itself on reaching that step, as a
power cut would), then looks at what a new reader finds at the published paths: the warehouse's
label and build id, and the reports' labels and build id. Before the switch of `current` it is the
old pair, from the switch on the new one, never one of each. Then the next publish must succeed
and leave one generation and nothing half-made.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.warehouse.database import build_path
from orchestration.warehouse.publish import ADOPTION_STEPS, KILL_AT_ENV, STEPS, publish
from tests.unit.publications import Seen, build, legacy_folder, seen, stage

PUBLISH = (
    "import sys; from pathlib import Path; from orchestration.warehouse.publish import publish; "
    "publish(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))"
)
NOTHING = Seen(None, None, None, None)


def _killed_publish(published: Path, label: str, step: str) -> None:
    copy = build(build_path(published), label)
    staged = stage(copy, label, ("bao-cao.html", "the-diem.xlsx"))
    done = subprocess.run(
        [sys.executable, "-c", PUBLISH, str(copy), str(published), str(staged)],
        env={**os.environ, KILL_AT_ENV: step},
        capture_output=True,
        text=True,
    )
    # Killed by its own SIGKILL: the step was reached (a publish that ends first tests nothing).
    assert done.returncode == -9, done.stderr


def _publishes_cleanly_afterwards(published: Path) -> None:
    copy = build(build_path(published), "Q2")
    result = publish(copy, published, stage(copy, "Q2"))
    assert seen(published) == Seen("Q2", result.build_id, ("Q2",), result.build_id)
    folder = published.parent
    assert sorted(p.name for p in (folder / "generations").iterdir()) == [result.build_id]
    assert sorted(p.name for p in folder.iterdir()) == [
        ".build",
        "current",
        "generations",
        "reports",
        "warehouse.duckdb",
    ]


def _published_before(published: Path) -> Seen:
    copy = build(build_path(published), "Q4")
    result = publish(copy, published, stage(copy, "Q4", ("bao-cao.html", "the-diem.xlsx")))
    return Seen("Q4", result.build_id, ("Q4", "Q4"), result.build_id)


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_on_a_published_folder(tmp_path, step):
    published = tmp_path / "warehouse.duckdb"
    before = _published_before(published)
    _killed_publish(published, "Q1", step)
    after = seen(published)
    assert after.matching
    if STEPS.index(step) < STEPS.index("switched"):
        assert after == before
    else:
        assert (after.database_label, after.reports_labels) == ("Q1", ("Q1", "Q1"))
        assert after.database_build == (tmp_path / "current").readlink().name != before.database_build
    _publishes_cleanly_afterwards(published)


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_on_an_empty_folder(tmp_path, step):
    # Before the switch nothing is visible at all (the links lead nowhere yet); after it, both.
    published = tmp_path / "warehouse.duckdb"
    _killed_publish(published, "Q1", step)
    after = seen(published)
    if STEPS.index(step) < STEPS.index("switched"):
        assert after == NOTHING
    else:
        assert after.matching and after.database_label == "Q1"
    _publishes_cleanly_afterwards(published)


@pytest.mark.parametrize("step", ADOPTION_STEPS)
def test_a_kill_while_taking_over_a_folder_from_before_generations(tmp_path, step):
    # The warehouse file and reports folder an earlier version published (no build ids yet).
    published = tmp_path / "warehouse.duckdb"
    legacy_folder(published, "Q4")
    _killed_publish(published, "Q1", step)
    after = seen(published)
    if step == "reports-set-aside":
        # The one instant of the take-over that shows something else: no reports folder (never
        # other reports) until the next publish puts the link in its place.
        assert after == Seen("Q4", None, None, None)
    else:
        assert after == Seen("Q4", None, ("Q4",), None)
    _publishes_cleanly_afterwards(published)
