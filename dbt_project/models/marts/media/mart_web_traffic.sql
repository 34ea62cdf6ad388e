-- Portal and unit-site traffic per site x period (section = null, task_code = null), per site x
-- section x period, and per site x task x period (pages whose title maps to a task).
-- Active users are summed over days (GA4 exports count them per day): user-days, not people.
with pageviews as (
    select w.*
    from {{ ref('int_web_pageviews__attributed') }} as w
    inner join {{ ref('int_periods_loaded') }} as p using (period_key)
),

scoped as (
    select site, period_key, 'site' as scope, cast(null as varchar) as section, cast(null as varchar) as task_code,
        page_path, views, active_users, new_users, event_count, avg_engagement_seconds
    from pageviews
    union all
    select site, period_key, 'section', section, cast(null as varchar),
        page_path, views, active_users, new_users, event_count, avg_engagement_seconds
    from pageviews
    union all
    select site, period_key, 'task', cast(null as varchar), task_code,
        page_path, views, active_users, new_users, event_count, avg_engagement_seconds
    from pageviews where task_code is not null
),

cells as (
    select
        site,
        period_key,
        scope,
        section,
        task_code,
        count(distinct page_path) as pages,
        sum(views) as views,
        sum(active_users) as active_user_days,
        sum(new_users) as new_users,
        sum(event_count) as events,
        sum(avg_engagement_seconds * active_users) as engagement_seconds,
        sum(case when avg_engagement_seconds is not null then active_users end) as timed_users
    from scoped
    {{ group_by_all(5) }}
)

select
    site,
    period_key,
    scope,
    section,
    task_code,
    cast(pages as bigint) as pages,
    cast(views as bigint) as views,
    cast(active_user_days as bigint) as active_user_days,
    cast(new_users as bigint) as new_users,
    cast(events as bigint) as events,
    -- Average engagement time per active user, weighted by each row's active users.
    case when timed_users > 0 then {{ round_number(divide('engagement_seconds', 'timed_users'), 1) }} end as avg_engagement_seconds,
    {{ round_number('engagement_seconds', 0) }} as engagement_seconds
from cells
