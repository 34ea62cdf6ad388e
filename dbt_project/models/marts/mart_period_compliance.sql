-- Per period and kind of report: how many units owed a report, and how many sent it on time,
-- late, or not at all. share_on_time = on time / owed (units reporting unasked are not counted).
select
    period_key,
    school_year,
    report_kind,
    count(*) filter (where expected) as units_expected,
    count(*) filter (where expected and received) as units_received,
    count(*) filter (where expected and report_status = 'on_time') as units_on_time,
    count(*) filter (where expected and report_status = 'late') as units_late,
    count(*) filter (where expected and report_status = 'missing') as units_missing,
    count(*) filter (where not expected) as units_reporting_unasked,
    {{ round_number(divide(
        "count(*) filter (where expected and report_status = 'on_time')",
        'nullif(count(*) filter (where expected), 0)'), 4) }} as share_on_time
from {{ ref('mart_reporting_compliance') }}
{{ group_by_all(3) }}
