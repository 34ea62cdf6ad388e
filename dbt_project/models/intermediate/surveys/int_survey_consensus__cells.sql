-- Consensus figures for every cell of task × period × respondent group × ward and its
-- roll-ups, before any suppression: one pass of grouping sets. A rolled-up dimension holds
-- 'all'; a response without a group or a recognised ward is in 'unknown' (it still counts in
-- the 'all' roll-ups). Suppression is applied by the marts (below_min_cell marks the cells
-- under the minimum cell size).
with scores as (
    select
        task_code,
        period_key,
        coalesce(respondent_group, 'unknown') as respondent_group,
        coalesce(ward_code, 'unknown') as ward_code,
        answers,
        task_score,
        agrees
    from {{ ref('int_survey_responses__task_scores') }}
),

cells as (
    select
        task_code,
        period_key,
        case when grouping(respondent_group) = 1 then 'all' else respondent_group end as respondent_group,
        case when grouping(ward_code) = 1 then 'all' else ward_code end as ward_code,
        count(*) as responses,
        cast(sum(answers) as bigint) as answers,
        count(*) filter (where agrees) as responses_agreeing,
        -- The mean of per-response means, summed as integers (millionths): a sum of doubles
        -- depends on the order parallel threads add them, and two builds of the same answers
        -- could round 4.29375 differently. Integer sums are exact in any order.
        avg(cast(round(task_score * 1000000) as bigint)) / 1000000.0 as mean_score
    from scores
    group by grouping sets (
        (task_code, period_key, respondent_group, ward_code),
        (task_code, period_key, respondent_group),
        (task_code, period_key, ward_code),
        (task_code, period_key)
    )
),

final as (
    select
        task_code,
        period_key,
        respondent_group,
        ward_code,
        responses,
        answers,
        responses_agreeing,
        {{ round_number('mean_score', 4) }} as mean_score,
        {{ round_number(divide('responses_agreeing', 'responses'), 4) }} as share_agreeing,
        {{ round_number(wilson_interval('responses_agreeing', 'responses', bound='low'), 4) }} as share_agreeing_ci_low,
        {{ round_number(wilson_interval('responses_agreeing', 'responses', bound='high'), 4) }} as share_agreeing_ci_high,
        responses < {{ min_cell_size() }} as below_min_cell
    from cells
)

select * from final
