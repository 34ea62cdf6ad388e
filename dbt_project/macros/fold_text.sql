{#- Diacritic- and case-insensitive form of Vietnamese text for matching, as orchestration.lib.text.fold_key:
    lowercase, no marks, đ -> d, every run of non-alphanumerics one space, padded with spaces so that
    phrases match on word boundaries with `contains(folded, ' ' || phrase || ' ')`. -#}
{% macro fold_text(expr) -%}
    (' ' || trim(regexp_replace(strip_accents(lower(replace(replace(coalesce({{ expr }}, ''), 'đ', 'd'), 'Đ', 'D'))), '[^a-z0-9]+', ' ', 'g')) || ' ')
{%- endmacro %}
