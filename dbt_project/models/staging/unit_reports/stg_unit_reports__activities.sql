select
    submission_id,
    source_file,
    source_sheet,
    source_row,
    task_code,
    activity_form,
    channel,
    title,
    activity_date,
    coalesce(quantity, 1) as quantity,
    reach,
    engagement,
    link
from {{ source('raw', 'unit_report_activities') }}
