-- Every ward of today × every statistics year × each school level (mam_non, tieu_hoc, thcs, thpt),
-- with the figures of the rows that went to it (int_ward_statistics__apportioned) summed, and how
-- complete they are. A ward named directly counts as complete; a ward reached through old names
-- is complete when every old ward that goes into it (raw.ref_ward_apportionment) reported the
-- level that year, partial when only some did, and 'mixed' when both today's and old names
-- reported (which may count the same schools twice). A ward without any row is 'none'.
{%- set apportion = infra_var('infrastructure_apportion_split_wards') %}

with statistics as (
    select * from {{ ref('int_ward_statistics__apportioned') }}
),

wards as (
    select ward_code from {{ ref('stg_reference__wards') }}
),

years as (
    select distinct year from statistics
),

levels as (
    select * from (values ('mam_non', 1), ('tieu_hoc', 2), ('thcs', 3), ('thpt', 4)) as t (school_level, level_order)
),

predecessors as (
    select ward_code, count(distinct old_ward_key) as predecessors_expected
    from {{ ref('stg_infrastructure__ward_apportionment') }}
    {%- if not apportion %}
    where not is_split or is_default_successor
    {%- endif %}
    {{ group_by_all(1) }}
),

figures as (
    select
        ward_code,
        year,
        school_level,
        sum({{ level_band_population('school_level') }}) as population_school_age,
        sum(classrooms) as classrooms,
        sum(schools) as schools,
        sum(schools_meeting_standard) as schools_meeting_standard,
        count(*) as source_rows,
        count(*) filter (where match_method <> 'legacy_ward') as direct_rows,
        count(distinct legacy_ward_key) filter (where match_method = 'legacy_ward') as predecessors_reported,
        max(case apportionment_method when 'area_share' then 2 when 'default_successor' then 1 else 0 end) as method_rank
    from statistics
    {{ group_by_all(3) }}
),

final as (
    select
        w.ward_code,
        y.year,
        l.school_level,
        l.level_order,
        cast(f.population_school_age as bigint) as population_school_age,
        cast(f.classrooms as bigint) as classrooms,
        cast(f.schools as bigint) as schools,
        cast(f.schools_meeting_standard as bigint) as schools_meeting_standard,
        coalesce(f.source_rows, 0) as source_rows,
        cast(p.predecessors_expected as bigint) as predecessors_expected,
        case when f.direct_rows = 0 then f.predecessors_reported end as predecessors_reported,
        case
            when f.source_rows is null then 'none'
            when f.direct_rows > 0 and f.predecessors_reported > 0 then 'mixed'
            when f.direct_rows > 0 then 'complete'
            when f.predecessors_reported >= p.predecessors_expected then 'complete'
            else 'partial'
        end as source_coverage,
        case f.method_rank when 2 then 'area_share' when 1 then 'default_successor' when 0 then 'none' end as apportionment_method
    from wards as w
    cross join years as y
    cross join levels as l
    left join figures as f on f.ward_code = w.ward_code and f.year = y.year and f.school_level = l.school_level
    left join predecessors as p on p.ward_code = w.ward_code
)

select * from final
