-- One row per survey submission as read, with its answers as the reader stores them:
-- answer_codes lists one code per question of its export in question_position order (null for
-- a blank cell; stg_surveys__answer_scores says what each code scores, stg_surveys__answers
-- unpacks them). Apart from stg_surveys__responses so that the models and unit tests reading
-- the responses do not carry a list column (on PostgreSQL an array, which dbt's unit-test
-- fixtures cannot cast).
select
    source_file,
    source_row,
    answer_codes
from {{ source('raw', 'survey_responses') }}
