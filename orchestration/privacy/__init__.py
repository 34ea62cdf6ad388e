"""Personal-data scan: phone numbers, e-mail addresses and known strings in the warehouse's text.

Decree 13/2023 and the Personal Data Protection Law: names, phones and e-mails of respondents,
citizens and preparers must never reach a table or a report. The readers drop or hash them at
the edge; this scan is the independent proof, run as a blocking Dagster check.

What it looks at (`relations`): every VARCHAR column of every table of the DuckDB file (raw,
staging, intermediate, marts, reference) and of the views analysts read, and text files such as
generated reports. Nothing is whitelisted: false positives are avoided by the detector itself,
which matches whole tokens only, so a number inside a longer id, a hex hash, a URL's long post
id, a decimal amount or a file name like 'THPT-NTMK' is not a phone. What it finds
(`findings`):
- phone numbers and e-mail addresses, by `orchestration.domain.personal_data` (the detector the
  readers redact with: every form it knows is listed there): Vietnamese mobiles and landlines
  with any prefix, grouping, dash, space or digit form people type, foreign numbers after '+';
  hotlines (1800, 1900) are public and not reported;
- optional known strings (the fixtures' or a complaint's names, phones, e-mails), compared
  folded (case, diacritics and punctuation ignored) on word boundaries.
A hit names the schema, table and column, how many rows hold it and one masked sample
(`09******56`, `n***@b***.vn`), never the value itself.

How (`scan`): a cheap SQL filter in DuckDB, then the exact detector on the candidates.
Incremental (`state`): given the state of the previous scan, a relation whose scanned text is
unchanged since it was last scanned clean with the same patterns and known strings is skipped,
and a relation is rescanned only in the periods (period_key) or blocks of rows that changed.
"""

from orchestration.privacy.findings import (
    Match,
    PrivacyHit,
    ScanResult,
    find_personal_data,
    mask_email,
    mask_known,
    mask_phone,
    prepare_known,
    read_known_strings,
    scan_files,
)
from orchestration.privacy.relations import VIEW_SCHEMAS, columns_of_tables, text_columns
from orchestration.privacy.scan import candidate_filter, scan_database, scan_relation, scan_warehouse
from orchestration.privacy.state import (
    CHUNK_ROWS,
    STATE_VERSION,
    fingerprint_relation,
    load_scan_state,
    save_scan_state,
)

__all__ = [
    "CHUNK_ROWS",
    "STATE_VERSION",
    "VIEW_SCHEMAS",
    "Match",
    "PrivacyHit",
    "ScanResult",
    "candidate_filter",
    "columns_of_tables",
    "find_personal_data",
    "fingerprint_relation",
    "load_scan_state",
    "mask_email",
    "mask_known",
    "mask_phone",
    "prepare_known",
    "read_known_strings",
    "save_scan_state",
    "scan_database",
    "scan_files",
    "scan_relation",
    "scan_warehouse",
    "text_columns",
]
