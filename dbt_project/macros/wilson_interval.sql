{#- 95% (z = 1.96) Wilson score interval for a proportion `successes` / `n`, as a DuckDB struct
    {low, high} in 0..1; null when n is 0. Use it as `({{ wilson_interval('k', 'n') }}).low`.
    Wilson, not the normal approximation: it stays inside 0..1 and keeps its coverage for small
    n and for shares near 0 or 1, which is where survey cells per ward end up. By hand, 7 of 10
    at z = 1.96 gives [0.3968, 0.8922].
    With bound='low' or bound='high' it is that bound alone, a plain number, which every
    database runs (PostgreSQL has no struct_pack): `{{ wilson_interval('k', 'n', bound='low') }}`. -#}
{% macro wilson_interval(successes, n, z=1.96, bound=none) -%}
(
    case when ({{ n }}) > 0 then
        {%- set p = '(cast(' ~ successes ~ ' as double precision) / (' ~ n ~ '))' %}
        {%- set z2 = '(' ~ z ~ ' * ' ~ z ~ ')' %}
        {%- set centre = '(' ~ p ~ ' + ' ~ z2 ~ ' / (2.0 * (' ~ n ~ ')))' %}
        {%- set margin = '(' ~ z ~ ' * sqrt(' ~ p ~ ' * (1 - ' ~ p ~ ') / (' ~ n ~ ') + ' ~ z2 ~ ' / (4.0 * (' ~ n ~ ') * (' ~ n ~ '))))' %}
        {%- set denominator = '(1 + ' ~ z2 ~ ' / (' ~ n ~ '))' %}
        {%- set low = 'greatest(0.0, (' ~ centre ~ ' - ' ~ margin ~ ') / ' ~ denominator ~ ')' %}
        {%- set high = 'least(1.0, (' ~ centre ~ ' + ' ~ margin ~ ') / ' ~ denominator ~ ')' %}
        {%- if bound == 'low' %}
        {{ low }}
        {%- elif bound == 'high' %}
        {{ high }}
        {%- elif bound is none %}
        struct_pack(low := {{ low }}, high := {{ high }})
        {%- else %}
        {{ exceptions.raise_compiler_error("wilson_interval: bound must be 'low', 'high' or none, not " ~ bound) }}
        {%- endif %}
    end
)
{%- endmacro %}
