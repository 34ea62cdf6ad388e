-- The plan's 2030 targets (section I.1 and task 2.12), as parsed from the plan: the marts take
-- every target value from here, never from a literal.
select
    target_code,
    school_level,
    target_value,
    unit,
    quoted
from {{ source('raw', 'ref_targets_2030') }}
