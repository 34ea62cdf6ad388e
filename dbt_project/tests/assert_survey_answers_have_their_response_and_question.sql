-- Every answer belongs to a loaded response and to a question of its export's questionnaire:
-- stg_surveys__answers takes its response id, task and reverse coding from them, so an answer
-- without either would count nowhere (or on no task) without anyone noticing.
select source_file, source_row, question_code
from {{ ref('stg_surveys__answers') }}
where response_id is null or reverse_coded is null
