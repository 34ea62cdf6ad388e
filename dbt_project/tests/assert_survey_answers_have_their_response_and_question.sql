-- Every answer belongs to a loaded response and to a question of its export's questionnaire,
-- once: the reader stores a response's answers as a list of codes, one per question of the
-- export in question_position order, each code naming a row of the export's dictionary
-- (raw.survey_answer_texts). stg_surveys__answers takes an answer's question, task and reverse
-- coding from its position and its score from its code, so a list longer than the
-- questionnaire (an answer without a question), shorter (questions left without their answer)
-- or a code outside the dictionary (an answer without a score or text) would count nowhere, or
-- wrongly, without anyone noticing. An answer always names its response: it is part of it.
-- `cardinality` is a list's (DuckDB) or array's (PostgreSQL) number of elements.
with questions as (
    select source_file, count(*) as questions
    from {{ source('raw', 'survey_questions') }}
    group by source_file
)

select
    r.source_file,
    r.source_row,
    cast(null as bigint) as question_position,
    'the response has ' || coalesce(cast(cardinality(r.answer_codes) as varchar), 'no list of') || ' answers for '
        || cast(coalesce(q.questions, 0) as varchar) || ' questions' as problem
from {{ source('raw', 'survey_responses') }} as r
left join questions as q on q.source_file = r.source_file
where coalesce(cardinality(r.answer_codes), -1) <> coalesce(q.questions, 0)

union all

select
    source_file,
    source_row,
    question_position,
    'answer code ' || cast(answer_code as varchar) || ' is not in the export''s dictionary' as problem
from {{ ref('stg_surveys__answers') }}
where answer_code is not null and answer_raw is null
