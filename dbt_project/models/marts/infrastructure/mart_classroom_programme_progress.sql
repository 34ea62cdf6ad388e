-- Đề án 4.500 phòng học per reporting period: classrooms delivered in the period and to date
-- against the programme's target, projects completed, and the funding mix, for every period from
-- the calendar's first to the last one the project lists reach (int_classroom_programme__by_period).
select
    period_key,
    school_year,
    window_start,
    window_end,
    classrooms_delivered_in_period,
    classrooms_delivered_to_date,
    cast(programme_target as double precision) as programme_target,
    cast(target_share_pct as double precision) as target_share_pct,
    classrooms_remaining_to_target,
    classrooms_delivered_undated,
    projects_completed_in_period,
    projects_completed_to_date,
    projects_started_to_date,
    classrooms_planned_started,
    delivered_public,
    delivered_ppp,
    delivered_private,
    cast(delivered_public_share_pct as double precision) as delivered_public_share_pct,
    cast(delivered_ppp_share_pct as double precision) as delivered_ppp_share_pct,
    cast(delivered_private_share_pct as double precision) as delivered_private_share_pct,
    cast(planned_public_share_pct as double precision) as planned_public_share_pct,
    cast(planned_ppp_share_pct as double precision) as planned_ppp_share_pct,
    cast(planned_private_share_pct as double precision) as planned_private_share_pct
from {{ ref('int_classroom_programme__by_period') }}
where is_within_data
order by period_key
