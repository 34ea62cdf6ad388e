-- The latest submission per unit, period and kind of report wins (a corrected file replaces
-- the earlier one); earlier submissions stay in stg_unit_reports__submissions as history.
with ranked as (
    select
        *,
        row_number() over (
            partition by unit_code, period_key, report_kind
            order by received_at desc, source_file desc
        ) as submission_rank,
        count(*) over (partition by unit_code, period_key, report_kind) as submissions_count
    from {{ ref('stg_unit_reports__submissions') }}
)

select * exclude (submission_rank)
from ranked
where submission_rank = 1
