-- One row per classroom-programme project: as the most recent list gives it (latest as-of date,
-- undated lists last, then the later file name), with how many lists named it.
with listed as (
    select
        *,
        count(*) over (partition by project_code) as lists_seen
    from {{ ref('stg_infrastructure__classroom_projects') }}
)

select distinct on (project_code) *
from listed
order by project_code, as_of_date desc nulls last, source_file desc, source_sheet desc, source_row
