-- The classroom programme (Đề án xây dựng 4.500 phòng học, task 2.12) per reporting period, for
-- every period of the calendar: classrooms delivered in the period and to date (as the project
-- lists tell, int_classroom_projects__by_period_cumulative), against the target from
-- raw.ref_targets_2030, and the funding mix (ngân sách / PPP / xã hội hóa) of what was delivered
-- and of what was planned in the projects started by the period's end.
-- is_within_data: the period starts on or before the latest date the lists give (a later period
-- would only repeat the last known totals).
with cumulative as (
    select * from {{ ref('int_classroom_projects__by_period_cumulative') }}
),

periods as (
    select period_key, school_year, window_start, window_end from {{ ref('stg_reference__periods') }}
),

target as (
    select target_value from {{ ref('stg_infrastructure__targets_2030') }} where target_code = 'classroom_project_4500'
),

horizon as (
    select max(case when project_status = 'completed' and actual_completion is not null then actual_completion else as_of_date end) as last_known_date
    from {{ ref('stg_infrastructure__classroom_projects') }}
),

undated as (
    select
        cast(coalesce(sum(classrooms_delivered), 0) as bigint) as classrooms_delivered_undated
    from {{ ref('int_classroom_projects__latest') }}
    where as_of_date is null and not (project_status = 'completed' and actual_completion is not null)
),

per_period as (
    select
        period_key,
        sum(classrooms_delivered_to_date) as delivered_to_date,
        sum(classrooms_delivered_before_period) as delivered_before,
        count(*) filter (where is_completed_in_period) as projects_completed_in_period,
        count(*) filter (where is_completed_by_period_end) as projects_completed_to_date,
        count(*) filter (where is_started) as projects_started_to_date,
        sum(classrooms_planned) filter (where is_started) as planned_started,
        sum(classrooms_delivered_to_date) filter (where funding = 'public') as delivered_public,
        sum(classrooms_delivered_to_date) filter (where funding = 'ppp') as delivered_ppp,
        sum(classrooms_delivered_to_date) filter (where funding = 'private') as delivered_private,
        sum(classrooms_planned) filter (where is_started and funding = 'public') as planned_public,
        sum(classrooms_planned) filter (where is_started and funding = 'ppp') as planned_ppp,
        sum(classrooms_planned) filter (where is_started and funding = 'private') as planned_private
    from cumulative
    {{ group_by_all(1) }}
),

final as (
    select
        p.period_key,
        p.school_year,
        p.window_start,
        p.window_end,
        coalesce(p.window_start <= h.last_known_date, false) as is_within_data,
        cast(coalesce(c.delivered_to_date, 0) - coalesce(c.delivered_before, 0) as bigint) as classrooms_delivered_in_period,
        cast(coalesce(c.delivered_to_date, 0) as bigint) as classrooms_delivered_to_date,
        u.classrooms_delivered_undated,
        t.target_value as programme_target,
        {{ round_number('100.0 * coalesce(c.delivered_to_date, 0) / t.target_value', 2) }} as target_share_pct,
        cast(greatest(t.target_value - coalesce(c.delivered_to_date, 0), 0) as bigint) as classrooms_remaining_to_target,
        cast(coalesce(c.projects_completed_in_period, 0) as bigint) as projects_completed_in_period,
        cast(coalesce(c.projects_completed_to_date, 0) as bigint) as projects_completed_to_date,
        cast(coalesce(c.projects_started_to_date, 0) as bigint) as projects_started_to_date,
        cast(coalesce(c.planned_started, 0) as bigint) as classrooms_planned_started,
        cast(coalesce(c.delivered_public, 0) as bigint) as delivered_public,
        cast(coalesce(c.delivered_ppp, 0) as bigint) as delivered_ppp,
        cast(coalesce(c.delivered_private, 0) as bigint) as delivered_private,
        {{ round_number('100.0 * coalesce(c.delivered_public, 0) / nullif(c.delivered_to_date, 0)', 2) }} as delivered_public_share_pct,
        {{ round_number('100.0 * coalesce(c.delivered_ppp, 0) / nullif(c.delivered_to_date, 0)', 2) }} as delivered_ppp_share_pct,
        {{ round_number('100.0 * coalesce(c.delivered_private, 0) / nullif(c.delivered_to_date, 0)', 2) }} as delivered_private_share_pct,
        {{ round_number('100.0 * coalesce(c.planned_public, 0) / nullif(c.planned_started, 0)', 2) }} as planned_public_share_pct,
        {{ round_number('100.0 * coalesce(c.planned_ppp, 0) / nullif(c.planned_started, 0)', 2) }} as planned_ppp_share_pct,
        {{ round_number('100.0 * coalesce(c.planned_private, 0) / nullif(c.planned_started, 0)', 2) }} as planned_private_share_pct
    from periods as p
    cross join target as t
    cross join horizon as h
    cross join undated as u
    left join per_period as c using (period_key)
)

select * from final
