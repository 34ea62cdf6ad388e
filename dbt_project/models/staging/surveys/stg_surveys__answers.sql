-- One row per answer, unpacked from where the reader stores them compactly: each response's
-- answer_codes lists one code per question of its export (null for a blank cell), in the order
-- of raw.survey_questions.question_position; a code names a row of the export's dictionary
-- raw.survey_answer_texts (the answer as written and its Likert point before reverse coding).
-- Storing a list of small integers per response instead of 10 million rows of text cost the
-- ingestion a fraction of the time (the reader and DuckDB's storage); the rows are rebuilt here,
-- when read, and nothing downstream changes.
-- The survey, response id, line and file come from the response; the question code, task and
-- reverse coding from the question at the answer's position; score is the code's Likert point,
-- turned (6 - point) on a reverse-coded question, and null for a blank cell, "Không ý kiến" or
-- an answer off the scale.
-- task_questions counts the export's questions on the answer's task (null without a task):
-- where it is 1, a response's one answer on the task is its task score, with no grouping
-- (int_survey_responses__task_scores).
-- Left joins: an answer whose position has no question, or whose code is not in the
-- dictionary, keeps its row with nulls; assert_survey_answers_have_their_response_and_question
-- reports both.
with questions as (
    {{ survey_questions_with_task_counts() }}
),

-- unnest and generate_subscripts side by side in the select list run in step on DuckDB and
-- PostgreSQL alike: each code with its position (1, 2, ...). On DuckDB this is far cheaper than
-- a lateral `unnest(...) with ordinality` (0.1 against 2.6 s of CPU on 10 million codes).
answers as (
    select
        source_file,
        source_row,
        survey_id,
        response_id,
        unnest(answer_codes) as answer_code,
        generate_subscripts(answer_codes, 1) as question_position
    from {{ source('raw', 'survey_responses') }}
)

select
    a.source_file,
    a.source_row,
    a.survey_id,
    a.response_id,
    q.question_code,
    q.task_code,
    q.task_questions,
    case when q.reverse_coded then 6 - t.likert_point else t.likert_point end as score,
    q.reverse_coded,
    t.answer_raw,
    a.answer_code,
    a.question_position
from answers as a
left join questions as q
    on a.source_file = q.source_file and a.question_position = q.question_position
left join {{ source('raw', 'survey_answer_texts') }} as t
    on a.source_file = t.source_file and a.answer_code = t.answer_code
