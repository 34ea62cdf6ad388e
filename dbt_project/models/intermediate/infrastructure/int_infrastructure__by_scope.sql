-- The infrastructure figures at every scope the marts report: each ward × year × school level and
-- its total ('all'), then each former province and the whole city, summed over their wards.
-- Carries the 2030 targets (raw.ref_targets_2030) and the needs that cannot be summed after the
-- fact: schools still to bring to the standard (each level to its own target) and, for roll-ups,
-- the classrooms every ward would need to reach the target by itself (surpluses do not offset).
--   standard_share_target of 'all' rows: the levels' targets weighted by their schools, i.e. the
--   share reached if every level met exactly its own target.
--   source_coverage of a ward's 'all' row: the worst of its levels (a level without a row makes it
--   partial); of a roll-up: complete when every ward is complete, none when no ward reported.

with by_year as (
    select * from {{ ref('int_ward_infrastructure__by_year') }}
),

wards as (
    select ward_code, ward_name, former_province from {{ ref('stg_reference__wards') }}
),

targets as (
    select * from {{ ref('stg_infrastructure__targets_2030') }}
),

classroom_target as (
    select target_value as classrooms_per_10k_target from targets where target_code = 'classrooms_per_10k'
),

level_targets as (
    select school_level, target_value as standard_share_target
    from targets
    where target_code = 'standard_share_' || school_level
),

ward_levels as (
    select
        b.*,
        c.classrooms_per_10k_target,
        t.standard_share_target,
        {{ schools_to_standard_needed('t.standard_share_target', 'b.schools', 'b.schools_meeting_standard') }} as schools_to_standard_needed,
        case when b.apportionment_method = 'area_share' then 2 when b.apportionment_method = 'default_successor' then 1
             when b.apportionment_method = 'none' then 0 end as method_rank
    from by_year as b
    cross join classroom_target as c
    left join level_targets as t using (school_level)
),

ward_totals as (
    select
        ward_code,
        year,
        'all' as school_level,
        5 as level_order,
        cast(sum(population_school_age) as bigint) as population_school_age,
        cast(sum(classrooms) as bigint) as classrooms,
        cast(sum(schools) as bigint) as schools,
        cast(sum(schools_meeting_standard) as bigint) as schools_meeting_standard,
        cast(sum(source_rows) as bigint) as source_rows,
        max(predecessors_expected) as predecessors_expected,
        min(predecessors_reported) as predecessors_reported,
        case
            when bool_and(source_coverage = 'none') then 'none'
            when bool_or(source_coverage = 'mixed') then 'mixed'
            when bool_or(source_coverage in ('partial', 'none')) then 'partial'
            else 'complete'
        end as source_coverage,
        max(classrooms_per_10k_target) as classrooms_per_10k_target,
        sum(standard_share_target * schools) / nullif(sum(schools) filter (where standard_share_target is not null), 0)
            as standard_share_target,
        cast(sum(schools_to_standard_needed) as bigint) as schools_to_standard_needed,
        max(method_rank) as method_rank
    from ward_levels
    {{ group_by_all(2) }}
),

ward_rows as (
    select
        ward_code, year, school_level, level_order, population_school_age, classrooms, schools,
        schools_meeting_standard, source_rows, predecessors_expected, predecessors_reported, source_coverage,
        classrooms_per_10k_target, standard_share_target, schools_to_standard_needed, method_rank
    from ward_levels
    union all
    select
        ward_code, year, school_level, level_order, population_school_age, classrooms, schools,
        schools_meeting_standard, source_rows, predecessors_expected, predecessors_reported, source_coverage,
        classrooms_per_10k_target, standard_share_target, schools_to_standard_needed, method_rank
    from ward_totals
),

wards_scoped as (
    select
        'ward' as scope,
        r.ward_code as scope_code,
        w.ward_name as scope_name,
        w.former_province,
        r.*,
        {{ classrooms_needed('r.classrooms_per_10k_target', 'r.population_school_age', 'r.classrooms') }} as ward_classrooms_needed
    from ward_rows as r
    inner join wards as w using (ward_code)
),

-- Each ward row twice more: once for its former province, once for the city.
{%- set ward_columns = 'ward_code, year, school_level, level_order, population_school_age, classrooms, schools,
        schools_meeting_standard, source_rows, predecessors_expected, predecessors_reported, source_coverage,
        classrooms_per_10k_target, standard_share_target, schools_to_standard_needed, method_rank, ward_classrooms_needed' %}
rollup_members as (
    select 'former_province' as scope, former_province as scope_code, former_province as scope_name, former_province,
        {{ ward_columns }}
    from wards_scoped
    union all
    select 'city' as scope, 'city' as scope_code, 'Thành phố Hồ Chí Minh' as scope_name, null as former_province,
        {{ ward_columns }}
    from wards_scoped
),

rollups as (
    select
        scope,
        scope_code,
        scope_name,
        former_province,
        cast(null as varchar) as ward_code,
        year,
        school_level,
        level_order,
        cast(sum(population_school_age) as bigint) as population_school_age,
        cast(sum(classrooms) as bigint) as classrooms,
        cast(sum(schools) as bigint) as schools,
        cast(sum(schools_meeting_standard) as bigint) as schools_meeting_standard,
        cast(sum(source_rows) as bigint) as source_rows,
        cast(null as bigint) as predecessors_expected,
        cast(null as bigint) as predecessors_reported,
        case
            when count(*) filter (where source_coverage <> 'none') = 0 then 'none'
            when count(*) filter (where source_coverage = 'complete') = count(*) then 'complete'
            else 'partial'
        end as source_coverage,
        max(classrooms_per_10k_target) as classrooms_per_10k_target,
        sum(standard_share_target * schools) / nullif(sum(schools) filter (where standard_share_target is not null), 0)
            as standard_share_target,
        cast(sum(schools_to_standard_needed) as bigint) as schools_to_standard_needed,
        cast(null as integer) as method_rank,
        cast(sum(ward_classrooms_needed) as bigint) as classrooms_needed_sum_of_wards,
        count(*) as wards_total,
        count(*) filter (where source_coverage <> 'none') as wards_reporting,
        count(*) filter (where source_coverage = 'complete') as wards_complete
    from rollup_members
    group by scope, scope_code, scope_name, former_province, year, school_level, level_order
),

final as (
    select
        scope, scope_code, scope_name, former_province, ward_code, year, school_level, level_order,
        population_school_age, classrooms, schools, schools_meeting_standard, source_rows,
        predecessors_expected, predecessors_reported, source_coverage, classrooms_per_10k_target,
        standard_share_target, schools_to_standard_needed, method_rank,
        ward_classrooms_needed as classrooms_needed_sum_of_wards,
        cast(1 as bigint) as wards_total,
        cast(case when source_coverage <> 'none' then 1 else 0 end as bigint) as wards_reporting,
        cast(case when source_coverage = 'complete' then 1 else 0 end as bigint) as wards_complete
    from wards_scoped
    union all
    select * from rollups
)

select
    scope, scope_code, scope_name, former_province, ward_code, year, school_level, level_order,
    population_school_age, classrooms, schools, schools_meeting_standard, source_rows,
    predecessors_expected, predecessors_reported, source_coverage, classrooms_per_10k_target,
    standard_share_target, schools_to_standard_needed,
    classrooms_needed_sum_of_wards, wards_total, wards_reporting, wards_complete,
    case method_rank when 2 then 'area_share' when 1 then 'default_successor' when 0 then 'none' end as apportionment_method
from final
