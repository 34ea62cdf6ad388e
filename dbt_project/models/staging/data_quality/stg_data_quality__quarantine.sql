{% set families = ['unit_reports', 'press', 'fanpage', 'fanpage_pages', 'web', 'surveys', 'feedback', 'infrastructure'] %}
{% for family in families %}
select family, source_file, source_sheet, source_row, source_column, raw_value, reason, period_key, action
from {{ source('raw', 'quarantine_' ~ family) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
