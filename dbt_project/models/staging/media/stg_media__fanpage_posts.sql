-- A post appears again in a later export of the same page: the latest export's figures win.
-- Task and sentiment were decided at ingestion (orchestration/classify), methods beside them.
select {{ distinct_on('post_id') }}
    post_id,
    page_id,
    page_name,
    title,
    description,
    published_at,
    post_type,
    permalink,
    views,
    reach,
    reactions,
    comments,
    shares,
    engagement,
    clicks,
    negative_feedback,
    period_key,
    task_code,
    task_method,
    task_evidence,
    sentiment,
    sentiment_method,
    sentiment_evidence,
    source_file
from {{ source('raw', 'fanpage_posts') }}
{{ first_by('post_id', 'source_file desc, source_row desc') }}
