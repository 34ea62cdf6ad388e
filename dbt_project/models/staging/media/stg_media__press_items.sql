-- The same URL repeats across monthly exports: it counts once (first seen). URLs are compared
-- as the reader normalised them (url_key: no scheme, 'www.', tracking parameters or trailing
-- slash). The same story in several outlets has several URLs and counts once per outlet.
-- Task and sentiment were decided at ingestion (orchestration/classify), methods beside them.
with items as (
    select
        source_file,
        source_row,
        item_id,
        published_at,
        outlet_raw,
        {{ fold_text('outlet_raw') }} as outlet_folded,
        {{ fold_text('url_host') }} as url_host_folded,
        media_type,
        genre,
        title,
        lede,
        nullif(trim(url), '') as url,
        url_key,
        sentiment_label,
        views,
        period_key,
        task_code,
        task_method,
        task_evidence,
        sentiment,
        sentiment_method,
        sentiment_evidence,
        task_score,
        secondary_task_code,
        secondary_task_evidence,
        runner_up_task_code,
        runner_up_task_score,
        runner_up_task_evidence,
        sentiment_score,
        sentiment_confidence,
        coalesce(url_key, nullif(trim(url), ''), source_file || '#' || cast(source_row as varchar)) as press_item_key
    from {{ source('raw', 'press_items') }}
)

select {{ distinct_on('press_item_key') }}
    *
from items
{{ first_by('press_item_key', 'published_at, source_file, source_row') }}
