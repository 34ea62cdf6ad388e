-- One row per unit and loaded period for every unit expected to report a quarterly report (seed
-- ref_reporting_expectations: by default the departments that lead a task) and every unit that
-- did report. A report is on time when received before 00:00 of the deadline day (the 15th of
-- the quarter's last month), Asia/Ho_Chi_Minh.
with periods as (
    select period_key, deadline, deadline_at, school_year from {{ ref('int_periods_loaded') }}
),

quarterly as (
    select * from {{ ref('int_unit_reports__latest') }} where report_kind = 'quarterly'
),

expected as (
    select unit_code, period_key from {{ ref('int_expected_reports') }} where report_kind = 'quarterly'
),

spine as (
    select unit_code, period_key, true as expected_to_report from expected
    union all
    select q.unit_code, q.period_key, false from quarterly as q
    anti join expected as e using (unit_code, period_key)
),

activities as (
    select unit_code, period_key, count(*) as activities_count, cast(sum(quantity) as double) as activities_quantity,
        count(distinct task_code) as tasks_covered
    from {{ ref('int_activities__latest') }}
    group by all
),

final as (
    select
        s.unit_code,
        u.unit_name,
        u.unit_kind,
        s.period_key,
        p.school_year,
        s.expected_to_report,
        case
            when q.submission_id is null then 'missing'
            when q.received_at < p.deadline_at then 'on_time'
            else 'late'
        end as report_status,
        q.received_at,
        q.received_source,
        p.deadline,
        case
            when q.received_at >= p.deadline_at
                then date_diff('day', p.deadline, cast(timezone('Asia/Ho_Chi_Minh', q.received_at) as date)) + 1
        end as days_late,
        q.submission_id,
        coalesce(q.submissions_count, 0) as submissions_count,
        coalesce(a.activities_count, 0) as activities_count,
        coalesce(a.activities_quantity, 0) as activities_quantity,
        coalesce(a.tasks_covered, 0) as tasks_covered,
        cast(coalesce(c.fanpage_posts, 0) as bigint) as fanpage_posts,
        cast(coalesce(c.fanpage_reach, 0) as bigint) as fanpage_reach,
        cast(coalesce(c.web_views, 0) as bigint) as web_views,
        cast(coalesce(c.press_mentions, 0) as bigint) as press_mentions,
        cast(coalesce(c.survey_responses, 0) as bigint) as survey_responses,
        cast(coalesce(c.feedback_handled, 0) as bigint) as feedback_handled,
        cast(coalesce(c.feedback_answered, 0) as bigint) as feedback_answered,
        cast(coalesce(c.classrooms_delivered, 0) as bigint) as classrooms_delivered
    from spine as s
    inner join periods as p using (period_key)
    inner join {{ ref('int_units') }} as u using (unit_code)
    left join quarterly as q using (unit_code, period_key)
    left join activities as a using (unit_code, period_key)
    left join {{ ref('int_unit_channels__by_period') }} as c using (unit_code, period_key)
)

select * from final
