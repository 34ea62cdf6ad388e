-- Lineage of the year-end scorecards: for each row of mart_task_year and mart_unit_year and
-- each group of measures in it, the source files (and rows) the figures come from. Unit-report
-- figures (activities, incidents, self-assessment, compliance) point at their exact rows; media,
-- survey and feedback figures at the rows of each export that fall in the period (the task is
-- then chosen by the phrase list or the questionnaire); task 2.12's programme figures at the
-- project lists. The reports' own lineage table (reports.report_lineage, written by the report
-- asset) joins each printed figure to these rows through (mart_name, row_key).
{%- set string = api.Column.translate_type("string") %}
with periods as (
    select period_key, school_year from {{ ref('int_periods_loaded') }}
),

task_rows as (
    -- activities, incidents and lead self-assessments, one row per source row, per task
    select a.task_code as subject_code, p.school_year, a.period_key, 'activities' as measure_group,
        'unit_reports' as source_family, a.source_file, a.source_row
    from {{ ref('int_activities__latest') }} as a
    inner join periods as p on a.period_key = p.period_key
    union all
    select i.task_code, p.school_year, i.period_key, 'incidents', 'unit_reports', i.source_file, i.source_row
    from {{ ref('int_incidents__by_task') }} as i
    inner join periods as p on i.period_key = p.period_key
    union all
    select s.task_code, m.school_year, m.period_key, 'self_assessment', 'unit_reports', s.source_file, s.source_row
    from {{ ref('mart_unit_task_assessment') }} as m
    inner join {{ ref('stg_unit_reports__assessments') }} as s
        on m.submission_id = s.submission_id and m.task_code = s.task_code
    where m.unit_role = 'lead' and m.report_kind in ('quarterly', 'year_end')
),

unit_rows as (
    select a.unit_code as subject_code, p.school_year, a.period_key, 'activities' as measure_group,
        'unit_reports' as source_family, a.source_file, a.source_row
    from {{ ref('int_activities__latest') }} as a
    inner join periods as p on a.period_key = p.period_key
    union all
    select i.unit_code, p.school_year, i.period_key, 'incidents', 'unit_reports', i.source_file, i.source_row
    from {{ ref('int_incidents') }} as i
    inner join periods as p on i.period_key = p.period_key
    union all
    select m.unit_code, m.school_year, m.period_key, 'self_assessment', 'unit_reports', s.source_file, s.source_row
    from {{ ref('mart_unit_task_assessment') }} as m
    inner join {{ ref('stg_unit_reports__assessments') }} as s
        on m.submission_id = s.submission_id and m.task_code = s.task_code
    where m.report_kind in ('quarterly', 'year_end')
    union all
    -- compliance: the winning submission (the file as a whole, no row)
    select c.unit_code, c.school_year, c.period_key, 'reporting_compliance', 'unit_reports', s.source_file, cast(null as bigint)
    from {{ ref('int_reporting_compliance') }} as c
    inner join {{ ref('stg_unit_reports__submissions') }} as s on c.submission_id = s.submission_id
),

period_files as (
    -- every row of each export in each loaded period, by family
    select 'press' as measure_group, 'media' as source_family, r.period_key, r.source_file, r.source_row
    from {{ source('raw', 'press_items') }} as r
    union all
    select 'fanpage', 'media', r.period_key, r.source_file, r.source_row from {{ source('raw', 'fanpage_posts') }} as r
    union all
    select 'web', 'media', r.period_key, r.source_file, r.source_row from {{ source('raw', 'web_pageviews') }} as r
    union all
    select 'consensus', 'surveys', r.period_key, r.source_file, r.source_row from {{ source('raw', 'survey_responses') }} as r
    union all
    select 'feedback', 'feedback', r.period_key, r.source_file, r.source_row from {{ source('raw', 'feedback_items') }} as r
),

-- Every task points at the same rows of a period's exports: the rows are counted once per
-- export and period (millions of rows) and only those counts are repeated for the 15 tasks.
period_file_counts as (
    select f.measure_group, f.source_family, p.school_year, f.period_key, f.source_file,
        count(f.source_row) as rows_used, min(f.source_row) as first_row, max(f.source_row) as last_row
    from period_files as f
    inner join periods as p on f.period_key = p.period_key
    group by f.measure_group, f.source_family, p.school_year, f.period_key, f.source_file
),

task_period_counts as (
    select t.task_code as subject_code, c.school_year, c.period_key, c.measure_group, c.source_family,
        c.source_file, c.rows_used, c.first_row, c.last_row
    from period_file_counts as c
    cross join {{ ref('stg_reference__tasks') }} as t
),

programme_rows as (
    select '2.12' as subject_code, p.school_year, p.period_key, 'infrastructure' as measure_group,
        'infrastructure' as source_family, c.source_file, c.source_row
    from {{ source('raw', 'classroom_projects') }} as c
    cross join periods as p
),

linked as (
    select 'mart_task_year' as mart_name, 'exact_rows' as link_kind, * from task_rows
    union all
    select 'mart_task_year', 'all_rows', * from programme_rows
    union all
    select 'mart_unit_year', 'exact_rows', * from unit_rows
),

both_scopes as (
    -- quarter rows of mart_task_year keep their period; every row also counts for the year
    -- ('all'); mart_unit_year has year rows only
    select mart_name, link_kind, subject_code, school_year, period_key, measure_group, source_family, source_file, source_row
    from linked where mart_name = 'mart_task_year'
    union all
    select mart_name, link_kind, subject_code, school_year, 'all', measure_group, source_family, source_file, source_row
    from linked
),

period_scopes as (
    -- the export rows of each period (link_kind period_rows), in their period and in the year
    select 'mart_task_year' as mart_name, 'period_rows' as link_kind, subject_code, school_year, period_key,
        measure_group, source_family, source_file, rows_used, first_row, last_row
    from task_period_counts
    union all
    select 'mart_task_year', 'period_rows', subject_code, school_year, 'all', measure_group, source_family,
        source_file, sum(rows_used), min(first_row), max(last_row)
    from task_period_counts
    group by subject_code, school_year, measure_group, source_family, source_file
),

final as (
    select
        mart_name,
        {{ dbt.concat(["subject_code", "'|'", "school_year", "'|'", "period_key"]) }} as row_key,
        subject_code,
        school_year,
        period_key,
        measure_group,
        source_family,
        source_file,
        link_kind,
        cast(count(source_row) as bigint) as rows_used,
        cast(min(source_row) as bigint) as first_row,
        cast(max(source_row) as bigint) as last_row,
        case when link_kind = 'exact_rows' then
            {{ dbt.listagg(dbt.safe_cast("source_row", string), "', '", "order by source_row") }}
        end as source_rows
    from both_scopes
    group by mart_name, subject_code, school_year, period_key, measure_group, source_family, source_file, link_kind
    union all
    select
        mart_name,
        {{ dbt.concat(["subject_code", "'|'", "school_year", "'|'", "period_key"]) }},
        subject_code,
        school_year,
        period_key,
        measure_group,
        source_family,
        source_file,
        link_kind,
        cast(rows_used as bigint),
        cast(first_row as bigint),
        cast(last_row as bigint),
        cast(null as {{ string }})
    from period_scopes
)

select * from final
