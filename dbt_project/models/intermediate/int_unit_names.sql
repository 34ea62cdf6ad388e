-- Every spelling by which a unit can be recognised in free text (feedback's handling unit, page
-- and site names, press mentions), folded: case, diacritics and punctuation ignored.
with spellings as (
    select d.unit_code, n.spelling, n.spelling = d.unit_name as is_official
    from {{ ref('ref_departments') }} as d,
        unnest({{ split_text('d.aliases', '|', plus='d.unit_name') }}) as n (spelling)
    union all
    select ward_code, ward_name, true from {{ ref('stg_reference__wards') }}
    union all
    select unit_code, unit_name, true from {{ ref('int_units') }} where unit_kind = 'school'
)

select distinct unit_code, {{ fold_text('spelling') }} as folded_name, is_official
from spellings
where length(trim(spelling)) >= 4
