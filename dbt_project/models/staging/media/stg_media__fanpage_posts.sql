-- A post appears again in a later export of the same page: the latest export's figures win.
select distinct on (post_id)
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
    period_key,
    source_file
from {{ source('raw', 'fanpage_posts') }}
order by post_id, source_file desc, source_row desc
