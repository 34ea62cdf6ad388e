select
    submission_id,
    source_file,
    source_row,
    detected_date,
    content,
    severity,
    spread_channel,
    measures,
    resolved_date,
    result
from {{ source('raw', 'unit_report_incidents') }}
