select
    period_key,
    year,
    quarter,
    label_vi,
    window_start,
    window_end,
    deadline,
    deadline_at,
    school_year,
    in_school_year
from {{ source('raw', 'ref_reporting_periods') }}
