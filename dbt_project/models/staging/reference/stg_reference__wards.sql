select
    ward_code,
    ward_name,
    ward_short_name,
    ward_type,
    area_km2,
    latitude,
    longitude,
    former_province
from {{ source('raw', 'ref_wards') }}
