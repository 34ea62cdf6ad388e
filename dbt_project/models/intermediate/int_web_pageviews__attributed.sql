-- A table, not a view: several marts and tests read it, and at city scale recomputing it for each
-- (hundreds of thousands to millions of rows, deduplicated) cost more than storing it once.
-- Period-scoped (macros/period_scoped.sql): a day's page views belong to one period, so a new
-- quarter's export adds that quarter's rows and the earlier quarters' are kept.
{{ period_scoped_config() }}
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
where {{ in_rebuilt_periods('period_key') }}
