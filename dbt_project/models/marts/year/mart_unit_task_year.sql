-- Per unit, plan task and school year: what the plan asked of the unit (lead / coordinating),
-- what it did (activities in its latest quarterly reports), and its own assessment (its
-- year-end report's DanhGia row for the task, else its latest quarterly one). Units are those
-- that owed or sent a report in the year; tasks are the ones assigned to them plus any they
-- worked on or assessed unasked.
with units as (
    select distinct c.unit_code, c.school_year
    from {{ ref('int_reporting_compliance') }} as c
),

roles as (
    select unit_code, task_code, unit_role from {{ ref('int_unit_task_roles') }}
),

activities as (
    select
        a.unit_code, p.school_year, a.task_code,
        count(*) as activities_count,
        sum(a.quantity) as activities_quantity,
        sum(a.reach) as activities_reach,
        sum(a.engagement) as activities_engagement,
        count(distinct a.period_key) as periods_active
    from {{ ref('int_activities__latest') }} as a
    inner join {{ ref('int_periods_loaded') }} as p on a.period_key = p.period_key
    group by a.unit_code, p.school_year, a.task_code
),

assessments as (
    select *
    from (
        select
            unit_code, school_year, task_code, report_kind, period_key,
            completion_pct, highlights, difficulties, proposals,
            row_number() over (
                partition by unit_code, task_code, school_year
                order by case when report_kind = 'year_end' then 1 else 0 end desc, period_key desc
            ) as recency
        from {{ ref('mart_unit_task_assessment') }}
        where report_kind in ('quarterly', 'year_end')
    ) as ranked
    where recency = 1
),

spine as (
    select u.unit_code, u.school_year, r.task_code
    from units as u inner join roles as r on u.unit_code = r.unit_code
    union
    select unit_code, school_year, task_code from activities
    union
    select unit_code, school_year, task_code from assessments
),

final as (
    select
        s.unit_code,
        n.unit_name,
        n.unit_kind,
        s.school_year,
        s.task_code,
        t.task_number,
        t.cluster,
        coalesce(r.unit_role, 'not_assigned') as unit_role,
        r.unit_role is not null as task_assigned,
        cast(coalesce(a.activities_count, 0) as bigint) as activities_count,
        cast(coalesce(a.activities_quantity, 0) as double precision) as activities_quantity,
        cast(coalesce(a.activities_reach, 0) as bigint) as activities_reach,
        cast(coalesce(a.activities_engagement, 0) as bigint) as activities_engagement,
        cast(coalesce(a.periods_active, 0) as bigint) as periods_active,
        r.unit_role is not null and coalesce(a.activities_count, 0) = 0 as assigned_without_activity,
        s2.completion_pct,
        s2.highlights,
        s2.difficulties,
        s2.proposals,
        s2.report_kind as assessment_report_kind,
        s2.period_key as assessment_period_key
    from spine as s
    inner join {{ ref('int_units') }} as n on s.unit_code = n.unit_code
    inner join {{ ref('stg_reference__tasks') }} as t on s.task_code = t.task_code
    left join roles as r on s.unit_code = r.unit_code and s.task_code = r.task_code
    left join activities as a on s.unit_code = a.unit_code and s.school_year = a.school_year and s.task_code = a.task_code
    left join assessments as s2 on s.unit_code = s2.unit_code and s.school_year = s2.school_year and s.task_code = s2.task_code
)

select * from final
