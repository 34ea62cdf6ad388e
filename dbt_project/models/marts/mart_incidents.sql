-- Every incident and communication crisis units reported, with how long it took to resolve.
select
    i.unit_code,
    u.unit_name,
    i.period_key,
    i.detected_date,
    i.severity,
    i.content,
    i.spread_channel,
    i.measures,
    i.resolved_date,
    i.resolution_days,
    i.result,
    i.first_reported_in
from {{ ref('int_incidents') }} as i
inner join {{ ref('int_units') }} as u using (unit_code)
