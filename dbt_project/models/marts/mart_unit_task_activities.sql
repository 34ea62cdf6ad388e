-- What each unit did for each task, by form and channel, per period (latest quarterly reports),
-- and whether the plan assigned the task to the unit (lead / coordinating) or not.
select
    a.unit_code,
    u.unit_name,
    u.unit_kind,
    a.period_key,
    a.task_code,
    coalesce(r.unit_role, 'not_assigned') as unit_role,
    r.unit_role is not null as task_assigned,
    a.activity_form,
    a.channel,
    count(*) as activities_count,
    cast(sum(a.quantity) as double precision) as activities_quantity,
    cast(sum(a.reach) as bigint) as activities_reach,
    cast(sum(a.engagement) as bigint) as activities_engagement
from {{ ref('int_activities__latest') }} as a
inner join {{ ref('int_units') }} as u using (unit_code)
left join {{ ref('int_unit_task_roles') }} as r using (unit_code, task_code)
{{ group_by_all(9) }}
