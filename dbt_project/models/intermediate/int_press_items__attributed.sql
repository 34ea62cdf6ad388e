-- A table, not a view: several marts and tests read it, and at city scale recomputing it for each
-- (hundreds of thousands to millions of rows, deduplicated) cost more than storing it once.
-- Period-scoped (macros/period_scoped.sql): an item's attribution reads that item alone, and the
-- same story is counted once per outlet and day, and a day is in one period; so a new quarter's
-- items are attributed and the earlier quarters' rows are kept.
{{ period_scoped_config() }}
-- Press items with their outlet level, primary task and sentiment, and how each was decided.
-- Outlet: the export's name matched to ref_outlets (name or alias, ignoring case and marks),
-- else the URL's host matched to an alias ("tuoitre.vn"); unknown outlets are kept as 'other'
-- and listed in mart_unknown_outlets. The same story twice in one outlet (same title, same
-- day in Ho Chi Minh City, a second URL) counts once: each outlet counts a story once. The day is
-- the city's, as for the item's period (the reader's), not the UTC date the timestamp would cast
-- to: two copies at 23:00 and 05:00 the next morning are two days, possibly two periods.
-- Labels: the Office's override (ref_media_label_overrides) wins, else the ingestion's labels.
with items as (
    select * from {{ ref('stg_media__press_items') }}
    where {{ in_rebuilt_periods('period_key') }}
),

outlet_names as (
    -- An outlet's spellings often fold to the same key ("Tuổi Trẻ", "Tuoi Tre"): one row each.
    select distinct o.outlet_code, o.outlet_name, o.outlet_level, {{ fold_text('n.spelling') }} as folded_name
    from {{ ref('ref_outlets') }} as o,
        unnest({{ split_text('o.aliases', '|', plus='o.outlet_name') }}) as n (spelling)
),

overrides as (
    select * from {{ ref('int_media_label_overrides') }} where item_kind = 'press'
),

resolved as (
    select
        i.*,
        coalesce(by_name.outlet_code, by_host.outlet_code) as outlet_code,
        coalesce(by_name.outlet_name, by_host.outlet_name, i.outlet_raw) as outlet_name,
        coalesce(by_name.outlet_level, by_host.outlet_level, 'other') as outlet_level,
        case when by_name.outlet_code is not null then 'name'
             when by_host.outlet_code is not null then 'url_host' end as outlet_matched_by
    from items as i
    left join outlet_names as by_name on i.outlet_folded = by_name.folded_name
    left join outlet_names as by_host on by_name.outlet_code is null and i.url_host_folded = by_host.folded_name
),

one_per_outlet_story as (
    {%- set story = "coalesce(outlet_code, outlet_folded), " ~ fold_text('title') ~ ", cast(timezone('Asia/Ho_Chi_Minh', published_at) as date)" %}
    select {{ distinct_on(story) }}
        *
    from resolved
    {{ first_by(story, 'published_at, press_item_key') }}
),

final as (
    select
        i.press_item_key,
        i.item_id,
        i.published_at,
        i.period_key,
        i.outlet_raw,
        i.outlet_code,
        i.outlet_name,
        -- Unknown outlets are kept as 'other' and listed in mart_unknown_outlets.
        i.outlet_level,
        i.outlet_matched_by,
        i.media_type,
        i.genre,
        i.title,
        i.url,
        i.views,
        case when o.task_code = 'none' then null else coalesce(o.task_code, i.task_code) end as task_code,
        case when o.task_code is not null then 'override' else i.task_method end as task_method,
        i.task_evidence,
        coalesce(o.sentiment, i.sentiment) as sentiment,
        case when o.sentiment is not null then 'override' else i.sentiment_method end as sentiment_method,
        i.sentiment_evidence,
        i.sentiment_label as service_sentiment,
        {{ secondary_task('o', 'i') }} as secondary_task_code,
        case when o.secondary_task_code is not null then 'override'
             when i.secondary_task_code is not null then 'phrase_list' end as secondary_task_method,
        i.secondary_task_evidence,
        i.task_score,
        i.runner_up_task_code,
        i.runner_up_task_score,
        i.runner_up_task_evidence,
        i.sentiment_score,
        i.sentiment_confidence,
        o.item_key is not null as label_overridden
    from one_per_outlet_story as i
    left join overrides as o on o.item_key in (i.url, i.press_item_key)
)

select * from final
