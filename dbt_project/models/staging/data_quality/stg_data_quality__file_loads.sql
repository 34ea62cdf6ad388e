{% set families = ['unit_reports', 'press', 'fanpage', 'fanpage_pages', 'web', 'surveys', 'feedback', 'infrastructure'] %}
{% for family in families %}
select family, source_file, period_key, rows_read, rows_loaded, rows_rejected
from {{ source('raw', 'file_loads_' ~ family) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
