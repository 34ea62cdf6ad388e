-- What each answer code scores at each question of its export: one row per export, question
-- position and answer code whose text is a point of the Likert scale (raw.survey_answer_texts
-- with a likert_point), with the question's task and the score (the point, 6 - point on a
-- reverse-coded question). A few hundred rows per export (its questions × the scale's
-- spellings met in it): int_survey_responses__task_scores joins each response's codes to it
-- by integers instead of rebuilding every answer with its texts (stg_surveys__answers).
-- task_questions counts the export's questions on the task (null without a task), defined once
-- for this view and stg_surveys__answers (macros/survey_questions.sql). A code without a Likert
-- point (blank, "Không ý kiến", off the scale) has no row: it scores nothing.
with questions as (
    {{ survey_questions_with_task_counts() }}
)

select
    q.source_file,
    q.question_position,
    t.answer_code,
    q.question_code,
    q.task_code,
    q.task_questions,
    case when q.reverse_coded then 6 - t.likert_point else t.likert_point end as score
from questions as q
inner join {{ source('raw', 'survey_answer_texts') }} as t on t.source_file = q.source_file
where t.likert_point is not null
