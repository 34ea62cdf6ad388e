-- Progress to the 2030 targets at every scope (ward, former province, city) × year × school level:
-- classrooms per 10,000 residents of the level's age band and the share of schools meeting the
-- national standard, their gaps to the targets, the yearly pace needed from the row's year to the
-- target year against the recent yearly pace, a status, and year-over-year jumps to review.
--   Only rows whose figures are complete (source_coverage = 'complete') are assessed: a partial
--   year (some old wards missing) would show a false trend, so it gets status 'not_assessed' and
--   is neither a pace base nor a year-over-year comparison.
--   Recent pace: yearly change since the earliest assessed year at most
--   infrastructure_pace_lookback_years before the row's year; null with one year only.
--   Status rule: macro target_status (macros/infrastructure.sql), per measure; `status` is the
--   worse of the two.
{%- set target_year = infra_var('infrastructure_target_year') %}
{%- set lookback = infra_var('infrastructure_pace_lookback_years') %}

with scoped as (
    select * from {{ ref('int_infrastructure__by_scope') }}
),

measured as (
    select
        *,
        {{ round_number('classrooms * 10000.0 / nullif(population_school_age, 0)', 2) }} as classrooms_per_10k,
        {{ round_number('100.0 * schools_meeting_standard / nullif(schools, 0)', 2) }} as standard_share,
        source_coverage = 'complete' as is_assessed
    from scoped
),

base_years as (
    select current.scope, current.scope_code, current.school_level, current.year, min(base.year) as pace_base_year
    from measured as current
    inner join measured as base
        on base.scope = current.scope
        and base.scope_code = current.scope_code
        and base.school_level = current.school_level
        and base.year < current.year
        and base.year >= current.year - {{ lookback }}
        and base.is_assessed
    where current.is_assessed
    {{ group_by_all(4) }}
),

previous as (
    select
        scope, scope_code, school_level, year,
        lag(year) over w as previous_year,
        lag(classrooms) over w as previous_classrooms,
        lag(population_school_age) over w as previous_population,
        lag(schools) over w as previous_schools,
        lag(schools_meeting_standard) over w as previous_schools_meeting_standard
    from measured
    where is_assessed
    window w as (partition by scope, scope_code, school_level order by year)
),

paced as (
    select
        m.*,
        b.pace_base_year,
        {{ target_year }} - m.year as years_to_target,
        {{ classrooms_needed('m.classrooms_per_10k_target', 'm.population_school_age', 'm.classrooms') }} as classrooms_needed,
        {{ round_number('m.classrooms_per_10k_target - m.classrooms_per_10k', 2) }} as classrooms_per_10k_gap,
        {{ round_number('m.standard_share_target - m.standard_share', 2) }} as standard_share_gap,
        {{ pace_needed('m.classrooms_per_10k', 'm.classrooms_per_10k_target', 'm.year') }} as classrooms_per_10k_pace_needed,
        {{ pace_needed('m.standard_share', 'm.standard_share_target', 'm.year') }} as standard_share_pace_needed,
        {{ round_number('(m.classrooms_per_10k - base.classrooms_per_10k) / (m.year - b.pace_base_year)', 4) }} as classrooms_per_10k_pace_recent,
        {{ round_number('(m.standard_share - base.standard_share) / (m.year - b.pace_base_year)', 4) }} as standard_share_pace_recent,
        p.previous_year,
        p.previous_classrooms,
        p.previous_population,
        p.previous_schools,
        p.previous_schools_meeting_standard
    from measured as m
    left join base_years as b using (scope, scope_code, school_level, year)
    left join measured as base
        on base.scope = m.scope and base.scope_code = m.scope_code
        and base.school_level = m.school_level and base.year = b.pace_base_year
    left join previous as p
        on p.scope = m.scope and p.scope_code = m.scope_code
        and p.school_level = m.school_level and p.year = m.year
),

assessed as (
    select
        *,
        case when years_to_target > 0 then cast(ceil({{ divide('classrooms_needed', 'years_to_target') }}) as bigint) end
            as classrooms_needed_per_year,
        case when is_assessed then
            {{ target_status('classrooms_per_10k', 'classrooms_per_10k_target', 'classrooms_per_10k_pace_recent', 'classrooms_per_10k_pace_needed') }}
        end as classrooms_status,
        case when is_assessed then
            {{ target_status('standard_share', 'standard_share_target', 'standard_share_pace_recent', 'standard_share_pace_needed') }}
        end as standard_status,
        {{ is_yoy_jump('classrooms', 'previous_classrooms') }} as classrooms_jump,
        {{ is_yoy_jump('population_school_age', 'previous_population') }} as population_jump,
        {{ is_yoy_jump('schools', 'previous_schools') }} as schools_jump,
        {{ is_yoy_jump('schools_meeting_standard', 'previous_schools_meeting_standard') }} as schools_meeting_standard_jump,
        coalesce(year = max(case when is_assessed then year end) over (partition by scope, scope_code, school_level), false)
            as is_latest_year
    from paced
),

final as (
    select
        *,
        coalesce(
            case when is_assessed then {{ worse_status('classrooms_status', 'standard_status') }} end,
            'not_assessed'
        ) as status,
        coalesce(classrooms_jump or population_jump or schools_jump or schools_meeting_standard_jump, false)
            or source_coverage = 'mixed' as needs_review,
        nullif(concat_ws('; ',
            case when classrooms_jump then {{ format_text("'classrooms {} in {} -> {} in {}'", 'previous_classrooms', 'previous_year', 'classrooms', 'year') }} end,
            case when population_jump then {{ format_text("'population {} in {} -> {} in {}'", 'previous_population', 'previous_year', 'population_school_age', 'year') }} end,
            case when schools_jump then {{ format_text("'schools {} in {} -> {} in {}'", 'previous_schools', 'previous_year', 'schools', 'year') }} end,
            case when schools_meeting_standard_jump then {{ format_text("'schools meeting the standard {} in {} -> {} in {}'", 'previous_schools_meeting_standard', 'previous_year', 'schools_meeting_standard', 'year') }} end,
            case when source_coverage = 'mixed' then 'named both by today''s name and by old ward names: the same schools may be counted twice' end
        ), '') as review_reasons
    from assessed
)

select * from final
