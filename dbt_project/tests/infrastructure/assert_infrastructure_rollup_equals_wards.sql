-- What: the citywide and former-province rows of mart_infrastructure_rollup are the sums of
-- their wards' rows in mart_ward_infrastructure (classrooms, schools, residents), per year and level.
-- When it matters: the roll-ups are what the year-end report quotes; they must reconcile with
-- the ward figures analysts drill into.
-- How to resolve: look at int_infrastructure__by_scope for the scope, year and level returned.
with wards as (
    select 'city' as scope, 'Thành phố Hồ Chí Minh' as scope_name, * from {{ ref('mart_ward_infrastructure') }}
    union all
    select 'former_province' as scope, former_province as scope_name, * from {{ ref('mart_ward_infrastructure') }}
),

summed as (
    select scope, scope_name, year, school_level,
        coalesce(sum(classrooms), 0) as classrooms,
        coalesce(sum(schools), 0) as schools,
        coalesce(sum(schools_meeting_standard), 0) as schools_meeting_standard,
        coalesce(sum(population_school_age), 0) as population_school_age
    from wards
    {{ group_by_all(4) }}
)

select s.scope, s.scope_name, s.year, s.school_level
from summed as s
full join {{ ref('mart_infrastructure_rollup') }} as r using (scope, scope_name, year, school_level)
where s.scope is null or r.scope is null
    or s.classrooms <> coalesce(r.classrooms, 0)
    or s.schools <> coalesce(r.schools, 0)
    or s.schools_meeting_standard <> coalesce(r.schools_meeting_standard, 0)
    or s.population_school_age <> coalesce(r.population_school_age, 0)
