{#- Primary task of each item by the Office's phrase list (seed ref_task_keywords): the task
    with most distinct phrases found in the item's text, ties to the lower task number; items
    with no phrase get no task. A transparent first method; the classifier of issue 4 replaces it.
    `relation` must have columns `item_key` and `item_text`. -#}
{% macro attribute_task(relation) -%}
(
    -- Folded once per item and phrase before the join (materialized_cte: PostgreSQL would fold
    -- again for every item-phrase pair).
    with texts as {{ materialized_cte() }} (
        select item_key, {{ fold_text('item_text') }} as folded from {{ relation }}
    ),
    phrases as {{ materialized_cte() }} (
        select distinct task_code, {{ fold_text('phrase') }} as folded_phrase
        from {{ ref('ref_task_keywords') }}
    ),
    hits as (
        select t.item_key, p.task_code, count(*) as phrase_hits
        from texts as t
        inner join phrases as p on {{ contains_text('t.folded', 'p.folded_phrase') }}
        {{ group_by_all(2) }}
    )
    select distinct on (item_key) item_key, task_code, phrase_hits
    from hits
    order by item_key, phrase_hits desc, cast(split_part(task_code, '.', 2) as integer)
)
{%- endmacro %}
