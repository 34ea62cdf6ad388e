-- The Office's corrections of media labels (seed ref_media_label_overrides): one row per item.
-- item_kind 'press' is keyed by the article URL (as in the export or normalised), 'fanpage' by
-- the Post ID. An empty task_code or sentiment leaves that label to the classifier; task_code
-- 'none' removes the item from every task. secondary_task_code, likewise: a second task the item
-- serves too, 'none' to remove the classifier's, empty to leave it (dropped when it equals the
-- primary task).
select distinct on (item_kind, item_key)
    trim(item_kind) as item_kind,
    trim(item_key) as item_key,
    nullif(trim(task_code), '') as task_code,
    nullif(trim(sentiment), '') as sentiment,
    nullif(trim(secondary_task_code), '') as secondary_task_code
from {{ ref('ref_media_label_overrides') }}
where nullif(trim(item_key), '') is not null
order by item_kind, item_key
