-- One row per response (duplicates collapsed) and plan task it scored: the respondent is the
-- unit of the consensus figures, so that a person answering five questions on a task counts
-- once, not five times. task_score is the mean of the response's scored answers on the task
-- (1-5, reverse-coded questions turned); the response agrees with the task (đồng thuận) when
-- that mean is 4 or more. Blank and "Không ý kiến" answers have no score and do not count; a
-- response with no scored answer on a task is not in that task's figures.
--
-- A view: int_survey_consensus__cells and the year's int_task_consensus__by_year read it once
-- each (writing its 7 million rows at 500,000 responses as a table cost more than both readers
-- together). What keeps it cheap on 10 million answers:
-- - only the kept responses' answer codes are unpacked (their lists, from
--   stg_surveys__answer_codes), each with the response's group, ward and period beside it, and
--   scored by one join on integers to stg_surveys__answer_scores (file number, question
--   position, code; a code that scores nothing has no row there and drops out). The files are
--   numbered here, in the same query, from the kept responses (a handful of names);
-- - a task with one question in its export (most of them) needs no grouping: a response has
--   at most one answer per question, so that answer is its task score. Only the answers on
--   tasks with several questions are grouped per response and task, then joined back to their
--   response. The scored answers are written out in each half of the union (`scored` below),
--   not shared as a CTE: DuckDB would materialize a CTE read twice (a view does not keep a NOT
--   MATERIALIZED hint), 9.5 million rows held in memory.
-- Measured on 500,000 responses, int_survey_consensus__cells over this view: 2.7 s of CPU,
-- peak 480 MiB; over the previous view on the unpacked answers (stg_surveys__answers: every
-- answer with its texts, then joined to its response) 4.4 s and 1,200 MiB.
{%- set scored %}
    select
        k.response_id,
        k.survey_id,
        k.period_key,
        k.respondent_group,
        k.ward_code,
        k.file_number,
        k.source_row,
        s.task_code,
        s.task_questions,
        s.score
    from (
        select
            response_id,
            survey_id,
            period_key,
            respondent_group,
            ward_code,
            file_number,
            source_row,
            -- side by side in the select list: each code with its position, on DuckDB and PostgreSQL
            unnest(answer_codes) as answer_code,
            generate_subscripts(answer_codes, 1) as question_position
        from kept
    ) as k
    inner join code_scores as s
        on s.file_number = k.file_number
        and s.question_position = k.question_position
        and s.answer_code = k.answer_code
    where s.task_code is not null
{%- endset %}
with responses as (
    select * from {{ ref('int_survey_responses__latest') }}
),

files as (
    select source_file, row_number() over (order by source_file) as file_number
    from (select distinct source_file from responses) as loaded
),

kept as (
    select
        r.response_id,
        r.survey_id,
        r.period_key,
        r.respondent_group,
        r.ward_code,
        f.file_number,
        r.source_row,
        s.answer_codes
    from responses as r
    inner join files as f on f.source_file = r.source_file
    inner join {{ ref('stg_surveys__answer_codes') }} as s
        on s.source_file = r.source_file and s.source_row = r.source_row
),

code_scores as (
    select f.file_number, c.question_position, c.answer_code, c.task_code, c.task_questions, c.score
    from {{ ref('stg_surveys__answer_scores') }} as c
    inner join files as f on f.source_file = c.source_file
),

several as (
    select
        file_number,
        source_row,
        task_code,
        count(*) as answers,
        -- a double on both databases (PostgreSQL's avg of integers is numeric, DuckDB's a double)
        cast(avg(score) as double precision) as task_score
    from ({{ scored }}) as scored_several
    where task_questions > 1
    group by file_number, source_row, task_code
),

final as (
    select
        response_id,
        survey_id,
        period_key,
        respondent_group,
        ward_code,
        task_code,
        cast(1 as bigint) as answers,
        cast(score as double precision) as task_score
    from ({{ scored }}) as scored_single
    where task_questions = 1
    union all
    select
        k.response_id,
        k.survey_id,
        k.period_key,
        k.respondent_group,
        k.ward_code,
        a.task_code,
        a.answers,
        a.task_score
    from several as a
    inner join kept as k on k.file_number = a.file_number and k.source_row = a.source_row
)

select
    response_id,
    survey_id,
    period_key,
    respondent_group,
    ward_code,
    task_code,
    answers,
    task_score,
    task_score >= 4 as agrees
from final
