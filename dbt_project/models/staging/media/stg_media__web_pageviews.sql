-- One row per site, day and page; an overlapping re-export replaces the same day's figures.
-- The page title's task was decided at ingestion (orchestration/classify).
-- A day is in one period (the reader derives period_key from view_date), so the key leads with
-- the period without changing which row wins: a query for one period then reads only that
-- period's raw rows, and a period's rows here come from that period's raw rows alone
-- (period_preserving: orchestration/defs/transform/period_scope.py).
{{ config(meta={'period_preserving': true}) }}
select {{ distinct_on('period_key, site, view_date, page_path') }}
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
{{ first_by('period_key, site, view_date, page_path', 'source_file desc, source_row desc') }}
