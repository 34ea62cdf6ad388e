-- Fanpage activity per page and period (task_code = null: every post of the page) and per page,
-- task and period. Engagement rate = engagements / reach, over the posts that report both.
-- Followers (page rows only), from the page-level exports: the running total on the period's
-- last reported day, and the follows and unfollows summed over the period's days. A page with
-- followers but no post in the period still gets its page row (posts 0).
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
),

page_days as (
    select d.*
    from {{ ref('stg_media__fanpage_page_days') }} as d
    inner join {{ ref('int_periods_loaded') }} as p using (period_key)
),

post_names as (
    -- A Page ID's latest name on its posts: the name the page's rows carry in this mart.
    select {{ distinct_on('page_id') }} page_id, page_name
    from {{ ref('int_fanpage_posts__attributed') }}
    where page_id is not null
    {{ first_by('page_id', 'published_at desc') }}
),

export_names as (
    select {{ distinct_on('page_key') }} page_key, page_name
    from {{ ref('stg_media__fanpage_page_days') }}
    {{ first_by('page_key', 'day desc') }}
),

last_days as (
    -- The running total on the period's last day that reports it (days without activity may
    -- be missing from the export).
    select {{ distinct_on('page_key, period_key') }} page_key, period_key, day, followers
    from page_days
    where followers is not null
    {{ first_by('page_key, period_key', 'day desc') }}
),

page_follows as (
    select page_key, period_key, sum(follows) as followers_gained, sum(unfollows) as followers_lost
    from page_days
    {{ group_by_all(2) }}
),

followers as (
    -- Two page keys with one name (two different pages): their figures add up under the name.
    select
        coalesce(pn.page_name, en.page_name) as page_name,
        f.period_key,
        sum(l.followers) as followers_end,
        max(l.day) as followers_end_day,
        sum(f.followers_gained) as followers_gained,
        sum(f.followers_lost) as followers_lost
    from page_follows as f
    inner join export_names as en using (page_key)
    left join post_names as pn on pn.page_id = f.page_key
    left join last_days as l using (page_key, period_key)
    group by coalesce(pn.page_name, en.page_name), f.period_key
),

with_followers as (
    select
        coalesce(c.page_name, f.page_name) as page_name,
        coalesce(c.period_key, f.period_key) as period_key,
        c.task_code,
        coalesce(c.scope, 'page') as scope,
        coalesce(c.posts, 0) as posts,
        c.reach, c.views, c.reactions, c.comments, c.shares, c.engagements, c.rated_engagements,
        c.rated_reach, coalesce(c.posts_positive, 0) as posts_positive,
        coalesce(c.posts_negative, 0) as posts_negative, c.best_engagement_rate,
        f.followers_end, f.followers_end_day, f.followers_gained, f.followers_lost
    from (select * from cells where scope = 'page') as c
    full outer join followers as f on f.page_name = c.page_name and f.period_key = c.period_key
    union all
    select page_name, period_key, task_code, scope, posts, reach, views, reactions, comments, shares,
        engagements, rated_engagements, rated_reach, posts_positive, posts_negative, best_engagement_rate,
        null, null, null, null
    from cells where scope = 'page_task'
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
    cast(posts_negative as bigint) as posts_negative,
    cast(followers_end as bigint) as followers_end,
    followers_end_day,
    cast(followers_gained as bigint) as followers_gained,
    cast(followers_lost as bigint) as followers_lost
from with_followers
