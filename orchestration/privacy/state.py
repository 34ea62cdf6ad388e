"""The incremental privacy scan's state: what the last scan found clean, kept in a file so that
the next scan reads only what changed.

A refresh changes a few relations, yet scanning every one again costs the same whatever changed.
A relation whose scanned text is the same multiset of rows as when it was last scanned clean,
by the same code with the same known strings, cannot hold anything new: it is skipped. Sameness
is the relation's fingerprint (warehouse/fingerprints.py) over the text columns the scan reads: the
row count and the sum of each row's hash, computed in DuckDB far more cheaply than the patterns
run; a sum does not depend on row order, so a mart rebuilt with the same rows is still the same.

A relation with a period_key column is fingerprinted per period, so a refresh that brings a new
quarter rescans that quarter's rows of every table and view rebuilt with it, whatever order dbt
wrote them in (a table rebuilt whole rewrites every block of rowids). Any other table is
fingerprinted per block of CHUNK_ROWS rowids, so appending rows or replacing one unit's rows
rescans the blocks they touched, not the whole table. Any other view is fingerprinted, and
rescanned, whole.

The known strings are personal data kept outside the warehouse: the state holds only a slow,
salted digest of them (with the scan's code and the versions its verdict depends on), so that it
cannot be used to test guesses such as a phone number cheaply. Fingerprints of relations reveal
nothing the database beside the state does not already hold.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import phonenumbers

from orchestration.domain import personal_data
from orchestration.warehouse import fingerprints
from orchestration.warehouse.fingerprints import Fingerprint, period_part, relation_fingerprints

CHUNK_ROWS = 122_880  # DuckDB's row group: the unit an append or a delete touches
PERIOD_COLUMN = "period_key"
# The layout of the state and how its fingerprints are computed: a state of another version is
# read as no state, and the next scan reads everything.
STATE_VERSION = 3
_INPUTS_ITERATIONS = 200_000


@dataclass(frozen=True)
class RelationFingerprint:
    whole: Fingerprint
    # The relation's parts: "p:<period_key>" for a relation with that column, else, for a
    # table, its blocks of rowids (rowid // CHUNK_ROWS, as text); None: whole only.
    parts: dict[str, Fingerprint] | None

    def as_state(self, columns_digest: str) -> dict[str, object]:
        entry: dict[str, object] = {
            "columns": columns_digest,
            "rows": self.whole.rows,
            "hash_sum": str(self.whole.row_hash_sum),
        }
        if self.parts is not None:
            entry["parts"] = {k: [f.rows, str(f.row_hash_sum)] for k, f in sorted(self.parts.items())}
        return entry


def fingerprint_relation(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, columns: Sequence[str], is_table: bool
) -> RelationFingerprint | None:
    """The fingerprint of `columns`, per period when they hold period_key, else per block of
    rowids for a table, else whole. None when the relation cannot be read."""
    relation = (schema, table)
    if PERIOD_COLUMN in columns:
        found = relation_fingerprints(con, relation, PERIOD_COLUMN, columns=columns)
        parts = None if found is None else {f"p:{k}": f for k, f in found.items()}
    elif is_table:
        parts = relation_fingerprints(con, relation, columns=columns, rowid_blocks=CHUNK_ROWS)
    else:
        whole = relation_fingerprints(con, relation, columns=columns)
        return None if whole is None else RelationFingerprint(whole[fingerprints.NO_PERIOD], None)
    if parts is None:
        return None
    whole = Fingerprint(sum(f.rows for f in parts.values()), sum(f.row_hash_sum for f in parts.values()))
    return RelationFingerprint(whole, parts)


def unchanged(now: RelationFingerprint, before: dict[str, object]) -> bool:
    return before.get("rows") == now.whole.rows and before.get("hash_sum") == str(now.whole.row_hash_sum)


def changed_rows(now: RelationFingerprint, before: dict[str, object]) -> tuple[str | None, int]:
    """The SQL condition covering the parts (periods or blocks of rowids) whose fingerprint
    changed (None: the whole relation) and how many rows they hold."""
    old_parts = before.get("parts")
    if now.parts is None or not isinstance(old_parts, dict):
        return None, now.whole.rows
    changed_parts = [k for k, f in now.parts.items() if old_parts.get(k) != [f.rows, str(f.row_hash_sum)]]
    rows = sum(now.parts[k].rows for k in changed_parts)
    if any(k.startswith("p:") for k in now.parts):
        periods = ", ".join("'" + k[2:].replace("'", "''") + "'" for k in sorted(changed_parts))
        return (f"({period_part(PERIOD_COLUMN)} in ({periods}))" if periods else "false"), rows
    changed = sorted(int(k) for k in changed_parts)
    ranges: list[list[int]] = []
    for k in changed:  # adjacent blocks merge into one range
        if ranges and ranges[-1][1] == k:
            ranges[-1][1] = k + 1
        else:
            ranges.append([k, k + 1])
    condition = " or ".join(f"(rowid >= {a * CHUNK_ROWS} and rowid < {b * CHUNK_ROWS})" for a, b in ranges)
    return (f"({condition})" if condition else "false"), rows


def columns_digest(columns: Sequence[str]) -> str:
    return hashlib.sha256("\0".join(columns).encode("utf-8")).hexdigest()[:16]


def _scan_code() -> list[Path]:
    """The code a clean verdict depends on: this package (filters, limits, what is read), the
    fingerprints and the detector."""
    return [
        *sorted(Path(__file__).parent.glob("*.py")),
        Path(fingerprints.__file__),
        Path(personal_data.__file__),
    ]


def _inputs_digest(known: Sequence[str], salt: str) -> str:
    """What a clean verdict depends on besides the rows: the scan's code (`_scan_code`: the
    detector's patterns among it), phonenumbers (its metadata says which numbers are valid),
    DuckDB (its regexes and hash()), Python's Unicode tables (the detector folds characters by
    them), and the known strings (already prepared). A change of any of them makes the next scan
    read everything."""
    payload = b"\0".join(
        [
            *(path.read_bytes() for path in _scan_code()),
            phonenumbers.__version__.encode(),
            duckdb.__version__.encode(),
            unicodedata.unidata_version.encode(),
            *(k.encode("utf-8") for k in known),
        ]
    )
    return hashlib.pbkdf2_hmac("sha256", payload, bytes.fromhex(salt), _INPUTS_ITERATIONS).hex()


def previous_relations(state: object, known: Sequence[str]) -> tuple[dict[str, dict[str, object]], dict[str, str]]:
    """The relations the previous scan found clean and its inputs (salt and digest), if it ran
    with the same inputs; else nothing, and new inputs with a fresh salt."""
    inputs = state.get("inputs") if isinstance(state, dict) and state.get("version") == STATE_VERSION else None
    relations = state.get("relations") if isinstance(state, dict) else None
    if isinstance(inputs, dict) and isinstance(relations, dict):
        salt, digest = inputs.get("salt"), inputs.get("digest")
        try:
            if isinstance(salt, str) and isinstance(digest, str) and _inputs_digest(known, salt) == digest:
                return {k: v for k, v in relations.items() if isinstance(v, dict)}, {"salt": salt, "digest": digest}
        except ValueError:  # a salt that is not hex
            pass
    salt = os.urandom(16).hex()
    return {}, {"salt": salt, "digest": _inputs_digest(known, salt)}


def new_state(inputs: dict[str, str], clean: dict[str, dict[str, object]]) -> dict[str, object]:
    """The state a scan leaves: its inputs and the relations it found clean."""
    return {"version": STATE_VERSION, "inputs": inputs, "relations": clean}


def load_scan_state(path: Path) -> object:
    """The state a previous scan saved, or None when there is none or it cannot be read (the
    next scan then reads everything; `previous_relations` checks its shape)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save_scan_state(path: Path, state: dict[str, object]) -> None:
    """Write the state atomically: a crash leaves the old state or the new, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as tmp:
        json.dump(state, tmp, sort_keys=True)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, path)
