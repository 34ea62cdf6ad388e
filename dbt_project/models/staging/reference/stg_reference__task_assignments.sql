-- Groups are expanded into their member departments here; 'all_units' (task 2.15's
-- coordinators) means every department, and every ward and school that reports.
with assignments as (
    select task_code, role, assignee_kind, assignee_code, role_note
    from {{ source('raw', 'ref_task_assignments') }}
),

group_members as (
    select g.group_code, trim(m.unnest) as unit_code
    from {{ ref('ref_unit_groups') }} as g,
        unnest(string_split(g.members, '|')) as m
    where g.members <> '*'
),

final as (
    select task_code, role, assignee_code as unit_code, null as via_group, role_note
    from assignments
    where assignee_kind = 'unit'
    union all
    select a.task_code, a.role, m.unit_code, a.assignee_code as via_group, a.role_note
    from assignments as a
    inner join group_members as m on a.assignee_code = m.group_code
    where a.assignee_kind = 'group'
    union all
    select a.task_code, a.role, d.unit_code, a.assignee_code as via_group, a.role_note
    from assignments as a
    cross join {{ ref('ref_departments') }} as d
    inner join {{ ref('ref_unit_groups') }} as g on a.assignee_code = g.group_code and g.members = '*'
    where a.assignee_kind = 'group'
)

-- A unit named both directly and through a group keeps the direct, stronger role.
select distinct on (task_code, unit_code)
    task_code, role, unit_code, via_group, role_note
from final
order by task_code, unit_code, role = 'lead' desc, via_group nulls first
