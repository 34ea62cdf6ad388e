{#- 95% (z = 1.96) Wilson score interval for a proportion `successes` / `n`, as a DuckDB struct
    {low, high} in 0..1; null when n is 0. Use it as `({{ wilson_interval('k', 'n') }}).low`.
    Wilson, not the normal approximation: it stays inside 0..1 and keeps its coverage for small
    n and for shares near 0 or 1, which is where survey cells per ward end up. By hand, 7 of 10
    at z = 1.96 gives [0.3968, 0.8922]. -#}
{% macro wilson_interval(successes, n, z=1.96) -%}
(
    case when ({{ n }}) > 0 then
        {%- set p = '(cast(' ~ successes ~ ' as double) / (' ~ n ~ '))' %}
        {%- set z2 = '(' ~ z ~ ' * ' ~ z ~ ')' %}
        {%- set centre = '(' ~ p ~ ' + ' ~ z2 ~ ' / (2.0 * (' ~ n ~ ')))' %}
        {%- set margin = '(' ~ z ~ ' * sqrt(' ~ p ~ ' * (1 - ' ~ p ~ ') / (' ~ n ~ ') + ' ~ z2 ~ ' / (4.0 * (' ~ n ~ ') * (' ~ n ~ '))))' %}
        {%- set denominator = '(1 + ' ~ z2 ~ ' / (' ~ n ~ '))' %}
        struct_pack(
            low := greatest(0.0, ({{ centre }} - {{ margin }}) / {{ denominator }}),
            high := least(1.0, ({{ centre }} + {{ margin }}) / {{ denominator }})
        )
    end
)
{%- endmacro %}
