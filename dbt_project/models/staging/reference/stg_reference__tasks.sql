select
    task_code,
    task_number,
    task_title,
    cluster,
    cluster_title
from {{ source('raw', 'ref_tasks') }}
