-- The same URL repeats across monthly exports: it counts once (first seen). The same story in
-- several outlets has several URLs and counts once per outlet.
with items as (
    select
        source_file,
        source_row,
        item_id,
        published_at,
        outlet_raw,
        {{ fold_text('outlet_raw') }} as outlet_folded,
        media_type,
        genre,
        title,
        lede,
        nullif(trim(url), '') as url,
        sentiment_label,
        views,
        period_key
    from {{ source('raw', 'press_items') }}
)

select distinct on (coalesce(url, source_file || '#' || source_row))
    coalesce(url, source_file || '#' || source_row) as press_item_key,
    *
from items
order by coalesce(url, source_file || '#' || source_row), published_at, source_file, source_row
