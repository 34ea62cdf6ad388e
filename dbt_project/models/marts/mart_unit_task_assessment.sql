-- Units' self-assessment per task (sheet DanhGia) from their latest report of each kind:
-- completion %, highlights, difficulties and proposals, kept word for word for the year-end report.
select
    s.unit_code,
    s.unit_name,
    s.unit_kind,
    s.period_key,
    s.school_year,
    s.report_kind,
    a.task_code,
    coalesce(r.unit_role, 'not_assigned') as unit_role,
    a.completion_pct,
    a.highlights,
    a.difficulties,
    a.proposals,
    s.submission_id
from {{ ref('int_unit_reports__latest') }} as s
inner join {{ ref('stg_unit_reports__assessments') }} as a using (submission_id)
left join {{ ref('int_unit_task_roles') }} as r on s.unit_code = r.unit_code and a.task_code = r.task_code
