-- Every unit report received, corrections and superseded ones included: the history behind the
-- latest-wins rule. is_latest marks the submission the marts use for its unit, period and kind.
select
    s.submission_id,
    s.unit_code,
    s.unit_name,
    s.unit_kind,
    s.period_key,
    s.school_year,
    s.report_kind,
    s.received_at,
    s.received_source,
    s.received_at_source,
    s.declared_sent_date,
    s.source_file,
    s.match_method,
    s.match_confidence,
    s.rows_read,
    s.rows_loaded,
    s.rows_rejected,
    s.report_kind = 'ad_hoc' or s.submission_id in (select submission_id from {{ ref('int_unit_reports__latest') }}) as is_latest
from {{ ref('stg_unit_reports__submissions') }} as s
