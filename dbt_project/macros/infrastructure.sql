{#- Business rules of the infrastructure marts (issue 6), in one place.

    infra_var(name): a dbt var with its default here, so that a threshold is set once and can be
    overridden with `--vars` or in dbt_project.yml (vars: infrastructure_yoy_jump_factor: 2).
      infrastructure_target_year          2030  the year the plan's targets are due
      infrastructure_pace_lookback_years  3     the recent pace is the yearly change since the
                                                earliest assessable year at most this many years back
      infrastructure_on_track_pace_ratio  1.0   on track: recent pace >= ratio x pace needed
      infrastructure_at_risk_pace_ratio   0.5   at risk: recent pace >= ratio x pace needed
      infrastructure_at_risk_level_ratio  0.9   with one year only: at risk when value >= ratio x target
      infrastructure_yoy_jump_factor      1.5   a year-over-year change above x1.5 or below /1.5 ...
      infrastructure_yoy_min_change       5     ... and of at least 5 (classrooms, people, schools) is flagged
      infrastructure_apportion_split_wards true share a split old ward's figures by area (else: all
                                                to the converter's default successor)
-#}
{% macro infra_var(name) -%}
    {%- set defaults = {
        'infrastructure_target_year': 2030,
        'infrastructure_pace_lookback_years': 3,
        'infrastructure_on_track_pace_ratio': 1.0,
        'infrastructure_at_risk_pace_ratio': 0.5,
        'infrastructure_at_risk_level_ratio': 0.9,
        'infrastructure_yoy_jump_factor': 1.5,
        'infrastructure_yoy_min_change': 5,
        'infrastructure_apportion_split_wards': true,
    } -%}
    {%- if name not in defaults -%}
        {{ exceptions.raise_compiler_error("unknown infrastructure var " ~ name) }}
    {%- endif -%}
    {{- return(var(name, defaults[name])) -}}
{%- endmacro %}

{#- The population column of a school level's age band (mầm non 3-5, tiểu học 6-10, THCS 11-14, THPT 15-17). -#}
{% macro level_band_population(level_expr) -%}
    case {{ level_expr }}
        when 'mam_non' then population_3_5
        when 'tieu_hoc' then population_6_10
        when 'thcs' then population_11_14
        when 'thpt' then population_15_17
    end
{%- endmacro %}

{#- Classrooms to add to reach `target` per 10,000 residents: ceil(target x population / 10,000) - classrooms,
    never below 0; null when a figure is missing (DuckDB's greatest() would otherwise turn null into 0).
    Rounded to 9 decimals before ceil so that 300 x 10,000 / 10,000 stays 300. -#}
{% macro classrooms_needed(target, population, classrooms) -%}
    case when {{ target }} is not null and {{ population }} is not null and {{ classrooms }} is not null then
        cast(greatest(ceil({{ round_number(target ~ ' * ' ~ population ~ ' / 10000.0', 9) }}) - {{ classrooms }}, 0) as bigint)
    end
{%- endmacro %}

{#- Schools still to bring to the national standard to reach `target_pct` of `schools`, never below 0. -#}
{% macro schools_to_standard_needed(target_pct, schools, meeting) -%}
    case when {{ target_pct }} is not null and {{ schools }} is not null and {{ meeting }} is not null then
        cast(greatest(ceil({{ round_number(target_pct ~ ' * ' ~ schools ~ ' / 100.0', 9) }}) - {{ meeting }}, 0) as bigint)
    end
{%- endmacro %}

{#- Yearly change still needed to reach the target by the target year (0 when met; null when the year is past). -#}
{% macro pace_needed(value, target, year) -%}
    case
        when {{ value }} is null or {{ target }} is null then null
        when {{ value }} >= {{ target }} then 0.0
        when {{ infra_var('infrastructure_target_year') }} - {{ year }} > 0
            then {{ round_number('(' ~ target ~ ' - ' ~ value ~ ') / (' ~ infra_var('infrastructure_target_year') ~ ' - ' ~ year ~ ')', 4) }}
    end
{%- endmacro %}

{#- The status rule, for any measure that should rise to a target:
      on_track   the target is already met, or the recent yearly pace is at least
                 infrastructure_on_track_pace_ratio x the pace needed;
      at_risk    the recent pace is at least infrastructure_at_risk_pace_ratio x the pace needed,
                 or, with no earlier year to give a pace, the value is at least
                 infrastructure_at_risk_level_ratio x the target;
      off_track  otherwise, and when the target year has passed without the target met.
    Null when there is no value or no target. -#}
{% macro target_status(value, target, pace_recent, pace_needed) -%}
    case
        when {{ value }} is null or {{ target }} is null then null
        when {{ value }} >= {{ target }} then 'on_track'
        when {{ pace_needed }} is null then 'off_track'
        when {{ pace_recent }} is not null then
            case
                when {{ pace_recent }} >= {{ infra_var('infrastructure_on_track_pace_ratio') }} * {{ pace_needed }} then 'on_track'
                when {{ pace_recent }} >= {{ infra_var('infrastructure_at_risk_pace_ratio') }} * {{ pace_needed }} then 'at_risk'
                else 'off_track'
            end
        when {{ value }} >= {{ infra_var('infrastructure_at_risk_level_ratio') }} * {{ target }} then 'at_risk'
        else 'off_track'
    end
{%- endmacro %}

{#- The worse of two statuses (off_track < at_risk < on_track); null only when both are null. -#}
{% macro worse_status(a, b) -%}
    case
        when {{ a }} = 'off_track' or {{ b }} = 'off_track' then 'off_track'
        when {{ a }} = 'at_risk' or {{ b }} = 'at_risk' then 'at_risk'
        else coalesce({{ a }}, {{ b }})
    end
{%- endmacro %}

{#- Whether `value` moved from `previous` by more than the jump factor (and by at least the minimum change). -#}
{% macro is_yoy_jump(value, previous) -%}
    (
        {{ value }} is not null and {{ previous }} is not null
        and abs({{ value }} - {{ previous }}) >= {{ infra_var('infrastructure_yoy_min_change') }}
        and (
            {{ previous }} = 0
            or {{ value }} > {{ infra_var('infrastructure_yoy_jump_factor') }} * {{ previous }}
            or {{ value }} * {{ infra_var('infrastructure_yoy_jump_factor') }} < {{ previous }}
        )
    )
{%- endmacro %}
