-- Ward figures to review before they are quoted (data quality, issue 6): nothing here is dropped
-- from mart_ward_infrastructure, it is only flagged.
--   yoy_jump: a count moved by more than infrastructure_yoy_jump_factor (x or /) and by at least
--     infrastructure_yoy_min_change since the previous complete year (one row per measure);
--   mixed_naming: a ward named both by today's name and by old ward names in the same year (the
--     same schools may be counted twice);
--   partial_predecessors: a ward reached through old names of which only some reported (its
--     figures that year are not assessed).
{%- set factor = infra_var('infrastructure_yoy_jump_factor') %}
{%- set measures = [
    ('classrooms', 'previous_classrooms', 'classrooms_jump'),
    ('population_school_age', 'previous_population', 'population_jump'),
    ('schools', 'previous_schools', 'schools_jump'),
    ('schools_meeting_standard', 'previous_schools_meeting_standard', 'schools_meeting_standard_jump'),
] %}

with progress as (
    select * from {{ ref('int_infrastructure__progress') }} where scope = 'ward'
),

jumps as (
    {%- for name, previous, flag in measures %}
    select
        ward_code, scope_name, former_province, year, school_level, level_order,
        'yoy_jump' as review_kind,
        '{{ name }}' as measure,
        previous_year,
        cast({{ previous }} as bigint) as previous_value,
        cast({{ name }} as bigint) as value,
        {{ round_number(divide(name, 'nullif(' ~ previous ~ ', 0)'), 4) }} as change_factor,
        {{ format_text("'{} went from {} in {} to {} in {}'", "'" ~ name ~ "'", previous, 'previous_year', name, 'year') }} as detail
    from progress
    where {{ flag }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

coverage as (
    select
        ward_code, scope_name, former_province, year, school_level, level_order,
        case source_coverage when 'mixed' then 'mixed_naming' else 'partial_predecessors' end as review_kind,
        cast(null as varchar) as measure,
        cast(null as bigint) as previous_year,
        cast(null as bigint) as previous_value,
        cast(null as bigint) as value,
        cast(null as double precision) as change_factor,
        case source_coverage
            when 'mixed' then 'named both by today''s name and by old ward names: the same schools may be counted twice'
            else {{ format_text("'{} of the {} old wards that make up this ward reported this level'", 'coalesce(predecessors_reported, 0)', 'predecessors_expected') }}
        end as detail
    from progress
    where source_coverage = 'mixed'
        or (source_coverage = 'partial' and school_level <> 'all')
),

final as (
    select
        ward_code,
        scope_name as ward_name,
        former_province,
        cast(year as bigint) as year,
        school_level,
        review_kind,
        measure,
        previous_year,
        previous_value,
        value,
        cast(change_factor as double precision) as change_factor,
        cast({{ factor }} as double precision) as jump_factor_threshold,
        detail
    from (select * from jumps union all select * from coverage) as reviews
    order by ward_code, year, level_order, review_kind, measure
)

select * from final
