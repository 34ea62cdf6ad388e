-- One row per unit and loaded period for every unit that owed a quarterly report (seed
-- ref_reporting_expectations: by default the departments that lead a task) and every unit that
-- sent one, with the report's status (decided once, in int_reporting_compliance), its
-- activities, and beside them what the unit's own channels (int_unit_channels__by_period) and
-- its ward's public (int_unit_wards__by_period) did.
with compliance as (
    select * from {{ ref('int_reporting_compliance') }} where report_kind = 'quarterly'
),

activities as (
    select unit_code, period_key, count(*) as activities_count,
        cast(sum(quantity) as double precision) as activities_quantity,
        count(distinct task_code) as tasks_covered
    from {{ ref('int_activities__latest') }}
    {{ group_by_all(2) }}
),

final as (
    select
        r.unit_code,
        r.unit_name,
        r.unit_kind,
        r.period_key,
        r.school_year,
        r.expected as expected_to_report,
        r.report_status,
        r.received_at,
        r.received_source,
        r.received_at_source,
        r.deadline,
        r.days_late,
        r.submission_id,
        r.submissions_count,
        coalesce(a.activities_count, 0) as activities_count,
        coalesce(a.activities_quantity, 0) as activities_quantity,
        coalesce(a.tasks_covered, 0) as tasks_covered,
        cast(coalesce(c.fanpage_posts, 0) as bigint) as fanpage_posts,
        cast(coalesce(c.fanpage_reach, 0) as bigint) as fanpage_reach,
        cast(coalesce(c.web_views, 0) as bigint) as web_views,
        cast(coalesce(c.press_mentions, 0) as bigint) as press_mentions,
        cast(coalesce(w.survey_responses, 0) as bigint) as survey_responses,
        cast(coalesce(c.feedback_handled, 0) as bigint) as feedback_handled,
        cast(coalesce(c.feedback_answered, 0) as bigint) as feedback_answered,
        cast(coalesce(w.classrooms_delivered, 0) as bigint) as classrooms_delivered
    from compliance as r
    left join activities as a using (unit_code, period_key)
    left join {{ ref('int_unit_channels__by_period') }} as c using (unit_code, period_key)
    left join {{ ref('int_unit_wards__by_period') }} as w using (unit_code, period_key)
)

select * from final
