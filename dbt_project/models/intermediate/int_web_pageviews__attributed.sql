-- Page titles are attributed like headlines; one title is attributed once for all its days.
with titles as (
    select distinct page_title as item_key, page_title as item_text
    from {{ ref('stg_media__web_pageviews') }}
),

tasks as {{ attribute_task('titles') }}

select
    w.site,
    w.view_date,
    w.period_key,
    w.page_path,
    w.page_title,
    w.views,
    w.active_users,
    t.task_code,
    case when t.task_code is null then 'none' else 'keyword_phrases' end as task_method
from {{ ref('stg_media__web_pageviews') }} as w
left join tasks as t on w.page_title = t.item_key
