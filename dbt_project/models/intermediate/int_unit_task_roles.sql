-- The role of every unit on every task: lead, coordinating, or none. Groups are resolved here:
-- 'professional_departments' to its member departments, 'all_units' to every unit (departments,
-- wards, schools). A unit named directly keeps its direct role over a group's.
with assignments as (
    select task_code, role, assignee_kind, assignee_code from {{ ref('stg_reference__task_assignments') }}
),

members as (
    select g.group_code, trim(m.member) as unit_code
    from {{ ref('ref_unit_groups') }} as g, unnest({{ split_text('g.members', '|') }}) as m (member)
    where g.members <> '*'
),

roles as (
    select a.task_code, a.role, a.assignee_code as unit_code, 1 as directness
    from assignments as a where a.assignee_kind = 'unit'
    union all
    select a.task_code, a.role, m.unit_code, 2
    from assignments as a inner join members as m on a.assignee_code = m.group_code
    where a.assignee_kind = 'group'
    union all
    select a.task_code, a.role, u.unit_code, 3
    from assignments as a
    inner join {{ ref('ref_unit_groups') }} as g on a.assignee_code = g.group_code and g.members = '*'
    cross join {{ ref('int_units') }} as u
    where a.assignee_kind = 'group'
)

select distinct on (unit_code, task_code) unit_code, task_code, role as unit_role
from roles
order by unit_code, task_code, directness, role = 'lead' desc
