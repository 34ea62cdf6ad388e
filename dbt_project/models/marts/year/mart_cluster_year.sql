-- The citywide summary of the school year across the plan's 4 clusters (cụm chủ đề, section
-- II): one row per cluster and one for the city ('city'), the year-row figures of
-- mart_task_year added up, sentiment recomputed from the sums, and the best and worst
-- communicated task of each (communication_rank of mart_task_year).
{%- set cols = 'task_code, school_year, communication_rank, activities_count, activities_quantity, activities_reach, press_items, press_positive, press_neutral, press_negative, press_unclassified, press_central, press_city, press_other, fanpage_posts, fanpage_reach, fanpage_engagement, web_views, feedback_received, incidents, incidents_resolved, targets_set, targets_met, targets_not_met' %}
with tasks as (
    select y.*, t.cluster_title
    from {{ ref('mart_task_year') }} as y
    inner join {{ ref('stg_reference__tasks') }} as t on y.task_code = t.task_code
    where y.period_scope = 'year'
),

scoped as (
    select {{ dbt.safe_cast("cluster", api.Column.translate_type("string")) }} as cluster_key, cluster, cluster_title, {{ cols }}
    from tasks
    union all
    select 'city', null, 'Toàn ngành (4 cụm)', {{ cols }}
    from tasks
),

ranked as (
    select
        *,
        row_number() over (partition by cluster_key, school_year order by communication_rank) as best_in_scope,
        row_number() over (partition by cluster_key, school_year order by communication_rank desc) as worst_in_scope
    from scoped
),

sums as (
    select
        cluster_key,
        max(cluster) as cluster,
        max(cluster_title) as cluster_title,
        school_year,
        count(*) as tasks,
        sum(activities_count) as activities_count,
        sum(activities_quantity) as activities_quantity,
        sum(activities_reach) as activities_reach,
        sum(press_items) as press_items,
        sum(press_positive) as press_positive,
        sum(press_neutral) as press_neutral,
        sum(press_negative) as press_negative,
        sum(press_unclassified) as press_unclassified,
        sum(press_central) as press_central,
        sum(press_city) as press_city,
        sum(press_other) as press_other,
        sum(fanpage_posts) as fanpage_posts,
        sum(fanpage_reach) as fanpage_reach,
        sum(fanpage_engagement) as fanpage_engagement,
        sum(web_views) as web_views,
        sum(feedback_received) as feedback_received,
        sum(incidents) as incidents,
        sum(incidents_resolved) as incidents_resolved,
        sum(targets_set) as targets_set,
        sum(targets_met) as targets_met,
        sum(targets_not_met) as targets_not_met,
        max(case when best_in_scope = 1 then task_code end) as best_task_code,
        max(case when worst_in_scope = 1 then task_code end) as worst_task_code
    from ranked
    group by cluster_key, school_year
),

final as (
    select
        cluster_key,
        cast(cluster as bigint) as cluster,
        cluster_title,
        school_year,
        cast(tasks as bigint) as tasks,
        cast(activities_count as bigint) as activities_count,
        cast(activities_quantity as double precision) as activities_quantity,
        cast(activities_reach as bigint) as activities_reach,
        cast(press_items as bigint) as press_items,
        cast(press_positive as bigint) as press_positive,
        cast(press_neutral as bigint) as press_neutral,
        cast(press_negative as bigint) as press_negative,
        cast(press_unclassified as bigint) as press_unclassified,
        cast(press_central as bigint) as press_central,
        cast(press_city as bigint) as press_city,
        cast(press_other as bigint) as press_other,
        {{ round_number("cast(press_positive - press_negative as double precision) / nullif(press_positive + press_neutral + press_negative, 0)", 4) }} as net_sentiment,
        cast(fanpage_posts as bigint) as fanpage_posts,
        cast(fanpage_reach as bigint) as fanpage_reach,
        cast(fanpage_engagement as bigint) as fanpage_engagement,
        cast(web_views as bigint) as web_views,
        cast(feedback_received as bigint) as feedback_received,
        cast(incidents as bigint) as incidents,
        cast(incidents_resolved as bigint) as incidents_resolved,
        cast(targets_set as bigint) as targets_set,
        cast(targets_met as bigint) as targets_met,
        cast(targets_not_met as bigint) as targets_not_met,
        {{ round_number("cast(targets_met as double precision) / nullif(targets_met + targets_not_met, 0)", 4) }} as targets_met_share,
        best_task_code,
        worst_task_code
    from sums
)

select * from final
