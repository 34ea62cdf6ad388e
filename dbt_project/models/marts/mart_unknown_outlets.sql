-- Outlet names in the press exports that match no outlet of ref_outlets: loaded as level 'other';
-- add them (or their spelling as an alias) to the seed to classify them.
select outlet_raw, count(*) as press_items, min(published_at) as first_seen, max(published_at) as last_seen
from {{ ref('int_press_items__attributed') }}
where outlet_code is null
{{ group_by_all(1) }}
