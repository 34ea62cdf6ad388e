-- What the public of each ward did in each period: survey responses from the ward (duplicate
-- submissions collapsed) and classrooms the programme delivered in it (projects completed in
-- the period, by completion date). A ward is a unit (unit_code = ward_code); mart_unit_quarter
-- shows these beside the unit's own channels (int_unit_channels__by_period).
-- A view: a count over the kept responses and the project lists, read once by the mart. Apart
-- from int_unit_channels__by_period because int_survey_responses__latest is rebuilt whole
-- whenever a survey arrives, and the project lists have no period: in that table, either would
-- make a refresh recompute every period.
with per_ward as (
    select ward_code as unit_code, period_key, 'survey_responses' as measure, count(*) as value
    from {{ ref('int_survey_responses__latest') }}
    where ward_code is not null
    {{ group_by_all(2) }}
    union all
    select c.ward_code, p.period_key, 'classrooms_delivered', coalesce(sum(c.classrooms_delivered), 0)
    from {{ ref('stg_infrastructure__classroom_projects') }} as c
    inner join {{ ref('stg_reference__periods') }} as p
        on c.actual_completion between p.window_start and p.window_end
    where c.ward_code is not null
    {{ group_by_all(2) }}
)

select
    unit_code,
    period_key,
    sum(case when measure = 'survey_responses' then value end) as survey_responses,
    sum(case when measure = 'classrooms_delivered' then value end) as classrooms_delivered
from per_ward
group by unit_code, period_key
