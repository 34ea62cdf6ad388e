-- Every answer belongs to a loaded response and to a question of its export's questionnaire:
-- stg_surveys__answers takes its survey, task and reverse coding from the question, and the
-- consensus joins it to its response on (source_file, source_row), so an answer without either
-- would count nowhere (or on no task) without anyone noticing.
select a.source_file, a.source_row, a.question_code
from {{ ref('stg_surveys__answers') }} as a
left join {{ ref('stg_surveys__responses') }} as r
    on a.source_file = r.source_file and a.source_row = r.source_row
where r.source_row is null or a.reverse_coded is null
