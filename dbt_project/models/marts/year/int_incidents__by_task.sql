{{ config(materialized='view', schema='intermediate') }}
-- Incidents (int_incidents: latest quarterly reports and every ad-hoc report, duplicates
-- collapsed) with the plan task they concern. The SuCo sheet has no task column, so the task
-- comes from the Office's phrase list (seed ref_task_keywords) over content and measures, as for
-- press items; an incident no phrase points to stays with task 2.15, which carries the handling
-- of communication crises (section II.15 of the plan).
with items as (
    select
        i.*,
        {{ dbt.concat(["i.source_file", "'#'", dbt.safe_cast("i.source_row", api.Column.translate_type("string"))]) }} as item_key,
        {{ dbt.concat(["i.content", "' '", "coalesce(i.measures, '')"]) }} as item_text
    from {{ ref('int_incidents') }} as i
),

tasks as {{ attribute_task('items') }}

select
    i.unit_code,
    i.period_key,
    i.detected_date,
    i.severity,
    i.resolved_date,
    i.resolution_days,
    i.source_file,
    i.source_row,
    coalesce(t.task_code, '2.15') as task_code,
    case when t.task_code is null then 'default_2.15' else 'keyword_phrases' end as task_method
from items as i
left join tasks as t on i.item_key = t.item_key
