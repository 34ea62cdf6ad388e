-- One row per response (duplicates collapsed) and plan task it scored: the respondent is the
-- unit of the consensus figures, so that a person answering five questions on a task counts
-- once, not five times. task_score is the mean of the response's scored answers on the task
-- (1-5, reverse-coded questions already turned by the reader); the response agrees with the
-- task (đồng thuận) when that mean is 4 or more. Blank and "Không ý kiến" answers have no score
-- and do not count; a response with no scored answer on a task is not in that task's figures.
--
-- A view: int_survey_consensus__cells and the year's int_task_consensus__by_year read it once
-- each (writing its 7 million rows at 500,000 responses as a table cost more than both readers
-- together). What keeps it cheap on 10 million answers:
-- - answers find their response by file number and line, integers: the files are numbered
--   here, in the same query, from the kept responses (a handful of names). Grouping and joining
--   on the file's 50-character name cost about twice as much;
-- - a task with one question in its export (most of them) needs no grouping: a response has
--   at most one answer per question, so that answer is its task score. Only the answers on
--   tasks with several questions are grouped per response and task. The scored answers are
--   written out in each half of the union (`scored` below), not shared as a CTE: DuckDB would
--   materialize a CTE read twice (a view does not keep a NOT MATERIALIZED hint), 9.5 million
--   rows held in memory. Measured on 500,000 responses, int_survey_consensus__cells over this
--   view: 0.8 s, 1.6 s of CPU, peak 430 MiB; with the shared CTE 1.5 s, 2.8 s, 1,630 MiB;
--   grouping and joining on the file's name (before) 2.3 s, 4.4 s, 1,310 MiB.
{%- set scored %}
    select
        f.file_number,
        a.source_row,
        a.task_code,
        a.task_questions,
        a.score
    from {{ ref('stg_surveys__answers') }} as a
    inner join files as f on f.source_file = a.source_file
    where a.task_code is not null and a.score is not null
{%- endset %}
with responses as (
    select * from {{ ref('int_survey_responses__latest') }}
),

files as (
    select source_file, row_number() over (order by source_file) as file_number
    from (select distinct source_file from responses) as loaded
),

answers_per_task as (
    select
        file_number,
        source_row,
        task_code,
        cast(1 as bigint) as answers,
        cast(score as double precision) as task_score
    from ({{ scored }}) as single
    where task_questions = 1
    union all
    select
        file_number,
        source_row,
        task_code,
        count(*) as answers,
        -- a double on both databases (PostgreSQL's avg of integers is numeric, DuckDB's a double)
        cast(avg(score) as double precision) as task_score
    from ({{ scored }}) as several
    where task_questions > 1
    group by file_number, source_row, task_code
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
    inner join files as f on f.source_file = r.source_file
    inner join answers_per_task as a
        on a.file_number = f.file_number and a.source_row = r.source_row
)

select * from final
