-- A table, not a view: several marts and tests read it, and at city scale recomputing it for each
-- (hundreds of thousands to millions of rows, deduplicated) cost more than storing it once.
{{ config(materialized='table') }}
-- Portal page views with the task of the page's title (decided at ingestion) and the site
-- section: the first segment of the page path ('/tin-tuc/abc' -> 'tin-tuc', '/' -> '(home)').
select
    site,
    view_date,
    period_key,
    page_path,
    page_title,
    case
        when split_part(split_part(trim(leading '/' from coalesce(page_path, '')), '/', 1), '?', 1) = '' then '(home)'
        else lower(split_part(split_part(trim(leading '/' from page_path), '/', 1), '?', 1))
    end as section,
    views,
    active_users,
    new_users,
    event_count,
    avg_engagement_seconds,
    task_code,
    task_method
from {{ ref('stg_media__web_pageviews') }}
