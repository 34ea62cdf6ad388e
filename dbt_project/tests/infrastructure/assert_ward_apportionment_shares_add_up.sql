-- What: every old ward's shares in raw.ref_ward_apportionment add up to 1, and each old ward has
-- exactly one default successor (the ward the reader resolves its name to).
-- When it matters: shares that do not add up would create or lose classrooms, schools and
-- residents when pre-2025 statistics are apportioned.
-- How to resolve: the table is rebuilt from the vietnamadminunits converter by
-- orchestration/domain/ward_apportionment.py; a failure means the package data changed: check the
-- old ward listed and fix the builder (or pin the package).
select
    old_ward_key,
    sum(area_share) as total_share,
    count(*) filter (where is_default_successor) as default_successors
from {{ ref('stg_infrastructure__ward_apportionment') }}
group by old_ward_key
having abs(sum(area_share) - 1) > 1e-9 or count(*) filter (where is_default_successor) <> 1
