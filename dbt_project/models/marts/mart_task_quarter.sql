-- One row per task and loaded period: what units did, what the press and the fanpage said,
-- what the portal and surveys show. Press, fanpage, web and feedback are attributed to tasks
-- by the Office's phrase list (int_press_items__attributed); surveys by their questionnaire.
with spine as (
    select t.task_code, t.task_number, t.task_title, t.cluster, p.period_key, p.school_year
    from {{ ref('stg_reference__tasks') }} as t
    cross join {{ ref('int_periods_loaded') }} as p
),

activities as (
    select
        a.task_code,
        a.period_key,
        count(*) as activities_count,
        count(*) filter (where r.unit_role = 'lead') as activities_lead,
        count(*) filter (where r.unit_role = 'coordinating') as activities_coordinating,
        count(*) filter (where r.unit_role is null) as activities_other,
        cast(sum(a.quantity) as double precision) as activities_quantity,
        cast(sum(a.reach) as bigint) as activities_reach,
        cast(sum(a.engagement) as bigint) as activities_engagement,
        count(distinct a.unit_code) as units_active
    from {{ ref('int_activities__latest') }} as a
    left join {{ ref('int_unit_task_roles') }} as r using (unit_code, task_code)
    {{ group_by_all(2) }}
),

press as (
    select
        task_code,
        period_key,
        count(*) as press_items,
        count(*) filter (where sentiment = 'positive') as press_positive,
        count(*) filter (where sentiment = 'neutral') as press_neutral,
        count(*) filter (where sentiment = 'negative') as press_negative,
        count(*) filter (where sentiment not in ('positive', 'neutral', 'negative')) as press_unclassified,
        count(*) filter (where outlet_level = 'central') as press_central,
        count(*) filter (where outlet_level = 'city') as press_city,
        count(*) filter (where outlet_level = 'other') as press_other,
        count(*) filter (where sentiment_method in ('lexicon', 'model')) as press_sentiment_by_lexicon,
        cast(sum(views) as bigint) as press_views
    from {{ ref('int_press_items__attributed') }}
    where task_code is not null
    {{ group_by_all(2) }}
),

press_secondary as (
    -- Items whose secondary task this is (counted under their primary task above, not here).
    select
        secondary_task_code as task_code,
        period_key,
        count(*) as press_items_secondary,
        count(*) filter (where sentiment = 'positive') as press_secondary_positive,
        count(*) filter (where sentiment = 'neutral') as press_secondary_neutral,
        count(*) filter (where sentiment = 'negative') as press_secondary_negative
    from {{ ref('int_press_items__attributed') }}
    where secondary_task_code is not null
    {{ group_by_all(2) }}
),

fanpage as (
    select task_code, period_key, count(*) as fanpage_posts, cast(sum(reach) as bigint) as fanpage_reach,
        cast(sum(engagement) as bigint) as fanpage_engagement,
        cast(sum(case when reach > 0 then engagement end) as bigint) as fanpage_rated_engagement,
        cast(sum(case when reach > 0 and engagement is not null then reach end) as bigint) as fanpage_rated_reach
    from {{ ref('int_fanpage_posts__attributed') }}
    where task_code is not null
    {{ group_by_all(2) }}
),

web as (
    select task_code, period_key, cast(sum(views) as bigint) as web_views
    from {{ ref('int_web_pageviews__attributed') }}
    where task_code is not null
    {{ group_by_all(2) }}
),

press_totals as (
    -- Items attributed to any of the 15 tasks, per period: the denominator of share of voice.
    select period_key, count(*) as press_items_all_tasks
    from {{ ref('int_press_items__attributed') }}
    where task_code is not null
    {{ group_by_all(1) }}
),

products as (
    select task_code, period_key, sum(products) as media_products, cast(sum(reach) as bigint) as media_products_reach
    from {{ ref('mart_media_products') }}
    {{ group_by_all(2) }}
),

alerts as (
    select distinct task_code, period_key from {{ ref('mart_media_alerts') }}
),

feedback as (
    select task_code, period_key, count(*) as feedback_received
    from {{ ref('int_feedback__attributed') }}
    where task_code is not null
    {{ group_by_all(2) }}
),

