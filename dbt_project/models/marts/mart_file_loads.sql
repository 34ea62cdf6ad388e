-- Per source file: rows read, loaded and rejected (read = loaded + rejected, checked at ingestion).
select family, source_file, period_key, rows_read, rows_loaded, rows_rejected
from {{ ref('stg_data_quality__file_loads') }}
