{#- Generic test: the model has exactly as many rows as `compare_sql` returns (a spine check). -#}
{% test row_count_equals(model, compare_sql) %}
with actual as (select count(*) as n from {{ model }}),
expected as (select count(*) as n from ({{ compare_sql }}) as compared)
select actual.n as actual_rows, expected.n as expected_rows
from actual, expected
where actual.n <> expected.n
{% endtest %}
