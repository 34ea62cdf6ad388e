-- One row per answer. The raw table keeps only what varies per answer (file and line of its
-- response, question code, answer as written, score); the survey, task and reverse coding come
-- from the export's question (raw.survey_questions), so that the reader does not write them
-- onto millions of rows. response_id is built as the reader builds it (survey_id:line): joining
-- 10 million answers to the responses here cost more than the whole consensus aggregation, and
-- what reads the answers joins them to the responses it keeps on (source_file, source_row).
-- task_questions counts the export's questions on the answer's task (null without a task):
-- where it is 1, a response's one answer on the task is its task score, with no grouping
-- (int_survey_responses__task_scores).
-- Left join: an answer whose question is missing keeps its row with nulls;
-- assert_survey_answers_have_their_response_and_question reports it, and any answer whose
-- (source_file, source_row) is not a loaded response.
with questions as (
    select
        *,
        case
            when task_code is not null then count(*) over (partition by source_file, task_code)
        end as task_questions
    from {{ source('raw', 'survey_questions') }}
)

select
    a.source_file,
    a.source_row,
    q.survey_id,
    q.survey_id || ':' || cast(a.source_row as varchar) as response_id,
    a.question_code,
    q.task_code,
    q.task_questions,
    a.score,
    q.reverse_coded
from {{ source('raw', 'survey_answers') }} as a
left join questions as q
    on a.source_file = q.source_file and a.question_code = q.question_code
