-- Ward statistics as read: one row per file row (ward, school level, year). Old wards merged into
-- one of today's wards give several rows with the same (year, ward_code, school_level); a split
-- old ward carries its converter key in legacy_ward_key (int_ward_statistics__apportioned).
select
    year,
    ward_code,
    school_level,
    population_3_5,
    population_6_10,
    population_11_14,
    population_15_17,
    schools,
    schools_meeting_standard,
    classrooms,
    match_method,
    ward_raw,
    legacy_ward_key,
    source_file,
    source_sheet,
    source_row
from {{ source('raw', 'ward_statistics') }}
