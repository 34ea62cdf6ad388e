-- How each old ward's figures go to today's wards (raw.ref_ward_apportionment): share 1 when the
-- old ward was merged whole, the successor's area share when it was split.
select
    old_ward_key,
    old_ward_code,
    old_ward_name,
    old_district_name,
    old_province_name,
    ward_code,
    ward_name,
    is_split,
    successors,
    is_default_successor,
    successor_area_km2,
    area_share,
    basis
from {{ source('raw', 'ref_ward_apportionment') }}
