-- One row per response (duplicates collapsed) and plan task it scored: the respondent is the
-- unit of the consensus figures, so that a person answering five questions on a task counts
-- once, not five times. task_score is the mean of the response's scored answers on the task
-- (1-5, reverse-coded questions already turned by the reader); the response agrees with the
-- task (đồng thuận) when that mean is 4 or more. Blank and "Không ý kiến" answers have no score
-- and do not count; a response with no scored answer on a task is not in that task's figures.
--
-- A view: int_survey_consensus__cells and the year's int_task_consensus__by_year read it once
-- each. Answers are grouped by their response's file and line, integers, then joined to the
-- kept responses (500,000 rows for 10 million answers): about 3 s of CPU, where writing its
-- 7 million rows as a table took 6-10 s, more than both readers together.
with responses as (
    select * from {{ ref('int_survey_responses__latest') }}
),

answers_per_task as (
    select
        source_file,
        source_row,
        task_code,
        count(*) as answers,
        -- a double on both databases (PostgreSQL's avg of integers is numeric, DuckDB's a double)
        cast(avg(score) as double precision) as task_score
    from {{ ref('stg_surveys__answers') }}
    where task_code is not null and score is not null
    {{ group_by_all(3) }}
),

final as (
    select
        r.response_id,
        r.survey_id,
        r.period_key,
        r.respondent_group,
        r.ward_code,
        a.task_code,
        a.answers,
        a.task_score,
        a.task_score >= 4 as agrees
    from responses as r
    inner join answers_per_task as a
        on a.source_file = r.source_file and a.source_row = r.source_row
)

select * from final
