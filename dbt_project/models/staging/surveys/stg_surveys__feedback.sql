-- One row per feedback letter or hotline record (thư góp ý, đường dây nóng). The free-text
-- content (nội dung) is never loaded. source_file, source_sheet and source_row identify a row.
select
    source_file,
    source_sheet,
    source_row,
    received_date,
    channel,
    topic,
    handling_unit,
    answered_date,
    status,
    period_key
from {{ source('raw', 'feedback_items') }}
