{#- Generic test: every value of the column is within the bounds the Office set for its field in the
    seed ref_value_bounds (family, field): what the readers refuse into quarantine never reaches a
    model. A field the seed does not list fails too (one row), so a renamed field cannot pass
    unchecked. Resolve a failure by finding the reader that let the value through; a bound that is
    too tight is changed in the seed, with its reason, and the readers apply it on the next run. -#}
{% test within_value_bounds(model, column_name, family, field=none) %}
{%- set field = field or column_name -%}
with bound as (
    select minimum, maximum
    from {{ ref('ref_value_bounds') }}
    where family = '{{ family }}' and field = '{{ field }}'
)

select m.{{ column_name }} as value
from {{ model }} as m
cross join bound as b
where m.{{ column_name }} < b.minimum or m.{{ column_name }} > b.maximum
union all
select null as value
where not exists (select 1 from bound)
{% endtest %}
