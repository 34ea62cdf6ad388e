select
    source_file,
    source_row,
    received_date,
    channel,
    topic,
    handling_unit,
    answered_date,
    status,
    period_key
from {{ source('raw', 'feedback_items') }}
