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
        cast(sum(a.quantity) as double) as activities_quantity,
        cast(sum(a.reach) as bigint) as activities_reach,
        cast(sum(a.engagement) as bigint) as activities_engagement,
        count(distinct a.unit_code) as units_active
    from {{ ref('int_activities__latest') }} as a
    left join {{ ref('int_unit_task_roles') }} as r using (unit_code, task_code)
    group by all
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
        count(*) filter (where outlet_level = 'other') as press_other
    from {{ ref('int_press_items__attributed') }}
    where task_code is not null
    group by all
),

fanpage as (
    select task_code, period_key, count(*) as fanpage_posts, cast(sum(reach) as bigint) as fanpage_reach,
        cast(sum(engagement) as bigint) as fanpage_engagement
    from {{ ref('int_fanpage_posts__attributed') }}
    where task_code is not null
    group by all
),

web as (
    select task_code, period_key, cast(sum(views) as bigint) as web_views
    from {{ ref('int_web_pageviews__attributed') }}
    where task_code is not null
    group by all
),

survey as (
    select a.task_code, r.period_key, count(distinct r.response_id) as survey_responses,
        avg(a.score) as survey_mean_score
    from {{ ref('stg_surveys__answers') }} as a
    inner join {{ ref('stg_surveys__responses') }} as r using (response_id)
    where a.task_code is not null and a.score is not null
    group by all
),

feedback as (
    select task_code, period_key, count(*) as feedback_received
    from {{ ref('int_feedback__attributed') }}
    where task_code is not null
    group by all
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
        coalesce(sv.survey_responses, 0) as survey_responses,
        sv.survey_mean_score,
        coalesce(fb.feedback_received, 0) as feedback_received,
        case when s.task_code = '2.12' then cast(coalesce(c.classrooms_delivered, 0) as bigint) end as classrooms_delivered
    from spine as s
    left join activities as a using (task_code, period_key)
    left join press as p using (task_code, period_key)
    left join fanpage as f using (task_code, period_key)
    left join web as w using (task_code, period_key)
    left join survey as sv using (task_code, period_key)
    left join feedback as fb using (task_code, period_key)
    left join {{ ref('int_classroom_projects__by_period') }} as c using (period_key)
)

select * from final
