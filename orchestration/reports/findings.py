"""The units' own sentences (highlights, difficulties, proposals of sheet DanhGia) grouped into
findings: the same sentence written by several units, or for several tasks, is printed once
with the units and tasks named, instead of once per unit and task."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from orchestration.reports.data import Row

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_NOT_WORD = re.compile(r"[^\w]+")


@dataclass
class Finding:
    text: str  # as the first unit wrote it
    units: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)

    def sentence(self) -> str:
        """'Thiếu kinh phí (Văn phòng, Phòng Học sinh, sinh viên; nhiệm vụ 2.9, 2.10).'"""
        text = self.text.rstrip(" .;")
        who = ", ".join(self.units)
        tasks = ", ".join(self.tasks)
        return f"{text} ({who}; nhiệm vụ {tasks})."


def _key(sentence: str) -> str:
    """Same finding when the words match, whatever the case, spacing and punctuation."""
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFC", sentence).casefold()).strip()


def _task_order(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split(".") if p.isdigit())


def group(rows: list[Row], column: str) -> list[Finding]:
    """Findings of one column, the most widely shared first (then in order of first appearance)."""
    found: dict[str, Finding] = {}
    for r in rows:
        text = r.get(column)
        if not text:
            continue
        for sentence in _SENTENCE_END.split(str(text)):
            key = _key(sentence)
            if not key:
                continue
            finding = found.setdefault(key, Finding(sentence.strip()))
            if r["unit_name"] not in finding.units:
                finding.units.append(r["unit_name"])
            if r["task_code"] not in finding.tasks:
                finding.tasks.append(r["task_code"])
    for finding in found.values():
        finding.tasks.sort(key=_task_order)
    return sorted(found.values(), key=lambda f: -len(f.units))
