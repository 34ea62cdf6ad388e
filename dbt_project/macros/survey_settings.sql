{#- Business rules of the survey marts, as dbt vars with their defaults in one place
    (override on the command line: dbt build --vars '{min_cell_size: 15}'). -#}

{#- Two submissions of the same survey by the same respondent (same salted respondent_key)
    at most this many minutes apart are one response: the later one wins (issue 5). -#}
{% macro survey_duplicate_window_minutes() -%}
    {{ var('survey_duplicate_window_minutes', 30) }}
{%- endmacro %}

{#- Cells of the consensus marts with fewer responses than this show no figures
    (suppressed = true), so that no small group of respondents can be singled out. -#}
{% macro min_cell_size() -%}
    {{ var('min_cell_size', 10) }}
{%- endmacro %}
