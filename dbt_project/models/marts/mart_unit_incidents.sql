-- Incidents per unit and period: how many, how severe, how fast they were resolved, and how.
select
    i.unit_code,
    u.unit_name,
    i.period_key,
    count(*) as incidents,
    count(*) filter (where severity = 'Cao') as incidents_high,
    count(*) filter (where severity = 'Trung bình') as incidents_medium,
    count(*) filter (where severity = 'Thấp') as incidents_low,
    count(*) filter (where resolved_date is null) as incidents_open,
    {{ median('resolution_days') }} as median_resolution_days,
    max(resolution_days) as worst_resolution_days,
    string_agg(distinct measures, '; ' order by measures) as measures
from {{ ref('int_incidents') }} as i
inner join {{ ref('int_units') }} as u using (unit_code)
{{ group_by_all(3) }}
