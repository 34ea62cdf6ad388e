"""The published marts: a build of every model to compare a partial refresh with, and the
README's analyst queries timed on the published file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from orchestration.domain.reference import PROJECT_ROOT


def build_every_model(database: Path, target: Path) -> None:
    env = dict(os.environ, WAREHOUSE_BUILD=str(database))
    subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "build",
            "--project-dir",
            "dbt_project",
            "--profiles-dir",
            "dbt_project",
            "--target-path",
            str(target),
            "--quiet",
        ],
        check=True,
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
    )


# ------------------------------------------------------------------ analyst queries


def readme_queries() -> list[tuple[str, str]]:
    """(first comment line, SQL) of each example query in README.md's sql blocks."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```sql\n(.*?)```", text, flags=re.S):
        for statement in block.split(";"):
            lines = [line for line in statement.strip().splitlines()]
            comments = [line[2:].strip() for line in lines if line.startswith("--")]
            sql = "\n".join(line for line in lines if not line.startswith("--")).strip()
            if sql:
                out.append((comments[0] if comments else sql[:60], sql))
    return out


def time_queries(database: Path) -> list[tuple[str, float, float, int]]:
    """(question, first run ms, best of 5 ms, rows) on a read-only connection to the file."""
    import duckdb

    out = []
    con = duckdb.connect(str(database), read_only=True)
    for question, sql in readme_queries():
        times = []
        for _ in range(5):
            started = time.perf_counter()
            rows = len(con.execute(sql).fetchall())
            times.append((time.perf_counter() - started) * 1000)
        out.append((question, times[0], min(times), rows))
    return out