final as (
    select
        s.task_code,
        s.task_number,
        s.task_title,
        s.cluster,
        s.period_key,
        s.school_year,
        coalesce(a.activities_count, 0) as activities_count,
        coalesce(a.activities_quantity, 0) as activities_quantity,
        coalesce(a.activities_reach, 0) as activities_reach,
        coalesce(a.activities_engagement, 0) as activities_engagement,
        coalesce(a.units_active, 0) as units_active,
        coalesce(a.activities_lead, 0) as activities_lead,
        coalesce(a.activities_coordinating, 0) as activities_coordinating,
        coalesce(a.activities_other, 0) as activities_other,
        coalesce(p.press_items, 0) as press_items,
        coalesce(p.press_positive, 0) as press_positive,
        coalesce(p.press_neutral, 0) as press_neutral,
        coalesce(p.press_negative, 0) as press_negative,
        coalesce(p.press_unclassified, 0) as press_unclassified,
        coalesce(p.press_central, 0) as press_central,
        coalesce(p.press_city, 0) as press_city,
        coalesce(p.press_other, 0) as press_other,
        coalesce(f.fanpage_posts, 0) as fanpage_posts,
        coalesce(f.fanpage_reach, 0) as fanpage_reach,
        coalesce(f.fanpage_engagement, 0) as fanpage_engagement,
        coalesce(w.web_views, 0) as web_views,
        -- Social consensus (mức độ đồng thuận), per respondent, suppressed below the minimum cell.
        sv.consensus_responses,
        sv.consensus_mean_score,
        sv.consensus_share_agreeing,
        sv.consensus_share_agreeing_ci_low,
        sv.consensus_share_agreeing_ci_high,
        sv.consensus_suppressed,
        coalesce(fb.feedback_received, 0) as feedback_received,
        -- Task 2.12 carries what was achieved beside what was communicated (section I.1 targets).
        case when s.task_code = '2.12' then i.classrooms_delivered_in_period end as programme_classrooms_in_period,
        case when s.task_code = '2.12' then i.classrooms_delivered_to_date end as programme_classrooms_to_date,
        case when s.task_code = '2.12' then i.classroom_programme_share_pct end as programme_share_of_target_pct,
        case when s.task_code = '2.12' then i.statistics_year end as infrastructure_statistics_year,
        case when s.task_code = '2.12' then i.city_classrooms_per_10k end as city_classrooms_per_10k,
        case when s.task_code = '2.12' then i.city_classrooms_needed end as city_classrooms_needed,
        case when s.task_code = '2.12' then i.city_standard_share end as city_standard_share,
        case when s.task_code = '2.12' then i.wards_below_classroom_target end as wards_below_classroom_target,
        case when s.task_code = '2.12' then i.city_infrastructure_status end as city_infrastructure_status,
        -- Media coverage (issue 4): net sentiment = (positive - negative) / items; share of voice
        -- = the task's items / items of all 15 tasks in the period; engagement rate = engagements / reach.
        case when p.press_items > 0 then {{ round_number(divide('(p.press_positive - p.press_negative)', 'p.press_items'), 4) }} end as press_net_sentiment,
        case when pt.press_items_all_tasks > 0 then {{ round_number(divide('coalesce(p.press_items, 0)', 'pt.press_items_all_tasks'), 4) }} end as press_share_of_voice,
        p.press_views,
        coalesce(p.press_sentiment_by_lexicon, 0) as press_sentiment_by_lexicon,
        case when f.fanpage_rated_reach > 0 then {{ round_number(divide('f.fanpage_rated_engagement', 'f.fanpage_rated_reach'), 4) }} end as fanpage_engagement_rate,
        coalesce(pr.media_products, 0) as media_products,
        coalesce(pr.media_products_reach, 0) as media_products_reach,
        al.task_code is not null as press_negative_alert,
        coalesce(ps.press_items_secondary, 0) as press_items_secondary,
        coalesce(ps.press_secondary_positive, 0) as press_secondary_positive,
        coalesce(ps.press_secondary_neutral, 0) as press_secondary_neutral,
        coalesce(ps.press_secondary_negative, 0) as press_secondary_negative
    from spine as s
    left join activities as a using (task_code, period_key)
    left join press as p using (task_code, period_key)
    left join press_secondary as ps using (task_code, period_key)
    left join fanpage as f using (task_code, period_key)
    left join web as w using (task_code, period_key)
    left join {{ ref('int_task_consensus__by_period') }} as sv using (task_code, period_key)
    left join feedback as fb using (task_code, period_key)
    left join press_totals as pt using (period_key)
    left join products as pr using (task_code, period_key)
    left join alerts as al using (task_code, period_key)
    left join {{ ref('int_task_infrastructure__by_period') }} as i using (period_key)
)

select * from final
