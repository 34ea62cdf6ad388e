-- What: in marts.mart_consensus, every line whose total is shown (the wards of one respondent
--       group with its 'all' ward; the groups of one ward with its 'all' group) hides nothing,
--       or hides cells that together hold at least min_cell_size responses.
-- When it matters: otherwise total minus the shown cells gives a small group's responses and,
--       through the means, its scores (differencing), which the suppression exists to prevent.
-- How to resolve: the rounds of complementary suppression in mart_consensus.sql did not settle
--       on this data; raise `rounds` there and rebuild. Each row names the line and what it hides.
{%- set min_cell = min_cell_size() | trim %}
with cells as (
    select m.task_code, m.period_key, m.respondent_group, m.ward_code, m.suppressed, c.responses
    from {{ ref('mart_consensus') }} as m
    inner join {{ ref('int_survey_consensus__cells') }} as c
        using (task_code, period_key, respondent_group, ward_code)
),

{%- for fixed, varying in [('respondent_group', 'ward_code'), ('ward_code', 'respondent_group')] %}
across_{{ varying }} as (
    select
        line.task_code,
        line.period_key,
        '{{ fixed }} = ' || line.{{ fixed }} as line,
        count(*) filter (where line.suppressed) as hidden_cells,
        coalesce(sum(line.responses) filter (where line.suppressed), 0) as hidden_responses
    from cells as line
    inner join cells as total
        on total.task_code = line.task_code
        and total.period_key = line.period_key
        and total.{{ fixed }} = line.{{ fixed }}
        and total.{{ varying }} = 'all'
        and not total.suppressed
    where line.{{ varying }} <> 'all'
    {{ group_by_all(3) }}
),
{%- endfor %}

leaks as (
    select * from across_ward_code
    union all
    select * from across_respondent_group
)

select * from leaks
where hidden_cells > 0 and hidden_responses < {{ min_cell }}
