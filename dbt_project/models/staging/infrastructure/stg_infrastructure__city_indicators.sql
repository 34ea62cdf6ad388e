select
    year,
    indicator_code,
    indicator_name,
    value_pct
from {{ source('raw', 'city_indicators') }}
