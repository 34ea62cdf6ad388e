select
    year,
    indicator_code,
    indicator_name,
    value_pct,
    source_file,
    source_row
from {{ source('raw', 'city_indicators') }}
