-- Social consensus (mức độ đồng thuận) per plan task and loaded period, citywide (every
-- respondent group and ward): the columns mart_task_quarter gains. Same spine as that mart
-- (tasks × int_periods_loaded), so it joins one to one on (task_code, period_key). Figures are
-- those of mart_consensus's cell (respondent_group = 'all', ward_code = 'all'): below the
-- minimum cell size every figure is null and consensus_suppressed is true; a task nobody
-- answered in the period has 0 responses, null figures and is not suppressed.
with spine as (
    select t.task_code, p.period_key
    from {{ ref('stg_reference__tasks') }} as t
    cross join {{ ref('int_periods_loaded') }} as p
),

citywide as (
    select * from {{ ref('int_survey_consensus__cells') }}
    where respondent_group = 'all' and ward_code = 'all'
),

final as (
    select
        s.task_code,
        s.period_key,
        case
            when c.responses is null then 0
            when not c.below_min_cell then c.responses
        end as consensus_responses,
        case
            when c.responses is null then 0
            when not c.below_min_cell then c.answers
        end as consensus_answers,
        case when not c.below_min_cell then c.mean_score end as consensus_mean_score,
        case when not c.below_min_cell then c.share_agreeing end as consensus_share_agreeing,
        case when not c.below_min_cell then c.share_agreeing_ci_low end as consensus_share_agreeing_ci_low,
        case when not c.below_min_cell then c.share_agreeing_ci_high end as consensus_share_agreeing_ci_high,
        coalesce(c.below_min_cell, false) as consensus_suppressed
    from spine as s
    left join citywide as c using (task_code, period_key)
)

select * from final
