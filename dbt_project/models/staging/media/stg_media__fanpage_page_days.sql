-- Page-level Meta exports, one row per page and day. A page is its Page ID when the export gives
-- one (a renamed page stays one page), else its name. The same day in two exports (overlapping
-- monthly and quarterly files, a re-export): the later export file's row wins, as for posts.
with days as (
    select
        source_file,
        source_row,
        nullif(trim(page_id), '') as page_id,
        page_name,
        coalesce(nullif(trim(page_id), ''), page_name) as page_key,
        day,
        followers,
        follows,
        unfollows,
        reach,
        visits,
        period_key
    from {{ source('raw', 'fanpage_page_days') }}
)

select {{ distinct_on('page_key, day') }}
    *
from days
{{ first_by('page_key, day', 'source_file desc, source_row desc') }}
