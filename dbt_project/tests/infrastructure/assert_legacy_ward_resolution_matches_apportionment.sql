-- What: every statistics row the reader resolved from an old ward name (match_method legacy_ward)
-- carries the old ward's converter key, and the ward it was resolved to is one of that old
-- ward's successors in raw.ref_ward_apportionment.
-- When it matters: the apportionment of split wards finds its rows by that key; a row without it
-- would stay whole in the default successor and its ward's coverage would be misjudged.
-- How to resolve: look at ward_raw of the rows returned; orchestration.domain.ward_apportionment.
-- legacy_ward_key must parse the name as orchestration.domain.unit_matching does.
select s.source_file, s.source_sheet, s.source_row, s.ward_raw, s.ward_code, s.legacy_ward_key
from {{ ref('stg_infrastructure__ward_statistics') }} as s
left join {{ ref('stg_infrastructure__ward_apportionment') }} as a
    on a.old_ward_key = s.legacy_ward_key and a.ward_code = s.ward_code
where s.match_method = 'legacy_ward' and a.old_ward_key is null
