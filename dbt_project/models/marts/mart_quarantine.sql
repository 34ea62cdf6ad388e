-- Everything the pipeline refused, in one place: which file, sheet, row, column and value, and why.
select
    family,
    source_file,
    source_sheet,
    source_row,
    source_column,
    raw_value,
    reason,
    period_key,
    action
from {{ ref('stg_data_quality__quarantine') }}
