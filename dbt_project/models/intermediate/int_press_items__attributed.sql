-- Press items with their outlet level, primary task and sentiment, and how each was decided.
with items as (
    select *, title || ' ' || coalesce(lede, '') as item_text, press_item_key as item_key
    from {{ ref('stg_media__press_items') }}
),

outlet_names as (
    -- An outlet's spellings often fold to the same key ("Tuổi Trẻ", "Tuoi Tre"): one row each.
    select distinct o.outlet_code, o.outlet_name, o.outlet_level, {{ fold_text('n.spelling') }} as folded_name
    from {{ ref('ref_outlets') }} as o,
        unnest({{ split_text('o.aliases', '|', plus='o.outlet_name') }}) as n (spelling)
),

tasks as {{ attribute_task('items') }},

final as (
    select
        i.press_item_key,
        i.item_id,
        i.published_at,
        i.period_key,
        i.outlet_raw,
        o.outlet_code,
        coalesce(o.outlet_name, i.outlet_raw) as outlet_name,
        -- Unknown outlets are kept as 'other' and listed in mart_data_quality_unknown_outlets.
        coalesce(o.outlet_level, 'other') as outlet_level,
        i.media_type,
        i.genre,
        i.title,
        i.url,
        i.views,
        t.task_code,
        case when t.task_code is null then 'none' else 'keyword_phrases' end as task_method,
        coalesce(i.sentiment_label, '{{ var("unlabelled_sentiment") }}') as sentiment,
        case when i.sentiment_label is null then 'none' else 'monitoring_service' end as sentiment_method
    from items as i
    left join outlet_names as o on i.outlet_folded = o.folded_name
    left join tasks as t on i.item_key = t.item_key
)

select * from final
