-- What: sharing split old wards between their successors neither creates nor loses anything: per
-- year and school level, the apportioned rows add up to the rows as read.
-- When it matters: every roll-up and the classrooms needed citywide depend on these sums.
-- How to resolve: look at int_ward_statistics__apportioned for the year and level returned (the
-- largest-remainder rounding must hand out exactly what the floors leave).
{%- set measures = ['population_3_5', 'population_6_10', 'population_11_14', 'population_15_17',
                    'schools', 'schools_meeting_standard', 'classrooms'] %}
with read as (
    select year, school_level,
        {%- for m in measures %} coalesce(sum({{ m }}), 0) as {{ m }}{{ ',' if not loop.last }}{% endfor %}
    from {{ ref('stg_infrastructure__ward_statistics') }}
    {{ group_by_all(2) }}
),

apportioned as (
    select year, school_level,
        {%- for m in measures %} coalesce(sum({{ m }}), 0) as {{ m }}{{ ',' if not loop.last }}{% endfor %}
    from {{ ref('int_ward_statistics__apportioned') }}
    {{ group_by_all(2) }}
)

select r.year, r.school_level
from read as r
full join apportioned as a using (year, school_level)
where r.year is null or a.year is null
    {%- for m in measures %}
    or r.{{ m }} <> a.{{ m }}
    {%- endfor %}
