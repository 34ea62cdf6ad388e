-- Each project × reporting period: the classrooms it had delivered by the end of the period, as
-- far as the lists received tell (cumulative, never summed across lists).
-- A list states each project's delivered classrooms on a date: the project's actual completion
-- date when it is completed, else the list's as-of date (its banner, "cập nhật đến ..."). That
-- date is when the delivery is known, not necessarily when it happened. The figure of a project
-- at the end of a period is the one of its latest list dated by then; lists without any date
-- are left out here (mart_classroom_programme_progress counts them apart as undated).
with lists as (
    select
        project_code,
        funding,
        classrooms_planned,
        start_date,
        actual_completion,
        coalesce(classrooms_delivered, 0) as classrooms_delivered,
        case
            when project_status = 'completed' and actual_completion is not null then actual_completion
            else as_of_date
        end as known_date,
        source_file,
        source_row
    from {{ ref('stg_infrastructure__classroom_projects') }}
),

latest as (
    select project_code, funding, classrooms_planned, start_date, actual_completion
    from {{ ref('int_classroom_projects__latest') }}
),

periods as (
    select period_key, window_start, window_end from {{ ref('stg_reference__periods') }}
),

known_by_period as (
    select distinct on (p.period_key, l.project_code)
        p.period_key, l.project_code, l.classrooms_delivered as classrooms_delivered_to_date
    from periods as p
    inner join lists as l on l.known_date <= p.window_end
    order by p.period_key, l.project_code, l.known_date desc, l.source_file desc, l.source_row
),

known_before_period as (
    select distinct on (p.period_key, l.project_code)
        p.period_key, l.project_code, l.classrooms_delivered as classrooms_delivered_before
    from periods as p
    inner join lists as l on l.known_date < p.window_start
    order by p.period_key, l.project_code, l.known_date desc, l.source_file desc, l.source_row
),

final as (
    select
        p.period_key,
        p.window_start,
        p.window_end,
        x.project_code,
        x.funding,
        x.classrooms_planned,
        x.start_date <= p.window_end as is_started,
        x.actual_completion between p.window_start and p.window_end as is_completed_in_period,
        x.actual_completion <= p.window_end as is_completed_by_period_end,
        cast(coalesce(b.classrooms_delivered_before, 0) as bigint) as classrooms_delivered_before_period,
        cast(coalesce(k.classrooms_delivered_to_date, 0) as bigint) as classrooms_delivered_to_date
    from periods as p
    cross join latest as x
    left join known_by_period as k on k.period_key = p.period_key and k.project_code = x.project_code
    left join known_before_period as b on b.period_key = p.period_key and b.project_code = x.project_code
)

select * from final
