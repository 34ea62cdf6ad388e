-- Dự án phòng học: one row per project of the classroom programme, as the latest list gives it:
-- classrooms planned and delivered, completion against plan, funding and investment.
with projects as (
    select * from {{ ref('int_classroom_projects__latest') }}
),

wards as (
    select ward_code, ward_name, former_province from {{ ref('stg_reference__wards') }}
),

final as (
    select
        p.project_code,
        p.project_name,
        p.ward_code,
        w.ward_name,
        w.former_province,
        p.school_level,
        p.funding,
        cast(p.investment_vnd as double precision) as investment_vnd,
        cast(p.classrooms_planned as bigint) as classrooms_planned,
        cast(coalesce(p.classrooms_delivered, 0) as bigint) as classrooms_delivered,
        cast(greatest(p.classrooms_planned - coalesce(p.classrooms_delivered, 0), 0) as bigint) as classrooms_remaining,
        {{ round_number('100.0 * coalesce(p.classrooms_delivered, 0) / nullif(p.classrooms_planned, 0)', 2) }} as delivered_share_pct,
        p.start_date,
        p.planned_completion,
        p.actual_completion,
        p.status,
        p.project_status,
        p.actual_completion is not null or p.project_status = 'completed' as is_completed,
        cast({{ dbt.datediff('p.planned_completion', 'p.actual_completion', 'day') }} as bigint) as completion_delay_days,
        case
            when p.actual_completion is null and p.project_status is distinct from 'completed'
                and p.planned_completion < p.as_of_date
                then cast({{ dbt.datediff('p.planned_completion', 'p.as_of_date', 'day') }} as bigint)
        end as days_overdue,
        coalesce(
            p.actual_completion > p.planned_completion
            or (p.actual_completion is null and p.project_status is distinct from 'completed' and p.planned_completion < p.as_of_date),
            false
        ) as is_delayed,
        p.as_of_date,
        cast(p.lists_seen as bigint) as lists_seen,
        p.source_file
    from projects as p
    left join wards as w using (ward_code)
    order by p.project_code
)

select * from final
