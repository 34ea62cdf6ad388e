-- The year-end scorecard per task (section IV.6): every measure per quarter of the school year
-- and for the whole year (period_scope 'year', period_key 'all'), the status against the
-- Office's targets (mart_task_year_targets, year rows only: targets are annual) and the year's
-- ranking of how well each task was communicated (rule in the YAML beside this file); the
-- reports rank only the tasks with enough evidence (var ranking_min_press_items, or a survey
-- cell published), by the same order.
with measures as (
    select * from {{ ref('int_task_year__measures') }}
),

targets as (
    select
        task_code,
        school_year,
        sum(case when target_status <> 'no_target' then 1 else 0 end) as targets_set,
        sum(case when target_status = 'met' then 1 else 0 end) as targets_met,
        sum(case when target_status = 'not_met' then 1 else 0 end) as targets_not_met,
        sum(case when target_status = 'no_data' then 1 else 0 end) as targets_no_data
    from {{ ref('mart_task_year_targets') }}
    group by task_code, school_year
),

scored as (
    select
        m.*,
        case when m.period_scope = 'year' then cast(coalesce(t.targets_set, 0) as bigint) end as targets_set,
        case when m.period_scope = 'year' then cast(coalesce(t.targets_met, 0) as bigint) end as targets_met,
        case when m.period_scope = 'year' then cast(coalesce(t.targets_not_met, 0) as bigint) end as targets_not_met,
        case when m.period_scope = 'year' then cast(coalesce(t.targets_no_data, 0) as bigint) end as targets_no_data,
        case when m.period_scope = 'year' then
            {{ round_number("cast(t.targets_met as double precision) / nullif(t.targets_met + t.targets_not_met, 0)", 4) }}
        end as targets_met_share,
        case
            when m.period_scope <> 'year' then null
            when coalesce(t.targets_set, 0) = 0 then 'no_target'
            when t.targets_met + t.targets_not_met = 0 then 'no_data'
            when t.targets_not_met = 0 then 'met'
            when t.targets_met = 0 then 'not_met'
            else 'partly_met'
        end as target_status
    from measures as m
    left join targets as t on m.task_code = t.task_code and m.school_year = t.school_year
),

ranked as (
    select
        *,
        case when period_scope = 'year' then
            row_number() over (
                partition by school_year, period_scope
                order by
                    coalesce(targets_met_share, -1) desc,
                    coalesce(net_sentiment, -2) desc,
                    press_items desc,
                    activities_count desc,
                    task_number
            )
        end as communication_rank,
        case when period_scope = 'year' then
            press_items >= {{ var('ranking_min_press_items', 5) }}
            or coalesce(consensus_responses > 0 and not consensus_suppressed, false)
        end as ranking_evidence
    from scored
),

evidence_ranked as (
    select
        *,
        case when ranking_evidence then
            row_number() over (partition by school_year, period_scope, ranking_evidence order by communication_rank)
        end as evidence_rank
    from ranked
)

select
    task_code, task_number, task_title, cluster, school_year, period_scope, period_key, periods_count,
    activities_count, activities_quantity, activities_reach, activities_engagement, units_active,
    activities_lead, activities_coordinating, activities_other, lead_units_active, coordinating_units_active,
    press_items, press_positive, press_neutral, press_negative, press_unclassified,
    press_central, press_city, press_other, press_negative_share, net_sentiment,
    fanpage_posts, fanpage_reach, fanpage_engagement, fanpage_engagement_rate, web_views,
    consensus_responses, consensus_mean_score, consensus_share_agreeing,
    consensus_share_agreeing_ci_low, consensus_share_agreeing_ci_high, consensus_suppressed,
    feedback_received,
    incidents, incidents_high, incidents_resolved, incidents_open, incidents_resolved_share,
    mean_resolution_days, worst_resolution_days,
    lead_completion_pct, lead_units_assessed,
    programme_classrooms_delivered, programme_classrooms_to_date, programme_share_of_target_pct,
    infrastructure_statistics_year, city_classrooms_per_10k, city_classrooms_needed,
    city_standard_share, wards_below_classroom_target, city_infrastructure_status,
    targets_set, targets_met, targets_not_met, targets_no_data, targets_met_share, target_status,
    cast(communication_rank as bigint) as communication_rank,
    ranking_evidence,
    cast(evidence_rank as bigint) as evidence_rank
from evidence_ranked
