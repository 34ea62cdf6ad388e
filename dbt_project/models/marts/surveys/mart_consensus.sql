{%- set rounds = 3 %}
{%- set min_cell = min_cell_size() | trim %}
-- Mức độ đồng thuận: one row per plan task × loaded period × respondent group × ward that has
-- responses, plus the roll-ups ('all' in respondent_group and/or ward_code). Two rules keep a
-- small group of respondents from being singled out:
-- 1. primary: a cell with fewer responses than `min_cell_size` (default 10) shows no figure;
-- 2. complementary: within each line of the table whose total is shown (the wards of one
--    group and its 'all' ward; the groups of one ward and its 'all' group), the hidden cells
--    together must hold at least `min_cell_size` responses, else the smallest shown cells of
--    the line are hidden too; otherwise total minus the shown cells would give the hidden
--    cell's responses, and from the means its scores. A change in one direction can open a
--    line in the other, so the two directions are applied in turn, {{ rounds }} rounds; the test
--    assert_consensus_hides_no_small_remainder checks the result.
with cells as (
    select c.*, c.below_min_cell as hidden
    from {{ ref('int_survey_consensus__cells') }} as c
    inner join {{ ref('int_periods_loaded') }} as p using (period_key)
),

{%- set cell_columns = ['task_code', 'period_key', 'respondent_group', 'ward_code', 'responses', 'answers',
    'responses_agreeing', 'mean_score', 'share_agreeing', 'share_agreeing_ci_low', 'share_agreeing_ci_high', 'below_min_cell'] %}
{%- set ns = namespace(previous='cells') %}
{%- for round in range(1, rounds + 1) %}
{%- for fixed, varying in [('respondent_group', 'ward_code'), ('ward_code', 'respondent_group')] %}
{%- set step = 'round_' ~ round ~ '_across_' ~ varying %}

-- Round {{ round }}: the lines of {{ varying }} within one {{ fixed }}.
{{ step }}_short as (
    select
        line.task_code,
        line.period_key,
        line.{{ fixed }},
        {{ min_cell }} - coalesce(sum(line.responses) filter (where line.hidden), 0) as shortfall
    from {{ ns.previous }} as line
    inner join {{ ns.previous }} as total
        on total.task_code = line.task_code
        and total.period_key = line.period_key
        and total.{{ fixed }} = line.{{ fixed }}
        and total.{{ varying }} = 'all'
        and not total.hidden
    where line.{{ varying }} <> 'all'
    {{ group_by_all(3) }}
    having count(*) filter (where line.hidden) > 0
        and coalesce(sum(line.responses) filter (where line.hidden), 0) < {{ min_cell }}
),

{{ step }}_ranked as (
    select
        c.task_code,
        c.period_key,
        c.respondent_group,
        c.ward_code,
        s.shortfall,
        coalesce(sum(c.responses) over (
            partition by c.task_code, c.period_key, c.{{ fixed }}
            order by c.responses, c.{{ varying }}
            rows between unbounded preceding and 1 preceding
        ), 0) as hidden_before
    from {{ ns.previous }} as c
    inner join {{ step }}_short as s using (task_code, period_key, {{ fixed }})
    where c.{{ varying }} <> 'all' and not c.hidden
),

{{ step }} as (
    select
        {%- for column in cell_columns %}
        c.{{ column }},
        {%- endfor %}
        c.hidden or r.task_code is not null as hidden
    from {{ ns.previous }} as c
    left join {{ step }}_ranked as r
        on r.task_code = c.task_code
        and r.period_key = c.period_key
        and r.respondent_group = c.respondent_group
        and r.ward_code = c.ward_code
        and r.hidden_before < r.shortfall
),
{%- set ns.previous = step %}
{%- endfor %}
{%- endfor %}

final as (
    select
        c.task_code,
        t.task_title,
        c.period_key,
        p.school_year,
        c.respondent_group,
        c.ward_code,
        case c.ward_code
            when 'all' then 'Toàn thành phố'
            when 'unknown' then 'Không rõ phường, xã'
            else w.ward_name
        end as ward_name,
        case when not c.hidden then c.responses end as responses,
        case when not c.hidden then c.answers end as answers,
        case when not c.hidden then c.mean_score end as mean_score,
        case when not c.hidden then c.share_agreeing end as share_agreeing,
        case when not c.hidden then c.share_agreeing_ci_low end as share_agreeing_ci_low,
        case when not c.hidden then c.share_agreeing_ci_high end as share_agreeing_ci_high,
        c.hidden as suppressed,
        case
            when c.below_min_cell then 'below_min_cell'
            when c.hidden then 'complementary'
        end as suppression_reason
    from {{ ns.previous }} as c
    inner join {{ ref('stg_reference__tasks') }} as t using (task_code)
    inner join {{ ref('stg_reference__periods') }} as p using (period_key)
    left join {{ ref('stg_reference__wards') }} as w using (ward_code)
)

select * from final
