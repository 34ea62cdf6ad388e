-- A table, not a view: several marts and tests read it, and at city scale recomputing it for each
-- (hundreds of thousands to millions of rows, deduplicated) cost more than storing it once.
{{ config(materialized='table') }}
-- Activity rows of the latest quarterly report of each unit and period. Year-end reports
-- restate the year and ad-hoc reports cover incidents, so neither is added to the quarters.
select
    s.unit_code,
    s.unit_kind,
    s.period_key,
    a.*
from {{ ref('int_unit_reports__latest') }} as s
inner join {{ ref('stg_unit_reports__activities') }} as a using (submission_id)
where s.report_kind = 'quarterly'
