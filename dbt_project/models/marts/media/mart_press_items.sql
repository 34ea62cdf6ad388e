-- One row per press item of the loaded periods (each URL once, each outlet counting a story
-- once, as in mart_press_coverage): which articles, in which outlets, under which task and with
-- which sentiment, and what decided each label. No personal data: outlets, titles and URLs only.
with items as (
    select i.*
    from {{ ref('int_press_items__attributed') }} as i
    inner join {{ ref('int_periods_loaded') }} as p using (period_key)
)

select
    i.press_item_key,
    i.period_key,
    cast(timezone('Asia/Ho_Chi_Minh', i.published_at) as date) as published_date,
    i.published_at,
    i.outlet_name,
    i.outlet_code,
    i.outlet_level,
    i.media_type,
    i.genre,
    i.title,
    i.url,
    i.task_code,
    t.task_title,
    i.secondary_task_code,
    i.task_method,
    i.task_evidence,
    i.secondary_task_method,
    i.secondary_task_evidence,
    i.sentiment,
    i.sentiment_method,
    i.sentiment_evidence,
    i.service_sentiment,
    cast(i.views as bigint) as views
from items as i
left join {{ ref('stg_reference__tasks') }} as t using (task_code)
