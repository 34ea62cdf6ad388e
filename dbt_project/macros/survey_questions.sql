{#- The questions of every survey export (raw.survey_questions), each with task_questions: how
    many questions of its export are on its task (null without a task). Where that is 1, a
    response's one answer on the task is its task score, with no grouping
    (int_survey_responses__task_scores). One definition for stg_surveys__answers, which
    analysts read, and stg_surveys__answer_scores, which the task scores read, so that the two
    cannot count differently. -#}
{% macro survey_questions_with_task_counts() -%}
    select
        *,
        case
            when task_code is not null then count(*) over (partition by source_file, task_code)
        end as task_questions
    from {{ source('raw', 'survey_questions') }}
{%- endmacro %}
