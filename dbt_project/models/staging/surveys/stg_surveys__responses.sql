select
    survey_id,
    response_id,
    respondent_key,
    submitted_at,
    respondent_group,
    ward_code,
    period_key
from {{ source('raw', 'survey_responses') }}
