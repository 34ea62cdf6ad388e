select
    survey_id,
    response_id,
    question_code,
    task_code,
    score,
    reverse_coded
from {{ source('raw', 'survey_answers') }}
