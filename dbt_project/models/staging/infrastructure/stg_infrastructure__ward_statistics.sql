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
    source_file
from {{ source('raw', 'ward_statistics') }}
