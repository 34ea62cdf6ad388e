-- Fanpage activity per page and period (task_code = null: every post of the page) and per page,
-- task and period. Engagement rate = engagements / reach, over the posts that report both.
with posts as (
    select f.*
    from {{ ref('int_fanpage_posts__attributed') }} as f
    inner join {{ ref('int_periods_loaded') }} as p using (period_key)
),

measures as (
    select page_name, period_key, task_code, reach, views, reactions, comments, shares, engagement,
        engagement_rate, sentiment
    from posts
),

scoped as (
    select page_name, period_key, cast(null as varchar) as task_code, 'page' as scope,
        reach, views, reactions, comments, shares, engagement, engagement_rate, sentiment
    from measures
    union all
    select page_name, period_key, task_code, 'page_task' as scope,
        reach, views, reactions, comments, shares, engagement, engagement_rate, sentiment
    from measures where task_code is not null
),

cells as (
    select
        page_name,
        period_key,
        task_code,
        scope,
        count(*) as posts,
        sum(reach) as reach,
        sum(views) as views,
        sum(reactions) as reactions,
        sum(comments) as comments,
        sum(shares) as shares,
        sum(engagement) as engagements,
        sum(case when engagement is not null and reach > 0 then engagement end) as rated_engagements,
        sum(case when engagement is not null and reach > 0 then reach end) as rated_reach,
        count(case when sentiment = 'positive' then 1 end) as posts_positive,
        count(case when sentiment = 'negative' then 1 end) as posts_negative,
        max(engagement_rate) as best_engagement_rate
    from scoped
    {{ group_by_all(4) }}
)

select
    page_name,
    period_key,
    task_code,
    scope,
    cast(posts as bigint) as posts,
    cast(reach as bigint) as reach,
    cast(views as bigint) as views,
    cast(reactions as bigint) as reactions,
    cast(comments as bigint) as comments,
    cast(shares as bigint) as shares,
    cast(engagements as bigint) as engagements,
    case when rated_reach > 0 then {{ round_number(divide('rated_engagements', 'rated_reach'), 4) }} end as engagement_rate,
    {{ round_number('best_engagement_rate', 4) }} as best_engagement_rate,
    cast(posts_positive as bigint) as posts_positive,
    cast(posts_negative as bigint) as posts_negative
from cells
