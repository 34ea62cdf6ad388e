-- A table, not a view: mart_task_year and mart_task_year_targets both read it, and it is costly
-- (consensus by year over every survey answer) to compute twice.
{{ config(materialized='table', schema='intermediate') }}
-- Every section IV.6 measure per task, school year and scope: one 'quarter' row per loaded
-- period (period_key as in mart_task_quarter) and one 'year' row per school year
-- (period_key = 'all'). Press, sentiment, fanpage, web, feedback and consensus per quarter are
-- mart_task_quarter's columns; the year adds them up, except what cannot be added: units
-- (counted distinct again), consensus (int_task_consensus__by_year) and the 2.12 stock
-- figures (those of the year's last loaded period).
with quarters as (
    select * from {{ ref('mart_task_quarter') }}
),

roles as (
    select unit_code, task_code, unit_role from {{ ref('int_unit_task_roles') }}
),

activity_units as (
    select a.task_code, p.school_year, a.period_key, a.unit_code, r.unit_role
    from {{ ref('int_activities__latest') }} as a
    inner join {{ ref('int_periods_loaded') }} as p on a.period_key = p.period_key
    left join roles as r on a.unit_code = r.unit_code and a.task_code = r.task_code
),

units_by_scope as (
    select
        task_code, school_year, period_key,
        count(distinct case when unit_role = 'lead' then unit_code end) as lead_units_active,
        count(distinct case when unit_role = 'coordinating' then unit_code end) as coordinating_units_active
    from activity_units
    group by task_code, school_year, period_key
    union all
    select
        task_code, school_year, 'all',
        count(distinct case when unit_role = 'lead' then unit_code end),
        count(distinct case when unit_role = 'coordinating' then unit_code end)
    from activity_units
    group by task_code, school_year
),

units_active_year as (
    select task_code, school_year, count(distinct unit_code) as units_active
    from activity_units
    group by task_code, school_year
),

incidents as (
    select i.task_code, p.school_year, i.period_key, i.resolved_date, i.resolution_days, i.severity
    from {{ ref('int_incidents__by_task') }} as i
    inner join {{ ref('int_periods_loaded') }} as p on i.period_key = p.period_key
),

incidents_by_scope as (
    select
        task_code, school_year, period_key,
        count(*) as incidents,
        cast(sum(case when severity = 'Cao' then 1 else 0 end) as bigint) as incidents_high,
        cast(sum(case when resolved_date is not null then 1 else 0 end) as bigint) as incidents_resolved,
        avg(resolution_days) as mean_resolution_days,
        max(resolution_days) as worst_resolution_days
    from incidents
    group by task_code, school_year, period_key
    union all
    select
        task_code, school_year, 'all',
        count(*),
        cast(sum(case when severity = 'Cao' then 1 else 0 end) as bigint),
        cast(sum(case when resolved_date is not null then 1 else 0 end) as bigint),
        avg(resolution_days),
        max(resolution_days)
    from incidents
    group by task_code, school_year
),

-- Lead units' self-assessment (Mức độ hoàn thành): per quarter, the quarterly reports of the
-- period; for the year, each lead unit's year-end report, else its latest quarterly one.
lead_assessments as (
    select task_code, school_year, period_key, report_kind, unit_code, completion_pct
    from {{ ref('mart_unit_task_assessment') }}
    where unit_role = 'lead' and report_kind in ('quarterly', 'year_end') and completion_pct is not null
),

lead_latest_in_year as (
    select *
    from (
        select
            *,
            row_number() over (
                partition by unit_code, task_code, school_year
                order by case when report_kind = 'year_end' then 1 else 0 end desc, period_key desc
            ) as recency
        from lead_assessments
    ) as ranked
    where recency = 1
),

assessment_by_scope as (
    select task_code, school_year, period_key, avg(completion_pct) as lead_completion_pct,
        count(distinct unit_code) as lead_units_assessed
    from lead_assessments
    where report_kind = 'quarterly'
    group by task_code, school_year, period_key
    union all
    select task_code, school_year, 'all', avg(completion_pct), count(distinct unit_code)
    from lead_latest_in_year
    group by task_code, school_year
),

last_period as (
    select school_year, max(period_key) as period_key
    from {{ ref('int_periods_loaded') }}
    group by school_year
),

quarter_rows as (
    select
        q.task_code, q.task_number, q.task_title, q.cluster, q.school_year,
        'quarter' as period_scope,
        q.period_key,
        1 as periods_count,
        q.activities_count, q.activities_quantity, q.activities_reach, q.activities_engagement,
        q.units_active, q.activities_lead, q.activities_coordinating, q.activities_other,
        q.press_items, q.press_positive, q.press_neutral, q.press_negative, q.press_unclassified,
        q.press_central, q.press_city, q.press_other,
        q.fanpage_posts, q.fanpage_reach, q.fanpage_engagement, q.web_views,
        q.consensus_responses, q.consensus_mean_score, q.consensus_share_agreeing,
        q.consensus_share_agreeing_ci_low, q.consensus_share_agreeing_ci_high, q.consensus_suppressed,
        q.feedback_received,
        q.programme_classrooms_in_period as programme_classrooms_delivered,
        q.programme_classrooms_to_date, q.programme_share_of_target_pct, q.infrastructure_statistics_year,
        q.city_classrooms_per_10k, q.city_classrooms_needed, q.city_standard_share,
        q.wards_below_classroom_target, q.city_infrastructure_status
    from quarters as q
),

year_sums as (
    select
        task_code, task_number, task_title, cluster, school_year,
        count(*) as periods_count,
        cast(sum(activities_count) as bigint) as activities_count,
        sum(activities_quantity) as activities_quantity,
        cast(sum(activities_reach) as bigint) as activities_reach,
        cast(sum(activities_engagement) as bigint) as activities_engagement,
        cast(sum(activities_lead) as bigint) as activities_lead,
        cast(sum(activities_coordinating) as bigint) as activities_coordinating,
        cast(sum(activities_other) as bigint) as activities_other,
        cast(sum(press_items) as bigint) as press_items,
        cast(sum(press_positive) as bigint) as press_positive,
        cast(sum(press_neutral) as bigint) as press_neutral,
        cast(sum(press_negative) as bigint) as press_negative,
        cast(sum(press_unclassified) as bigint) as press_unclassified,
        cast(sum(press_central) as bigint) as press_central,
        cast(sum(press_city) as bigint) as press_city,
        cast(sum(press_other) as bigint) as press_other,
        cast(sum(fanpage_posts) as bigint) as fanpage_posts,
        cast(sum(fanpage_reach) as bigint) as fanpage_reach,
        cast(sum(fanpage_engagement) as bigint) as fanpage_engagement,
        cast(sum(web_views) as bigint) as web_views,
        cast(sum(feedback_received) as bigint) as feedback_received,
        cast(sum(programme_classrooms_in_period) as bigint) as programme_classrooms_delivered
    from quarters
    group by task_code, task_number, task_title, cluster, school_year
),

year_rows as (
    select
        y.task_code, y.task_number, y.task_title, y.cluster, y.school_year,
        'year' as period_scope,
        'all' as period_key,
        y.periods_count,
        y.activities_count, y.activities_quantity, y.activities_reach, y.activities_engagement,
        coalesce(u.units_active, 0) as units_active,
        y.activities_lead, y.activities_coordinating, y.activities_other,
        y.press_items, y.press_positive, y.press_neutral, y.press_negative, y.press_unclassified,
        y.press_central, y.press_city, y.press_other,
        y.fanpage_posts, y.fanpage_reach, y.fanpage_engagement, y.web_views,
        coalesce(c.consensus_responses, case when c.task_code is null then 0 end) as consensus_responses,
        c.consensus_mean_score, c.consensus_share_agreeing,
        c.consensus_share_agreeing_ci_low, c.consensus_share_agreeing_ci_high,
        coalesce(c.consensus_suppressed, false) as consensus_suppressed,
        y.feedback_received,
        y.programme_classrooms_delivered,
        l.programme_classrooms_to_date, l.programme_share_of_target_pct, l.infrastructure_statistics_year,
        l.city_classrooms_per_10k, l.city_classrooms_needed, l.city_standard_share,
        l.wards_below_classroom_target, l.city_infrastructure_status
    from year_sums as y
    left join units_active_year as u on y.task_code = u.task_code and y.school_year = u.school_year
    left join {{ ref('int_task_consensus__by_year') }} as c on y.task_code = c.task_code and y.school_year = c.school_year
    left join last_period as lp on y.school_year = lp.school_year
    left join quarters as l on y.task_code = l.task_code and l.period_key = lp.period_key
),

both_scopes as (
    select * from quarter_rows
    union all
    select * from year_rows
),

final as (
    select
        b.task_code, b.task_number, b.task_title, b.cluster, b.school_year, b.period_scope, b.period_key, b.periods_count,
        b.activities_count,
        cast(b.activities_quantity as double precision) as activities_quantity,
        b.activities_reach, b.activities_engagement, b.units_active,
        b.activities_lead, b.activities_coordinating, b.activities_other,
        coalesce(u.lead_units_active, 0) as lead_units_active,
        coalesce(u.coordinating_units_active, 0) as coordinating_units_active,
        b.press_items, b.press_positive, b.press_neutral, b.press_negative, b.press_unclassified,
        b.press_central, b.press_city, b.press_other,
        {{ round_number("cast(b.press_negative as double precision) / nullif(b.press_positive + b.press_neutral + b.press_negative, 0)", 4) }} as press_negative_share,
        {{ round_number("cast(b.press_positive - b.press_negative as double precision) / nullif(b.press_positive + b.press_neutral + b.press_negative, 0)", 4) }} as net_sentiment,
        b.fanpage_posts, b.fanpage_reach, b.fanpage_engagement,
        {{ round_number("cast(b.fanpage_engagement as double precision) / nullif(b.fanpage_reach, 0)", 4) }} as fanpage_engagement_rate,
        b.web_views,
        b.consensus_responses, b.consensus_mean_score, b.consensus_share_agreeing,
        b.consensus_share_agreeing_ci_low, b.consensus_share_agreeing_ci_high, b.consensus_suppressed,
        b.feedback_received,
        coalesce(i.incidents, 0) as incidents,
        coalesce(i.incidents_high, 0) as incidents_high,
        coalesce(i.incidents_resolved, 0) as incidents_resolved,
        coalesce(i.incidents, 0) - coalesce(i.incidents_resolved, 0) as incidents_open,
        {{ round_number("cast(i.incidents_resolved as double precision) / nullif(i.incidents, 0)", 4) }} as incidents_resolved_share,
        {{ round_number("i.mean_resolution_days", 2) }} as mean_resolution_days,
        i.worst_resolution_days,
        {{ round_number("a.lead_completion_pct", 2) }} as lead_completion_pct,
        coalesce(a.lead_units_assessed, 0) as lead_units_assessed,
        b.programme_classrooms_delivered, b.programme_classrooms_to_date, b.programme_share_of_target_pct,
        b.infrastructure_statistics_year, b.city_classrooms_per_10k, b.city_classrooms_needed,
        b.city_standard_share, b.wards_below_classroom_target, b.city_infrastructure_status
    from both_scopes as b
    left join units_by_scope as u
        on b.task_code = u.task_code and b.school_year = u.school_year and b.period_key = u.period_key
    left join incidents_by_scope as i
        on b.task_code = i.task_code and b.school_year = i.school_year and b.period_key = i.period_key
    left join assessment_by_scope as a
        on b.task_code = a.task_code and b.school_year = a.school_year and b.period_key = a.period_key
)

select * from final
