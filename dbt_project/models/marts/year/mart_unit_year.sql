-- The year-end scorecard per unit: reporting compliance over the school year (quarterly
-- reports owed, on time, late, missing; the year-end report), activities per assigned task and
-- the assigned tasks with none, incidents and how fast they were resolved, and the unit's own
-- assessment. Units are those that owed or sent a report in the year.
with compliance as (
    select * from {{ ref('int_reporting_compliance') }}
),

reporting as (
    select
        unit_code,
        school_year,
        max(unit_name) as unit_name,
        max(unit_kind) as unit_kind,
        sum(case when report_kind = 'quarterly' and expected then 1 else 0 end) as quarterly_reports_owed,
        sum(case when report_kind = 'quarterly' and received then 1 else 0 end) as quarterly_reports_received,
        sum(case when report_kind = 'quarterly' and expected and report_status = 'on_time' then 1 else 0 end) as quarterly_on_time,
        sum(case when report_kind = 'quarterly' and expected and report_status = 'late' then 1 else 0 end) as quarterly_late,
        sum(case when report_kind = 'quarterly' and expected and report_status = 'missing' then 1 else 0 end) as quarterly_missing,
        sum(case when report_kind = 'quarterly' then coalesce(days_late, 0) else 0 end) as quarterly_days_late_total,
        max(case when report_kind = 'quarterly' then days_late end) as quarterly_days_late_worst,
        max(case when report_kind = 'year_end' and expected then report_status end) as year_end_status,
        max(case when report_kind = 'year_end' then days_late end) as year_end_days_late,
        sum(case when expected and report_status = 'late' then 1 else 0 end) as reports_late,
        sum(case when expected and report_status = 'missing' then 1 else 0 end) as reports_missing,
        sum(case when expected then 1 else 0 end) as reports_owed
    from compliance
    group by unit_code, school_year
),

tasks as (
    select
        unit_code,
        school_year,
        sum(case when task_assigned then 1 else 0 end) as tasks_assigned,
        sum(case when unit_role = 'lead' then 1 else 0 end) as tasks_led,
        sum(case when task_assigned and activities_count > 0 then 1 else 0 end) as tasks_assigned_active,
        sum(case when assigned_without_activity then 1 else 0 end) as tasks_assigned_without_activity,
        {{ dbt.listagg("case when assigned_without_activity and unit_role = 'lead' then task_code end", "', '", "order by task_number") }} as led_tasks_without_activity,
        sum(activities_count) as activities_count,
        sum(activities_quantity) as activities_quantity,
        sum(case when task_assigned then activities_count else 0 end) as activities_on_assigned_tasks,
        sum(case when not task_assigned then activities_count else 0 end) as activities_on_unassigned_tasks,
        sum(case when completion_pct is not null then 1 else 0 end) as tasks_self_assessed,
        avg(completion_pct) as self_assessment_mean_pct,
        min(completion_pct) as self_assessment_lowest_pct
    from {{ ref('mart_unit_task_year') }}
    group by unit_code, school_year
),

incidents as (
    select
        i.unit_code,
        p.school_year,
        count(*) as incidents,
        sum(case when i.severity = 'Cao' then 1 else 0 end) as incidents_high,
        sum(case when i.resolved_date is null then 1 else 0 end) as incidents_open,
        percentile_cont(0.5) within group (order by i.resolution_days) as median_resolution_days,
        max(i.resolution_days) as worst_resolution_days
    from {{ ref('int_incidents') }} as i
    inner join {{ ref('int_periods_loaded') }} as p on i.period_key = p.period_key
    group by i.unit_code, p.school_year
),

channels as (
    select
        unit_code,
        school_year,
        sum(fanpage_posts) as fanpage_posts,
        sum(fanpage_reach) as fanpage_reach,
        sum(web_views) as web_views,
        sum(press_mentions) as press_mentions,
        sum(feedback_handled) as feedback_handled
    from {{ ref('mart_unit_quarter') }}
    group by unit_code, school_year
),

final as (
    select
        r.unit_code,
        r.unit_name,
        r.unit_kind,
        r.school_year,
        cast(r.quarterly_reports_owed as bigint) as quarterly_reports_owed,
        cast(r.quarterly_reports_received as bigint) as quarterly_reports_received,
        cast(r.quarterly_on_time as bigint) as quarterly_on_time,
        cast(r.quarterly_late as bigint) as quarterly_late,
        cast(r.quarterly_missing as bigint) as quarterly_missing,
        cast(r.quarterly_days_late_total as bigint) as quarterly_days_late_total,
        cast(r.quarterly_days_late_worst as bigint) as quarterly_days_late_worst,
        coalesce(r.year_end_status, 'not_due') as year_end_status,
        cast(r.year_end_days_late as bigint) as year_end_days_late,
        {{ round_number("cast(r.quarterly_on_time as double precision) / nullif(r.quarterly_reports_owed, 0)", 4) }} as share_on_time,
        case
            when r.reports_owed = 0 then 'not_owed'
            when r.reports_missing > 0 then 'missing'
            when r.reports_late > 0 then 'late'
            else 'on_time'
        end as reporting_status,
        cast(coalesce(t.tasks_assigned, 0) as bigint) as tasks_assigned,
        cast(coalesce(t.tasks_led, 0) as bigint) as tasks_led,
        cast(coalesce(t.tasks_assigned_active, 0) as bigint) as tasks_assigned_active,
        cast(coalesce(t.tasks_assigned_without_activity, 0) as bigint) as tasks_assigned_without_activity,
        t.led_tasks_without_activity,
        cast(coalesce(t.activities_count, 0) as bigint) as activities_count,
        cast(coalesce(t.activities_quantity, 0) as double precision) as activities_quantity,
        cast(coalesce(t.activities_on_assigned_tasks, 0) as bigint) as activities_on_assigned_tasks,
        cast(coalesce(t.activities_on_unassigned_tasks, 0) as bigint) as activities_on_unassigned_tasks,
        {{ round_number("cast(t.activities_on_assigned_tasks as double precision) / nullif(t.tasks_assigned, 0)", 2) }} as activities_per_assigned_task,
        cast(coalesce(i.incidents, 0) as bigint) as incidents,
        cast(coalesce(i.incidents_high, 0) as bigint) as incidents_high,
        cast(coalesce(i.incidents_open, 0) as bigint) as incidents_open,
        cast(i.median_resolution_days as double precision) as median_resolution_days,
        cast(i.worst_resolution_days as bigint) as worst_resolution_days,
        cast(coalesce(t.tasks_self_assessed, 0) as bigint) as tasks_self_assessed,
        {{ round_number("t.self_assessment_mean_pct", 2) }} as self_assessment_mean_pct,
        t.self_assessment_lowest_pct,
        cast(coalesce(c.fanpage_posts, 0) as bigint) as fanpage_posts,
        cast(coalesce(c.fanpage_reach, 0) as bigint) as fanpage_reach,
        cast(coalesce(c.web_views, 0) as bigint) as web_views,
        cast(coalesce(c.press_mentions, 0) as bigint) as press_mentions,
        cast(coalesce(c.feedback_handled, 0) as bigint) as feedback_handled
    from reporting as r
    left join tasks as t on r.unit_code = t.unit_code and r.school_year = t.school_year
    left join incidents as i on r.unit_code = i.unit_code and r.school_year = i.school_year
    left join channels as c on r.unit_code = c.unit_code and r.school_year = c.school_year
)

select * from final
