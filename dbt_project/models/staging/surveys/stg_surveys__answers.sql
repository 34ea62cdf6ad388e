-- One row per answer. The raw table keeps only what varies per answer (file and line of its
-- response, question code, answer as written, score); the survey, task and reverse coding come
-- from the export's question (raw.survey_questions), so that the reader does not write them
-- onto millions of rows. response_id is built as the reader builds it (survey_id:line): joining
-- 10 million answers to the responses here cost more than the whole consensus aggregation, and
-- what reads the answers joins them to the responses it keeps on (source_file, source_row).
-- Left join: an answer whose question is missing keeps its row with nulls;
-- assert_survey_answers_have_their_response_and_question reports it, and any answer whose
-- (source_file, source_row) is not a loaded response.
select
    a.source_file,
    a.source_row,
    q.survey_id,
    q.survey_id || ':' || cast(a.source_row as varchar) as response_id,
    a.question_code,
    q.task_code,
    a.score,
    q.reverse_coded
from {{ source('raw', 'survey_answers') }} as a
left join {{ source('raw', 'survey_questions') }} as q
    on a.source_file = q.source_file and a.question_code = q.question_code
