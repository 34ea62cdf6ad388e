-- One row per classroom-programme project: as the most recent list gives it (latest as-of date,
-- undated lists last, then the later file name), with how many lists named it.
with listed as (
    select
        *,
        count(*) over (partition by project_code) as lists_seen,
        row_number() over (
            partition by project_code
            order by as_of_date desc nulls last, source_file desc, source_sheet desc, source_row
        ) as recency
    from {{ ref('stg_infrastructure__classroom_projects') }}
)

select * exclude (recency)
from listed
where recency = 1
