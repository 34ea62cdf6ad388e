select
    submission_id,
    source_file,
    source_row,
    task_code,
    completion_pct,
    highlights,
    difficulties,
    proposals
from {{ source('raw', 'unit_report_assessments') }}
