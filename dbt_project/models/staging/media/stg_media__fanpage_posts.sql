-- A post appears again in a later export of the same page: the latest export's figures win.
select
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
qualify row_number() over (partition by post_id order by source_file desc, source_row desc) = 1
