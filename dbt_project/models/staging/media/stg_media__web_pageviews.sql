-- One row per site, day and page; an overlapping re-export replaces the same day's figures.
-- The page title's task was decided at ingestion (orchestration/classify).
select {{ distinct_on('site, view_date, page_path') }}
    site,
    view_date,
    page_path,
    page_title,
    views,
    active_users,
    new_users,
    event_count,
    avg_engagement_seconds,
    period_key,
    task_code,
    task_method,
    source_file
from {{ source('raw', 'web_pageviews') }}
{{ first_by('site, view_date, page_path', 'source_file desc, source_row desc') }}
