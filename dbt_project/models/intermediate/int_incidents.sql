-- Incidents (sheet SuCo) from each unit's latest quarterly report and from every ad-hoc report
-- (each ad-hoc report is its own report, not a correction). The same incident often appears in
-- an ad-hoc report and again in the quarter's report: one per unit, detection day, severity and
-- opening words. Year-end reports restate the year and are not added.
with sources as (
    select s.unit_code, s.period_key, s.report_kind, s.received_at, i.*
    from {{ ref('stg_unit_reports__submissions') }} as s
    inner join {{ ref('stg_unit_reports__incidents') }} as i using (submission_id)
    where s.report_kind = 'ad_hoc'
       or s.submission_id in (
           select submission_id from {{ ref('int_unit_reports__latest') }} where report_kind = 'quarterly'
       )
)

select distinct on (unit_code, detected_date, severity, left({{ fold_text('content') }}, 60))
    unit_code,
    period_key,
    detected_date,
    content,
    severity,
    spread_channel,
    measures,
    resolved_date,
    {{ dbt.datediff('detected_date', 'resolved_date', 'day') }} as resolution_days,
    result,
    report_kind as first_reported_in,
    source_file,
    source_row
from sources
order by unit_code, detected_date, severity, left({{ fold_text('content') }}, 60), received_at, source_file, source_row
