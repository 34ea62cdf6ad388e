{#- Word pairs of folded text (fold_text: words between single spaces), for matching names in
    free text with a hash join instead of trying every name against every text: a text that
    contains a folded name contains the name's last two words side by side. -#}

{#- The last two words of a folded text ('truong thcs le loi' -> 'le loi'); null for one word. -#}
{% macro last_word_pair(folded) -%}
    {{- return(adapter.dispatch('last_word_pair')(folded)) -}}
{%- endmacro %}
{% macro duckdb__last_word_pair(folded) -%}
    nullif(regexp_extract(trim({{ folded }}), '[^ ]+ [^ ]+$'), '')
{%- endmacro %}
{% macro default__last_word_pair(folded) -%}
    substring(trim({{ folded }}) from '[^ ]+ [^ ]+$')
{%- endmacro %}

{#- A query of (key, word_pair): every pair of neighbouring words of `folded` in `relation`. -#}
{% macro word_pairs(relation, key, folded) -%}
    {{- return(adapter.dispatch('word_pairs')(relation, key, folded)) -}}
{%- endmacro %}
{% macro duckdb__word_pairs(relation, key, folded) -%}
    select s.{{ key }}, s.words[r.i] || ' ' || s.words[r.i + 1] as word_pair
    from (select {{ key }}, string_split(trim({{ folded }}), ' ') as words from {{ relation }}) as s,
        range(1, len(s.words)) as r (i)
{%- endmacro %}
{% macro default__word_pairs(relation, key, folded) -%}
    select s.{{ key }}, s.words[r.i] || ' ' || s.words[r.i + 1] as word_pair
    from (select {{ key }}, string_to_array(trim({{ folded }}), ' ') as words from {{ relation }}) as s,
        generate_series(1, cardinality(s.words) - 1) as r (i)
{%- endmacro %}
