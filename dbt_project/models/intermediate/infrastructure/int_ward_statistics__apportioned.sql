-- Each ward-statistics row, once per ward of today its figures go to.
-- A row naming today's ward, or an old ward merged whole into one ward, goes whole to it
-- (apportionment_method 'none'). A row naming an old ward that was split between several of
-- today's wards (raw.ref_ward_apportionment, matched on the old ward's converter key) is shared
-- between the successors by area share ('area_share'), or given whole to the converter's default
-- successor when the var infrastructure_apportion_split_wards is false ('default_successor').
-- Counts stay whole numbers and add up to the row's: each successor gets the floor of its share,
-- and what is left goes one by one to the largest fractions (ties: default successor, then code).
-- Schools meeting the standard and the other schools are shared separately, so that a successor
-- never has more schools meeting the standard than schools.
{%- set measures = ['population_3_5', 'population_6_10', 'population_11_14', 'population_15_17',
                    'schools', 'schools_meeting_standard', 'schools_not_meeting', 'classrooms'] %}
{%- set apportion = infra_var('infrastructure_apportion_split_wards') %}

with statistics as (
    select
        *,
        schools - schools_meeting_standard as schools_not_meeting
    from {{ ref('stg_infrastructure__ward_statistics') }}
),

splits as (
    select old_ward_key, ward_code, area_share, is_default_successor
    from {{ ref('stg_infrastructure__ward_apportionment') }}
    where is_split
        {%- if not apportion %} and is_default_successor{% endif %}
),

destinations as (
    select
        s.*,
        coalesce(sp.ward_code, s.ward_code) as destination_ward_code,
        case
            when sp.old_ward_key is null then 1.0
            {%- if apportion %}
            else sp.area_share
            {%- else %}
            else 1.0
            {%- endif %}
        end as share,
        coalesce(sp.is_default_successor, true) as is_default_successor,
        case
            when sp.old_ward_key is null then 'none'
            {%- if apportion %}
            else 'area_share'
            {%- else %}
            else 'default_successor'
            {%- endif %}
        end as apportionment_method
    from statistics as s
    left join splits as sp on sp.old_ward_key = s.legacy_ward_key
),

shares as (
    select
        *,
        {%- for m in measures %}
        floor({{ round_number(m ~ ' * share', 9) }}) as {{ m }}_floor,
        {{ round_number(m ~ ' * share', 9) }} - floor({{ round_number(m ~ ' * share', 9) }}) as {{ m }}_fraction{{ ',' if not loop.last }}
        {%- endfor %}
    from destinations
),

ranked as (
    select
        *,
        {%- for m in measures %}
        {{ m }} - sum({{ m }}_floor) over source_row_window as {{ m }}_left,
        row_number() over (
            partition by source_file, source_sheet, source_row
            order by {{ m }}_fraction desc, is_default_successor desc, destination_ward_code
        ) as {{ m }}_rank{{ ',' if not loop.last }}
        {%- endfor %}
    from shares
    window source_row_window as (partition by source_file, source_sheet, source_row)
),

apportioned as (
    select
        *,
        {%- for m in measures %}
        cast({{ m }}_floor + case when {{ m }}_rank <= {{ m }}_left then 1 else 0 end as bigint) as {{ m }}_apportioned{{ ',' if not loop.last }}
        {%- endfor %}
    from ranked
),

final as (
    select
        source_file,
        source_sheet,
        source_row,
        year,
        destination_ward_code as ward_code,
        school_level,
        match_method,
        ward_raw,
        legacy_ward_key,
        apportionment_method,
        share as area_share,
        population_3_5_apportioned as population_3_5,
        population_6_10_apportioned as population_6_10,
        population_11_14_apportioned as population_11_14,
        population_15_17_apportioned as population_15_17,
        case
            when schools_meeting_standard_apportioned is not null and schools_not_meeting_apportioned is not null
                then schools_meeting_standard_apportioned + schools_not_meeting_apportioned
            else schools_apportioned
        end as schools,
        schools_meeting_standard_apportioned as schools_meeting_standard,
        classrooms_apportioned as classrooms
    from apportioned
)

select * from final
