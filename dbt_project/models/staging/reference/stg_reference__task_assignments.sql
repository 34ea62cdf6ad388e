-- The plan's section IV.2 table as parsed: one row per task, role and assignee (a unit or a
-- group). Groups are resolved to units in int_unit_task_roles.
select
    task_code,
    role,
    assignee_kind,
    assignee_code,
    role_note
from {{ source('raw', 'ref_task_assignments') }}
