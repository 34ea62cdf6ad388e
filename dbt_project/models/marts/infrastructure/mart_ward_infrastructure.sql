-- Phường/xã × năm × cấp học: classrooms per 10,000 residents of school age and schools meeting the
-- national standard, against the plan's 2030 targets (int_infrastructure__progress, scope 'ward').
with progress as (
    select * from {{ ref('int_infrastructure__progress') }} where scope = 'ward'
),

final as (
    select
        ward_code,
        scope_name as ward_name,
        former_province,
        cast(year as bigint) as year,
        school_level,
        population_school_age,
        classrooms,
        cast(classrooms_per_10k as double precision) as classrooms_per_10k,
        schools,
        schools_meeting_standard,
        cast(standard_share as double precision) as standard_share,
        cast(classrooms_per_10k_target as double precision) as classrooms_per_10k_target,
        cast(classrooms_per_10k_gap as double precision) as classrooms_per_10k_gap,
        classrooms_needed,
        classrooms_needed_per_year,
        cast(standard_share_target as double precision) as standard_share_target,
        cast(standard_share_gap as double precision) as standard_share_gap,
        schools_to_standard_needed,
        cast(years_to_target as bigint) as years_to_target,
        cast(classrooms_per_10k_pace_needed as double precision) as classrooms_per_10k_pace_needed,
        cast(classrooms_per_10k_pace_recent as double precision) as classrooms_per_10k_pace_recent,
        cast(standard_share_pace_needed as double precision) as standard_share_pace_needed,
        cast(standard_share_pace_recent as double precision) as standard_share_pace_recent,
        cast(pace_base_year as bigint) as pace_base_year,
        classrooms_status,
        standard_status,
        status,
        is_latest_year,
        source_coverage,
        cast(source_rows as bigint) as source_rows,
        predecessors_expected,
        predecessors_reported,
        apportionment_method,
        cast(previous_year as bigint) as previous_year,
        cast({{ round_number(divide('classrooms', 'nullif(previous_classrooms, 0)'), 4) }} as double precision) as classrooms_yoy_factor,
        cast({{ round_number(divide('population_school_age', 'nullif(previous_population, 0)'), 4) }} as double precision) as population_yoy_factor,
        needs_review,
        review_reasons
    from progress
    order by ward_code, year, level_order
)

select * from final
