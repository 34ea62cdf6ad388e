-- The latest submission per unit, period and kind of report wins (a corrected file replaces
-- the earlier one); earlier submissions stay in stg_unit_reports__submissions as history.
with counted as (
    select
        *,
        count(*) over (partition by unit_code, period_key, report_kind) as submissions_count
    from {{ ref('stg_unit_reports__submissions') }}
)

select distinct on (unit_code, period_key, report_kind) *
from counted
order by unit_code, period_key, report_kind, received_at desc, source_file desc
