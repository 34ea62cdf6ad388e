-- The periods the marts cover: a period enters when its first quarterly unit report arrives.
-- Media, surveys and feedback of other periods stay in staging until then, so a press export
-- that runs past the last window does not add a period in which every unit shows as missing.
with reported as (
    select distinct period_key
    from {{ ref('stg_unit_reports__submissions') }}
    where report_kind = 'quarterly'
)

select p.*
from {{ ref('stg_reference__periods') }} as p
inner join reported using (period_key)
