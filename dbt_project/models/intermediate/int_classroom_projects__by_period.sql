-- Classrooms delivered by the classroom programme, in the period of each project's actual completion.
select
    p.period_key,
    count(*) as projects_completed,
    sum(c.classrooms_delivered) as classrooms_delivered
from {{ ref('stg_infrastructure__classroom_projects') }} as c
inner join {{ ref('stg_reference__periods') }} as p
    on c.actual_completion between p.window_start and p.window_end
group by all
