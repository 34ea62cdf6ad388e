select
    project_code,
    project_name,
    ward_code,
    school_level,
    classrooms_planned,
    funding,
    investment_vnd,
    start_date,
    planned_completion,
    actual_completion,
    status,
    classrooms_delivered,
    source_file
from {{ source('raw', 'classroom_projects') }}
