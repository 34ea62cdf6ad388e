{{ config(materialized='view', schema='intermediate') }}
-- Social consensus per task over a whole school year, citywide, from the respondents' task
-- scores (int_survey_responses__task_scores). Suppression as for the quarters, plus one rule
-- the year adds: when a period of the year holds a suppressed cell (1 to min_cell_size - 1
-- respondents), the year is suppressed too, because year minus the visible periods would give
-- the hidden cell away.
with scores as (
    select s.task_code, p.school_year, s.period_key, s.task_score, s.agrees
    from {{ ref('int_survey_responses__task_scores') }} as s
    inner join {{ ref('int_periods_loaded') }} as p on s.period_key = p.period_key
),

by_period as (
    select task_code, school_year, period_key, count(*) as responses
    from scores
    group by task_code, school_year, period_key
),

small_periods as (
    select task_code, school_year, count(*) as periods_below_min_cell
    from by_period
    where responses < {{ min_cell_size() }}
    group by task_code, school_year
),

by_year as (
    select
        task_code,
        school_year,
        count(*) as responses,
        sum(case when agrees then 1 else 0 end) as responses_agreeing,
        avg(task_score) as mean_score
    from scores
    group by task_code, school_year
),

final as (
    select
        y.task_code,
        y.school_year,
        y.responses,
        y.responses_agreeing,
        y.mean_score,
        y.responses < {{ min_cell_size() }} or coalesce(s.periods_below_min_cell, 0) > 0 as suppressed
    from by_year as y
    left join small_periods as s on y.task_code = s.task_code and y.school_year = s.school_year
)

select
    task_code,
    school_year,
    case when not suppressed then responses end as consensus_responses,
    case when not suppressed then {{ round_number("mean_score", 4) }} end as consensus_mean_score,
    case when not suppressed then {{ round_number("cast(responses_agreeing as double precision) / responses", 4) }} end as consensus_share_agreeing,
    case when not suppressed then {{ round_number(wilson_interval('responses_agreeing', 'responses', bound='low'), 4) }} end as consensus_share_agreeing_ci_low,
    case when not suppressed then {{ round_number(wilson_interval('responses_agreeing', 'responses', bound='high'), 4) }} end as consensus_share_agreeing_ci_high,
    suppressed as consensus_suppressed
from final
