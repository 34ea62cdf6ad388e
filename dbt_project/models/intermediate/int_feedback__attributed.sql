with items as (
    select *, source_file || '#' || source_row as item_key, topic as item_text
    from {{ ref('stg_surveys__feedback') }}
),

tasks as {{ attribute_task('items') }}

select
    i.source_file,
    i.source_row,
    i.received_date,
    i.period_key,
    i.channel,
    i.topic,
    i.handling_unit,
    i.answered_date,
    i.status,
    t.task_code,
    case when t.task_code is null then 'none' else 'keyword_phrases' end as task_method
from items as i
left join tasks as t using (item_key)
