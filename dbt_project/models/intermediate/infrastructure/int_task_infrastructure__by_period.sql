-- What task 2.12 (facilities, 300 classrooms / 10,000, the 4,500-classroom project) achieved, one
-- row per period the marts cover (int_periods_loaded), to sit beside what was communicated in
-- mart_task_quarter: the programme's classrooms delivered in the period and to date against its
-- target, and the city's position on the 2030 targets from the latest complete ward statistics
-- of a year not after the period's end (statistics are yearly).
with periods as (
    select period_key, window_end from {{ ref('int_periods_loaded') }}
),

programme as (
    select * from {{ ref('int_classroom_programme__by_period') }}
),

city as (
    select *
    from {{ ref('int_infrastructure__progress') }}
    where scope = 'city' and school_level = 'all' and is_assessed
),

city_by_period as (
    select distinct on (p.period_key) p.period_key, c.*
    from periods as p
    inner join city as c on c.year <= extract(year from p.window_end)
    order by p.period_key, c.year desc
),

wards_below as (
    select year, count(*) as wards_below_classroom_target
    from {{ ref('int_infrastructure__progress') }}
    where scope = 'ward' and school_level = 'all' and is_assessed and classrooms_per_10k < classrooms_per_10k_target
    {{ group_by_all(1) }}
),

final as (
    select
        p.period_key,
        g.classrooms_delivered_in_period,
        g.classrooms_delivered_to_date,
        g.programme_target as classroom_programme_target,
        g.target_share_pct as classroom_programme_share_pct,
        g.projects_completed_in_period,
        c.year as statistics_year,
        c.classrooms_per_10k as city_classrooms_per_10k,
        c.classrooms_per_10k_target as city_classrooms_per_10k_target,
        c.classrooms_needed as city_classrooms_needed,
        c.standard_share as city_standard_share,
        c.status as city_infrastructure_status,
        case when c.year is not null then cast(coalesce(w.wards_below_classroom_target, 0) as bigint) end
            as wards_below_classroom_target
    from periods as p
    left join programme as g using (period_key)
    left join city_by_period as c using (period_key)
    left join wards_below as w on w.year = c.year
)

select * from final
