-- Every unit that can report: the 10 departments, the 168 wards' culture-society offices, and
-- the schools that have sent a report (schools have no reference list yet).
with departments as (
    select unit_code, unit_name, 'department' as unit_kind, null as former_province
    from {{ ref('ref_departments') }}
),

wards as (
    select ward_code as unit_code, ward_name as unit_name, 'ward' as unit_kind, former_province
    from {{ ref('stg_reference__wards') }}
),

schools as (
    select distinct on (unit_code) unit_code, unit_name, 'school' as unit_kind, null as former_province
    from {{ ref('stg_unit_reports__submissions') }}
    where unit_kind = 'school'
    order by unit_code, received_at desc
),

final as (
    select * from departments
    union all select * from wards
    union all select * from schools
)

select * from final
