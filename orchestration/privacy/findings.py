"""What the privacy scan reports, and how it matches one text.

A hit names where personal data was found (schema, table and column, or file and line), its
kind (phone, email, known), how many rows hold it and one masked sample (`09******56`,
`n***@b***.vn`), never the value itself. Phones and e-mail addresses are found by
`orchestration.domain.personal_data`, the detector the readers redact with; known strings (the
fixtures' or a complaint's names, phones, e-mails) are compared folded (case, diacritics and
punctuation ignored) on word boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.domain import personal_data
from orchestration.domain.text import fold_key

MIN_KNOWN_LENGTH = 5


@dataclass(frozen=True)
class Match:
    kind: str  # phone | email | known
    masked: str


@dataclass(frozen=True)
class PrivacyHit:
    schema: str
    table: str
    column: str
    kind: str
    rows: int
    sample: str  # masked

    def as_dict(self) -> dict[str, object]:
        return {
            "schema": self.schema,
            "table": self.table,
            "column": self.column,
            "kind": self.kind,
            "rows": self.rows,
            "sample": self.sample,
        }


@dataclass
class ScanResult:
    hits: list[PrivacyHit] = field(default_factory=list)
    columns_scanned: int = 0
    errors: list[str] = field(default_factory=list)  # relations that could not be read
    # Incremental scan: a relation is scanned (in whole or in its changed parts) or skipped as
    # unchanged since its last clean scan.
    relations_scanned: int = 0
    relations_skipped: int = 0
    columns_skipped: int = 0
    rows_scanned: int = 0
    rows_skipped: int = 0
    # Views that only show columns of tables the scan covers (`columns_of_tables`): not read.
    views_of_tables: list[str] = field(default_factory=list)
    # What the next scan may skip: fingerprints of the relations scanned clean (see state.py).
    state: dict[str, object] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not self.hits and not self.errors


# ---------------------------------------------------------------- masking


def mask_phone(text: str) -> str:
    text = personal_data.detection_copy(text)[0]  # ASCII digits: the sample shows no full-width '０９'
    digits = re.sub(r"[^0-9]", "", text)
    return ("+" if text.lstrip("( ").startswith("+") else "") + digits[:2] + "*" * (len(digits) - 4) + digits[-2:]


def mask_email(text: str) -> str:
    local, _, domain = text.partition("@")
    tld = domain.rsplit(".", 1)[-1]
    return f"{local[:1]}***@{domain[:1]}***.{tld}"


def mask_known(text: str) -> str:
    return f"{text[:1]}*** ({len(text)} characters)"


# ---------------------------------------------------------------- matching


def _folded(text: str) -> str:
    return f" {fold_key(text) or ''} "


def prepare_known(strings: Iterable[str]) -> list[str]:
    """Known strings folded for matching; raises ValueError for one so short it would match anything."""
    prepared = []
    for text in strings:
        folded = fold_key(text)
        if folded is None:
            continue
        if len(folded) < MIN_KNOWN_LENGTH:
            raise ValueError(
                f"known string {mask_known(text)!r} is shorter than {MIN_KNOWN_LENGTH} characters once "
                "folded: it would match ordinary words; give the full name, number or address"
            )
        prepared.append(folded)
    return sorted(set(prepared))


def find_personal_data(text: str | None, known: Sequence[str] = ()) -> list[Match]:
    """Phones, e-mails and known strings (already `prepare_known`-ed) in one text, masked."""
    if not text:
        return []
    found = [
        Match(f.kind, (mask_phone if f.kind == "phone" else mask_email)(f.text(text))) for f in personal_data.find(text)
    ]
    if known:
        folded = _folded(text)
        found += [Match("known", mask_known(k)) for k in known if f" {k} " in folded]
    return found


def read_known_strings(path: Path) -> list[str]:
    """One known string per line of a UTF-8 file; blank lines and lines starting with # ignored."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


# ---------------------------------------------------------------- reports and other files


def scan_files(paths: Iterable[Path], known: Iterable[str] = ()) -> list[PrivacyHit]:
    """Hits in text files (generated reports: .md, .csv, .html, ...): schema 'file', table the
    path, column 'line N' of the first line holding each kind."""
    prepared = prepare_known(known)
    hits = []
    for path in paths:
        first: dict[str, tuple[int, str]] = {}
        counts: dict[str, int] = {}
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            for m in find_personal_data(line, prepared):
                counts[m.kind] = counts.get(m.kind, 0) + 1
                first.setdefault(m.kind, (number, m.masked))
        hits += [
            PrivacyHit("file", str(path), f"line {first[k][0]}", k, counts[k], first[k][1]) for k in sorted(counts)
        ]
    return hits
