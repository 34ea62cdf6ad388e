"""The Office's reference data the classifier reads: the seeds in dbt_project/seeds/.

One source of truth: the same CSV files dbt loads into the `reference` schema, so what
analysts see in `reference.ref_task_keywords` is what classified the items.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from orchestration.classify.normalise import fold, raw_syllables

SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"
TASK_PHRASES_CSV = SEEDS / "ref_task_keywords.csv"
SENTIMENT_LEXICON_CSV = SEEDS / "ref_sentiment_lexicon.csv"
PLACES_CSV = SEEDS / "ref_classifier_places.csv"
PLACE_SCOPES = ("city", "elsewhere")

POLARITIES = ("positive", "negative", "negator", "shield", "response")


class ReferenceError(ValueError):
    """A reference file the classifier cannot use (the message says file, line and why)."""


@dataclass(frozen=True)
class Entry:
    """One phrase or lexicon term, compiled to syllables."""

    text: str  # as written in the seed
    label: str  # task code, or polarity
    weight: float
    syllables: tuple[str, ...]  # lower-cased, diacritics kept
    folded: tuple[str, ...]  # without diacritics, for text typed without them
    acronym: bool  # written in capitals ("AI", "STEM"): matches only in capitals


def compile_entry(text: str, label: str, weight: float) -> Entry | None:
    raw = raw_syllables(text)
    if not raw:
        return None
    acronym = len(raw) == 1 and raw[0].isupper() and len(raw[0]) > 1
    lower = tuple(s.lower() for s in raw)
    return Entry(text, label, weight, lower, tuple(fold(s) for s in lower), acronym)


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceError(f"{path.name}: missing column(s) {', '.join(missing)}; header is {reader.fieldnames}")
        return [(number, row) for number, row in enumerate(reader, start=2)]


def load_task_phrases(path: Path = TASK_PHRASES_CSV) -> list[Entry]:
    """ref_task_keywords.csv: (task_code, phrase, weight). The weight of a phrase is its length
    in syllables unless the `weight` column says otherwise (the Office sets 1 for words that
    every education story uses, such as "giáo viên", so that they only break ties)."""
    entries = []
    for line, row in _rows(path, ("task_code", "phrase")):
        task = (row["task_code"] or "").strip()
        if not task.startswith("2.") or not task[2:].isdigit() or not 1 <= int(task[2:]) <= 15:
            raise ReferenceError(f"{path.name} line {line}: task_code {task!r} is not one of 2.1 ... 2.15")
        entry = compile_entry(row["phrase"] or "", task, 0.0)
        if entry is None:
            continue
        given = (row.get("weight") or "").strip()
        try:
            weight = float(given) if given else float(len(entry.syllables))
        except ValueError:
            raise ReferenceError(f"{path.name} line {line}: weight {given!r} is not a number") from None
        entries.append(Entry(entry.text, task, weight, entry.syllables, entry.folded, entry.acronym))
    return entries


def load_sentiment_lexicon(path: Path = SENTIMENT_LEXICON_CSV) -> list[Entry]:
    """ref_sentiment_lexicon.csv: (term, polarity, weight); a term listed twice keeps its last row."""
    by_term: dict[tuple[str, ...], Entry] = {}
    for line, row in _rows(path, ("term", "polarity", "weight")):
        polarity = (row["polarity"] or "").strip()
        if polarity not in POLARITIES:
            raise ReferenceError(
                f"{path.name} line {line}: polarity {polarity!r}; expected one of {', '.join(POLARITIES)}"
            )
        try:
            weight = float(row["weight"] or 1)
        except ValueError:
            raise ReferenceError(f"{path.name} line {line}: weight {row['weight']!r} is not a number") from None
        entry = compile_entry(row["term"] or "", polarity, weight)
        if entry is not None:
            by_term[entry.syllables] = entry
    return list(by_term.values())


def load_places(path: Path = PLACES_CSV) -> list[Entry]:
    """ref_classifier_places.csv: (place, scope), scope `city` or `elsewhere`."""
    entries = []
    for line, row in _rows(path, ("place", "scope")):
        scope = (row["scope"] or "").strip()
        if scope not in PLACE_SCOPES:
            raise ReferenceError(f"{path.name} line {line}: scope {scope!r}; expected one of {', '.join(PLACE_SCOPES)}")
        entry = compile_entry(row["place"] or "", scope, 1.0)
        if entry is not None:
            entries.append(entry)
    return entries
