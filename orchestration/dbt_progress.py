"""Progress of a dbt build for the person at the terminal, read from dbt's own log lines.

dbt prints one line as each model, seed and test starts and one as it ends ("12 of 386 OK
created sql table model marts.mart_task_quarter ... [OK in 0.41s]"). A refresh sends those
hundreds of lines to its log file; this stream passes everything through to that file and
shows, instead, one line that counts models and tests done out of the total, each failure as
it happens, and the slowest models at the end. On a terminal the line is redrawn in place;
elsewhere (CI, a log) a plain line is printed at every tenth of the build.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import TextIO

# "12 of 386 OK created sql table model marts.mart_x ....... [OK in 0.41s]"
_RESULT = re.compile(
    r"(?P<done>\d+) of (?P<total>\d+) (?P<status>OK|PASS|WARN|FAIL|ERROR|SKIP|NO-OP)\b(?P<rest>.*?)"
    r"(?:\[.*?in (?P<seconds>[\d.]+)s\])?\s*$"
)
_MODEL = re.compile(r"\bmodel (?P<name>[\w.]+)")
_TEST = re.compile(r"^\s*(?:\d+\s+)?(?P<name>[\w.]+)")
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
_FAILED = {"FAIL", "ERROR"}


@dataclass
class BuildProgress:
    """Counts of one dbt build, from its result lines."""

    total: int = 0
    done: int = 0
    models: int = 0
    tests: int = 0
    failures: list[str] = field(default_factory=list)
    model_seconds: dict[str, float] = field(default_factory=dict)

    def take(self, line: str) -> str | None:
        """Count one log line; returns the failure it reports, if any."""
        match = _RESULT.search(_COLOUR.sub("", line))
        if match is None:
            return None
        self.total = int(match["total"])
        self.done = max(self.done, int(match["done"]))
        rest = match["rest"]
        model = _MODEL.search(rest)
        if model is not None:
            self.models += 1
            if match["seconds"]:
                self.model_seconds[model["name"]] = float(match["seconds"])
        elif match["status"] in {"PASS", "WARN", "FAIL"} or "test" in rest:
            self.tests += 1
        if match["status"] in _FAILED:
            test = _TEST.match(rest)
            what = model["name"] if model is not None else test["name"] if test else rest.strip()
            failure = f"{match['status']} {what}"
            self.failures.append(failure)
            return failure
        return None

    def line(self) -> str:
        failed = f", {len(self.failures)} failed" if self.failures else ""
        return f"  dbt: {self.done}/{self.total} done ({self.models} models, {self.tests} tests){failed}"

    def slowest(self, count: int = 5) -> list[tuple[str, float]]:
        return sorted(self.model_seconds.items(), key=lambda item: (-item[1], item[0]))[:count]


class ProgressStream(io.TextIOBase):
    """Writes everything to `log`; shows the build's progress on `console`."""

    def __init__(self, log: TextIO, console: TextIO):
        self._log, self._console = log, console
        self._pending = ""
        self._interactive = console.isatty()
        self._shown_tenth = -1
        self.progress = BuildProgress()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._log.write(text)
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            self._take(line)
        return len(text)

    def flush(self) -> None:
        self._log.flush()

    def _take(self, line: str) -> None:
        failure = self.progress.take(line)
        if failure is not None:
            self._show(f"  ✗ dbt {failure}", permanent=True)
        if self.progress.total == 0:
            return
        if self._interactive:
            self._show(self.progress.line(), permanent=False)
        else:
            tenth = self.progress.done * 10 // self.progress.total
            if tenth > self._shown_tenth:
                self._shown_tenth = tenth
                self._show(self.progress.line(), permanent=True)

    def _show(self, text: str, permanent: bool) -> None:
        if self._interactive:
            # Redraw in place; a permanent line (a failure) is left above the moving one.
            self._console.write("\r\x1b[2K" + text + ("\n" if permanent else ""))
        else:
            self._console.write(text + "\n")
        self._console.flush()

    def finish(self) -> None:
        """End the moving line and name the slowest models (nothing when dbt did not run)."""
        if self.progress.total == 0:
            return
        if self._interactive:
            self._show(self.progress.line(), permanent=True)
        slow = self.progress.slowest()
        if slow:
            named = ", ".join(f"{name.rsplit('.', 1)[-1]} {seconds:.1f}s" for name, seconds in slow)
            self._console.write(f"  slowest models: {named}\n")
            self._console.flush()
