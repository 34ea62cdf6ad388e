with posts as (
    select *, post_id as item_key, coalesce(title, '') || ' ' || coalesce(description, '') as item_text
    from {{ ref('stg_media__fanpage_posts') }}
),

tasks as {{ attribute_task('posts') }}

select
    p.post_id,
    p.page_name,
    p.published_at,
    p.period_key,
    p.post_type,
    p.reach,
    p.views,
    p.engagement,
    t.task_code,
    case when t.task_code is null then 'none' else 'keyword_phrases' end as task_method
from posts as p
left join tasks as t using (item_key)
