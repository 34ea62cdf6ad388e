-- Each task's year-end measures against the Office's targets (seed ref_task_targets): one row
-- per task, school year and measure of the catalogue below, whether or not a target exists,
-- so that the scorecard says 'no_target' rather than leaving the measure out. The most specific
-- seed row wins: the task's own over '*', the school year's own over '*'. A target the Office
-- has not confirmed (seed column confirmed_by empty) is provisional ("tạm tính"); a share
-- measured on a sample (the survey's) carries its 95% interval, and whether that interval
-- holds the target, in which case the verdict cannot be told from the sample.
{%- set measures = [
    'activities_count', 'activities_quantity', 'press_items', 'press_positive', 'press_central',
    'press_city', 'press_negative_share', 'net_sentiment', 'fanpage_posts', 'fanpage_reach',
    'fanpage_engagement', 'web_views', 'consensus_share_agreeing', 'feedback_received', 'incidents',
    'incidents_resolved_share', 'lead_completion_pct', 'programme_classrooms_delivered',
    'programme_share_of_target_pct'
] %}
with year_rows as (
    select * from {{ ref('int_task_year__measures') }} where period_scope = 'year'
),

actuals as (
    {%- for measure in measures %}
    select task_code, task_number, school_year, '{{ measure }}' as measure, cast({{ measure }} as double precision) as actual_value
    from year_rows
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

-- Only the survey's share is estimated from a sample; every other measure is a count of all items.
intervals as (
    select task_code, school_year, 'consensus_share_agreeing' as measure,
        cast(consensus_share_agreeing_ci_low as double precision) as ci_low,
        cast(consensus_share_agreeing_ci_high as double precision) as ci_high
    from year_rows
    where consensus_share_agreeing_ci_low is not null
),

candidates as (
    select
        a.task_code,
        a.school_year,
        a.measure,
        t.comparison,
        t.target_value,
        t.note,
        nullif(trim(t.confirmed_by), '') as confirmed_by,
        row_number() over (
            partition by a.task_code, a.school_year, a.measure
            order by case when t.task_code = '*' then 1 else 0 end, case when t.school_year = '*' then 1 else 0 end
        ) as specificity
    from actuals as a
    inner join {{ ref('ref_task_targets') }} as t
        on a.measure = t.measure
        and (t.task_code = a.task_code or t.task_code = '*')
        and (t.school_year = a.school_year or t.school_year = '*')
),

final as (
    select
        a.task_code,
        a.task_number,
        a.school_year,
        a.measure,
        a.actual_value,
        c.comparison,
        c.target_value,
        case
            when c.target_value is null then 'no_target'
            when a.actual_value is null then 'no_data'
            when c.comparison = 'at_least' and a.actual_value >= c.target_value then 'met'
            when c.comparison = 'at_most' and a.actual_value <= c.target_value then 'met'
            else 'not_met'
        end as target_status,
        case
            when c.comparison = 'at_least' and c.target_value > 0
                then {{ round_number("100 * a.actual_value / c.target_value", 1) }}
        end as achievement_pct,
        c.note as target_note,
        c.target_value is not null and c.confirmed_by is null as target_provisional,
        c.confirmed_by,
        i.ci_low,
        i.ci_high,
        coalesce(c.target_value is not null and i.ci_low < c.target_value and c.target_value < i.ci_high, false)
            as interval_straddles_target
    from actuals as a
    left join candidates as c
        on a.task_code = c.task_code and a.school_year = c.school_year and a.measure = c.measure and c.specificity = 1
    left join intervals as i
        on a.task_code = i.task_code and a.school_year = i.school_year and a.measure = i.measure
)

select * from final
