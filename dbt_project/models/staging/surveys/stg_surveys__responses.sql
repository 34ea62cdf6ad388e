-- One row per survey submission as read (duplicates included: they are collapsed in
-- int_survey_responses__latest). respondent_key is the reader's salted hash of the personal
-- columns, null when they were blank; the raw name, phone and email never reach the warehouse.
select
    survey_id,
    response_id,
    source_file,
    source_row,
    respondent_key,
    submitted_at,
    respondent_group,
    ward_code,
    period_key
from {{ source('raw', 'survey_responses') }}
