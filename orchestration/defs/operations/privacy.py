"""The privacy check: no phone number, e-mail address or known personal string anywhere in the
warehouse (Decree 13/2023), blocking on marts.mart_task_quarter, the mart every report reads.

It scans every text column of every table and of the views analysts read (orchestration.privacy),
so a leak in raw, staging or a new mart is caught as well; a view that only shows bare columns of
scanned tables (reports.report_lineage) is covered by the scans of those tables. Known strings (names of respondents or
complainants the Office wants proven absent) come from the file named by
PRIVACY_KNOWN_STRINGS_FILE, one per line; the file holds personal data itself, so it lives
outside the repository and the inbox.

A refresh pays only for what changed: relations whose text is unchanged since they were last
scanned clean, with the same code and known strings, are skipped, by fingerprints kept in
privacy-scan-state.json beside the build copy (no values, no known strings in it). A missing or
unreadable state, or WAREHOUSE_PRIVACY_FULL_SCAN=1, scans everything.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from orchestration import privacy
from orchestration.defs.partitions import DUCKDB_POOL
from orchestration.defs.warehouse import Warehouse

STATE_FILE = "privacy-scan-state.json"
MAX_HITS_IN_METADATA = 25


def _scan(database: Path, known: list[str], full: bool = False) -> privacy.ScanResult:
    """Scan the build copy, skipping what the state beside it proves unchanged since a clean
    scan (unless `full`), and save the new state."""
    state_path = database.parent / STATE_FILE
    state = None if full else privacy.load_scan_state(state_path)
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.ConnectionException:
        # This process already holds the file open for writing (same-process runs): DuckDB
        # refuses a second configuration. The check is in the writer pool, so nothing else
        # writes meanwhile and the scan only reads.
        con = duckdb.connect(str(database))
    with con:
        result = privacy.scan_warehouse(con, known, state=state)
    privacy.save_scan_state(state_path, result.state)
    return result


@dg.asset_check(
    asset=dg.AssetKey(["marts", "mart_task_quarter"]),
    name="no_personal_data",
    blocking=True,
    # Reads the file while no writer runs: DuckDB lets a reader in only between writers.
    pool=DUCKDB_POOL,
    description=(
        "Every text column of every table and view of the warehouse is free of phone numbers, "
        "e-mail addresses and the known strings of PRIVACY_KNOWN_STRINGS_FILE (Decree 13/2023)."
    ),
)
def no_personal_data(warehouse: Warehouse) -> dg.AssetCheckResult:
    known = warehouse.known_strings()
    result = _scan(warehouse.database(), known, full=warehouse.privacy_full_scan)
    hits = [h.as_dict() for h in result.hits]
    return dg.AssetCheckResult(
        passed=result.clean,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "columns_scanned": result.columns_scanned,
            "relations_scanned": result.relations_scanned,
            # Unchanged since their last clean scan (fingerprints in privacy-scan-state.json).
            "relations_skipped_unchanged": result.relations_skipped,
            "columns_skipped_unchanged": result.columns_skipped,
            "rows_scanned": result.rows_scanned,
            "rows_skipped_unchanged": result.rows_skipped,
            # Views showing only bare columns of scanned tables hold no value those tables do not.
            "views_of_scanned_tables": dg.MetadataValue.json(result.views_of_tables),
            "full_scan_forced": warehouse.privacy_full_scan,
            "known_strings": len(known),
            "hits": len(hits),
            "rows_with_hits": sum(h.rows for h in result.hits),
            "hit_examples": dg.MetadataValue.json(hits[:MAX_HITS_IN_METADATA]),
            "unreadable_relations": dg.MetadataValue.json(result.errors),
            "how_to_resolve": (
                "Each hit names schema, table and column and a masked sample. Find the reader or "
                "model that copies the value (a personal column the questionnaire lists as "
                "'question' or 'ignore', a free-text column read by mistake) and drop or hash it there."
            ),
        },
    )
