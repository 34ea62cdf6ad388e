select
    submission_id,
    source_file,
    file_sha256,
    received_at,
    received_source,
    -- The analysts' words for where received_at came from: the document system's receipt log, or
    -- the file's modification time (which a copy or a git checkout resets).
    case received_source when 'file_mtime' then 'file_time' else received_source end as received_at_source,
    declared_sent_date,
    unit_code,
    unit_kind,
    unit_name,
    match_method,
    match_confidence,
    report_kind,
    period_key,
    school_year,
    rows_read,
    rows_loaded,
    rows_rejected
from {{ source('raw', 'unit_report_submissions') }}
