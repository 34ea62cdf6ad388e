{#- Generic test: every row satisfies `expression` (a SQL boolean over the model's columns); rows
    where it is false are returned. Null counts as satisfied: pair with not_null where it matters. -#}
{% test all_rows_satisfy(model, expression) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), true)
{% endtest %}
