-- Early warning for crisis handling (task 2.15): a task whose share of negative press items rises
-- above a threshold AND above its baseline, in a reporting period or in any 7-day window.
-- Thresholds are dbt vars (dbt_project.yml or --vars):
--   media_alert_negative_share (0.4): the negative share that is too high in itself;
--   media_alert_baseline_factor (1.5): how many times the baseline the share must reach;
--   media_alert_min_items (5): fewer items than this never raise an alert (one bad story is noise).
-- Baseline: the task's negative share in every earlier period (for a period), in the 28 days
-- before the window (for a 7-day window); with no earlier items, the share of all tasks in the
-- same period. One row per alert; the Dagster check media_negative_alerts warns while any exists.
{% set threshold = var('media_alert_negative_share', 0.4) %}
{% set factor = var('media_alert_baseline_factor', 1.5) %}
{% set min_items = var('media_alert_min_items', 5) %}

with items as (
    select i.task_code, i.period_key, cast(i.published_at as date) as published_date, i.sentiment
    from {{ ref('int_press_items__attributed') }} as i
    inner join {{ ref('int_periods_loaded') }} as p using (period_key)
    where i.task_code is not null
),

period_all as (
    select period_key, {{ divide("count(case when sentiment = 'negative' then 1 end)", 'count(*)') }} as share
    from items {{ group_by_all(1) }}
),

by_period as (
    select task_code, period_key, min(published_date) as window_start, max(published_date) as window_end,
        count(*) as items, count(case when sentiment = 'negative' then 1 end) as negative
    from items {{ group_by_all(2) }}
),

period_alerts as (
    select
        b.task_code, 'period' as window_kind, b.period_key, pr.window_start, pr.window_end, b.items, b.negative,
        coalesce(
            (select {{ divide("count(case when e.sentiment = 'negative' then 1 end)", 'count(*)') }}
             from items as e where e.task_code = b.task_code and e.period_key < b.period_key having count(*) > 0),
            a.share
        ) as baseline_share
    from by_period as b
    inner join {{ ref('stg_reference__periods') }} as pr using (period_key)
    inner join period_all as a using (period_key)
),

-- Items counted per task and day once (a few thousand rows at city scale); the 7-day windows
-- and their baselines add up these day counts instead of joining every item to every window
-- that holds it (over 200,000 items: 0.6 s of a build, against a few milliseconds). A window
-- ends on each day with items of the task, once per period those items are in.
daily as (
    select task_code, period_key, published_date, count(*) as items,
        count(case when sentiment = 'negative' then 1 end) as negative
    from items {{ group_by_all(3) }}
),

by_window as (
    select
        d.task_code, d.period_key,
        {{ dbt.dateadd('day', -6, 'd.published_date') }} as window_start,
        d.published_date as window_end,
        cast(sum(i.items) as bigint) as items,
        cast(sum(i.negative) as bigint) as negative
    from daily as d
    inner join daily as i
        on i.task_code = d.task_code
        and i.published_date between {{ dbt.dateadd('day', -6, 'd.published_date') }} and d.published_date
    {{ group_by_all(4) }}
),

window_alerts as (
    select
        w.task_code, '7_days' as window_kind, w.period_key, cast(w.window_start as date) as window_start, w.window_end, w.items, w.negative,
        coalesce(
            (select {{ divide('sum(e.negative)', 'sum(e.items)') }}
             from daily as e
             where e.task_code = w.task_code
               and e.published_date >= {{ dbt.dateadd('day', -34, 'w.window_end') }}
               and e.published_date < {{ dbt.dateadd('day', -6, 'w.window_end') }}
             having count(*) > 0),
            a.share
        ) as baseline_share
    from by_window as w
    inner join period_all as a using (period_key)
),

candidates as (
    select * from period_alerts
    union all
    select * from window_alerts
),

final as (
    select
        c.task_code,
        t.task_title,
        c.window_kind,
        c.period_key,
        cast(c.window_start as date) as window_start,
        cast(c.window_end as date) as window_end,
        cast(c.items as bigint) as press_items,
        cast(c.negative as bigint) as press_negative,
        {{ round_number(divide('c.negative', 'c.items'), 4) }} as negative_share,
        {{ round_number('c.baseline_share', 4) }} as baseline_share,
        cast({{ threshold }} as double precision) as threshold_share,
        cast({{ factor }} as double precision) as baseline_factor
    from candidates as c
    left join {{ ref('stg_reference__tasks') }} as t using (task_code)
    where c.items >= {{ min_items }}
      and {{ divide('c.negative', 'c.items') }} > {{ threshold }}
      and {{ divide('c.negative', 'c.items') }} > {{ factor }} * c.baseline_share
)

select * from final
