-- Reporting compliance, the one place where on time / late / missing is decided: one row per unit, period and kind of report (quarterly, year_end) that
-- was owed (seed ref_reporting_expectations) or received. On time = received before 00:00 of
-- the deadline day, Hanoi time; the year-end report shares the Q2 window's deadline (15 June).
with owed as (select unit_code, period_key, report_kind from {{ ref('int_expected_reports') }}),

received as (
    select * from {{ ref('int_unit_reports__latest') }} where report_kind in ('quarterly', 'year_end')
),

spine as (
    select unit_code, period_key, report_kind, true as expected from owed
    union all
    select r.unit_code, r.period_key, r.report_kind, false from received as r
    where not exists (
        select 1 from owed as o
        where o.unit_code = r.unit_code and o.period_key = r.period_key and o.report_kind = r.report_kind
    )
),

final as (
    select
        s.unit_code,
        u.unit_name,
        u.unit_kind,
        s.period_key,
        p.school_year,
        s.report_kind,
        s.expected,
        r.submission_id is not null as received,
        r.received_at,
        r.received_source,
        r.received_at_source,
        p.deadline,
        case
            when r.submission_id is null then 'missing'
            when r.received_at < p.deadline_at then 'on_time'
            else 'late'
        end as report_status,
        case
            when r.received_at >= p.deadline_at
                then {{ dbt.datediff('p.deadline', "cast(timezone('Asia/Ho_Chi_Minh', r.received_at) as date)", 'day') }} + 1
        end as days_late,
        coalesce(r.submissions_count, 0) as submissions_count,
        r.submission_id
    from spine as s
    inner join {{ ref('int_periods_loaded') }} as p using (period_key)
    inner join {{ ref('int_units') }} as u using (unit_code)
    left join received as r using (unit_code, period_key, report_kind)
)

select * from final
