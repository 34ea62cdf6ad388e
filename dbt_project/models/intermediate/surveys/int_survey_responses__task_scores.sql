-- A table, not a view: int_survey_consensus__cells and the year's int_task_consensus__by_year both
-- read it, and each re-joined 10 million answers when it was a view (about 6 s each at city scale).
{{ config(materialized='table') }}
-- One row per response (duplicates collapsed) and plan task it scored: the respondent is the
-- unit of the consensus figures, so that a person answering five questions on a task counts
-- once, not five times. task_score is the mean of the response's scored answers on the task
-- (1-5, reverse-coded questions already turned by the reader); the response agrees with the
-- task (đồng thuận) when that mean is 4 or more. Blank and "Không ý kiến" answers have no score
-- and do not count; a response with no scored answer on a task is not in that task's figures.
with responses as (
    select * from {{ ref('int_survey_responses__latest') }}
),

answers as (
    select * from {{ ref('stg_surveys__answers') }}
    where task_code is not null and score is not null
),

final as (
    select
        r.response_id,
        r.survey_id,
        r.period_key,
        r.respondent_group,
        r.ward_code,
        a.task_code,
        count(*) as answers,
        -- a double on both databases (PostgreSQL's avg of integers is numeric, DuckDB's a double)
        cast(avg(a.score) as double precision) as task_score,
        avg(a.score) >= 4 as agrees
    from responses as r
    inner join answers as a using (response_id)
    {{ group_by_all(6) }}
)

select * from final
