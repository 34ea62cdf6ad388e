-- Which unit owes which report in which loaded period, from seed ref_reporting_expectations.
-- Quarterly reports are owed every period; the year-end report with the Q2 window (15 June).
with rules as (select * from {{ ref('ref_reporting_expectations') }}),

leads as (select distinct unit_code from {{ ref('int_unit_task_roles') }} where unit_role = 'lead'),

owed as (
    select distinct u.unit_code, r.report_kind
    from {{ ref('int_units') }} as u
    inner join rules as r on u.unit_kind = r.unit_kind
    where (r.rule = 'leads_a_task' and u.unit_code in (select unit_code from leads))
       or (r.rule = 'always' and (r.unit_code = '*' or r.unit_code = u.unit_code))
)

select o.unit_code, p.period_key, o.report_kind
from owed as o
cross join {{ ref('int_periods_loaded') }} as p
where o.report_kind = 'quarterly' or (o.report_kind = 'year_end' and p.quarter = 2)
