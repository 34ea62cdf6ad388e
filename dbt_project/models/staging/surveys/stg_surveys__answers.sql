-- One row per answer. The raw table keeps only what varies per answer (file and line of its
-- response, question code, answer as written, score); the survey and response id come from
-- the response the answer belongs to, the task and reverse coding from the export's question
-- (raw.survey_questions), so that the reader does not write them onto millions of rows. Left
-- joins: an answer whose response or question is missing keeps its row with nulls, which
-- assert_survey_answers_have_their_response_and_question reports.
select
    a.source_file,
    a.source_row,
    r.survey_id,
    r.response_id,
    a.question_code,
    q.task_code,
    a.score,
    q.reverse_coded
from {{ source('raw', 'survey_answers') }} as a
left join {{ source('raw', 'survey_responses') }} as r
    on a.source_file = r.source_file and a.source_row = r.source_row
left join {{ source('raw', 'survey_questions') }} as q
    on a.source_file = q.source_file and a.question_code = q.question_code
