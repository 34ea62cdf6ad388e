"""The one quarterly partitions definition, keyed like `2025-Q4`, that every partitioned asset uses.

The keys come from `orchestration.domain.periods`, where the windows (15th to 14th, Decree
09/2019) and the warehouse's range of school years are defined once.
"""

import dagster as dg

from orchestration.domain.periods import all_periods

reporting_period_partitions = dg.StaticPartitionsDefinition([p.key for p in all_periods()])

# Every asset that writes the DuckDB file takes a slot in this pool; dagster.yaml sizes it at 1,
# because DuckDB allows one writing process at a time.
DUCKDB_POOL = "duckdb_writer"
