-- Press coverage per task x period x outlet level x media type x genre, for the loaded periods.
-- Items without a task (none of the 15) are kept with task_code null, so that the cells add up
-- to every press item; share of voice is among the 15 tasks only. An item counts once, under its
-- primary task; the *_secondary columns count, apart, the items that serve the task as their
-- secondary task (a cell may hold only those: press_items 0).
with attributed as (
    select i.*
    from {{ ref('int_press_items__attributed') }} as i
    inner join {{ ref('int_periods_loaded') }} as p using (period_key)
),

items as (
    select task_code, period_key, outlet_level, media_type, genre, sentiment, sentiment_method,
        task_method, views, true as is_primary
    from attributed
    union all
    select secondary_task_code, period_key, outlet_level, media_type, genre, sentiment, sentiment_method,
        task_method, views, false as is_primary
    from attributed
    where secondary_task_code is not null
),

cells as (
    select
        task_code,
        period_key,
        outlet_level,
        media_type,
        genre,
        count(case when is_primary then 1 end) as press_items,
        count(case when is_primary and sentiment = 'positive' then 1 end) as press_positive,
        count(case when is_primary and sentiment = 'neutral' then 1 end) as press_neutral,
        count(case when is_primary and sentiment = 'negative' then 1 end) as press_negative,
        count(case when is_primary and sentiment_method = 'service_label' then 1 end) as sentiment_by_service,
        count(case when is_primary and sentiment_method in ('lexicon', 'model') then 1 end) as sentiment_by_lexicon,
        count(case when is_primary and (sentiment_method = 'override' or task_method = 'override') then 1 end) as labels_overridden,
        count(case when is_primary then views end) as items_with_views,
        cast(sum(case when is_primary then views end) as bigint) as views,
        count(case when not is_primary then 1 end) as press_items_secondary,
        count(case when not is_primary and sentiment = 'positive' then 1 end) as press_secondary_positive,
        count(case when not is_primary and sentiment = 'neutral' then 1 end) as press_secondary_neutral,
        count(case when not is_primary and sentiment = 'negative' then 1 end) as press_secondary_negative
    from items
    {{ group_by_all(5) }}
),

final as (
    select
        c.task_code,
        t.task_title,
        c.period_key,
        p.school_year,
        c.outlet_level,
        c.media_type,
        c.genre,
        cast(c.press_items as bigint) as press_items,
        cast(c.press_positive as bigint) as press_positive,
        cast(c.press_neutral as bigint) as press_neutral,
        cast(c.press_negative as bigint) as press_negative,
        -- (positive - negative) / all items, from -1 to 1; neutral items pull it towards 0.
        case when c.press_items > 0
            then {{ round_number(divide('(c.press_positive - c.press_negative)', 'c.press_items'), 4) }}
        end as net_sentiment,
        -- (positive - negative) / (positive + negative): the balance of the polar items only.
        case when c.press_positive + c.press_negative > 0
            then {{ round_number(divide('(c.press_positive - c.press_negative)', '(c.press_positive + c.press_negative)'), 4) }}
        end as net_sentiment_polar,
        -- This task's items / items of all 15 tasks in the same period, level, media type and genre.
        case when c.task_code is not null
            then {{ round_number(divide('c.press_items', '(sum(case when c.task_code is not null then c.press_items end) over (partition by c.period_key, c.outlet_level, c.media_type, c.genre))'), 4) }}
        end as share_of_voice,
        cast(c.items_with_views as bigint) as items_with_views,
        c.views,
        cast(c.sentiment_by_service as bigint) as sentiment_by_service,
        cast(c.sentiment_by_lexicon as bigint) as sentiment_by_lexicon,
        cast(c.labels_overridden as bigint) as labels_overridden,
        cast(c.press_items_secondary as bigint) as press_items_secondary,
        cast(c.press_secondary_positive as bigint) as press_secondary_positive,
        cast(c.press_secondary_neutral as bigint) as press_secondary_neutral,
        cast(c.press_secondary_negative as bigint) as press_secondary_negative
    from cells as c
    inner join {{ ref('stg_reference__periods') }} as p using (period_key)
    left join {{ ref('stg_reference__tasks') }} as t using (task_code)
)

select * from final
