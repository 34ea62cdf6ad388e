-- Chỉ tiêu thành phố: the citywide yearly indicators (share of the workforce with a college or
-- university degree, share of students in basic sciences, engineering and technology) against
-- the plan's 2030 targets (raw.ref_targets_2030, target_code = indicator_code), with the same
-- pace and status rule as the ward marts (macros/infrastructure.sql). When two files give the
-- same year and indicator, the later file (by name) wins.
{%- set lookback = infra_var('infrastructure_pace_lookback_years') %}

with indicators as (
    select distinct on (year, indicator_code) *
    from {{ ref('stg_infrastructure__city_indicators') }}
    order by year, indicator_code, source_file desc, source_row desc
),

targets as (
    select target_code as indicator_code, target_value from {{ ref('stg_infrastructure__targets_2030') }}
),

based as (
    select
        i.*,
        t.target_value,
        (
            select min(b.year) from indicators as b
            where b.indicator_code = i.indicator_code and b.year < i.year and b.year >= i.year - {{ lookback }}
        ) as pace_base_year
    from indicators as i
    left join targets as t using (indicator_code)
),

paced as (
    select
        b.*,
        {{ infra_var('infrastructure_target_year') }} - b.year as years_to_target,
        {{ round_number('b.target_value - b.value_pct', 2) }} as gap,
        {{ pace_needed('b.value_pct', 'b.target_value', 'b.year') }} as pace_needed,
        {{ round_number('(b.value_pct - base.value_pct) / (b.year - b.pace_base_year)', 4) }} as pace_recent
    from based as b
    left join indicators as base on base.indicator_code = b.indicator_code and base.year = b.pace_base_year
),

final as (
    select
        cast(year as bigint) as year,
        indicator_code,
        indicator_name,
        cast(value_pct as double precision) as value_pct,
        cast(target_value as double precision) as target,
        cast(gap as double precision) as gap,
        cast(years_to_target as bigint) as years_to_target,
        cast(pace_needed as double precision) as pace_needed,
        cast(pace_recent as double precision) as pace_recent,
        cast(pace_base_year as bigint) as pace_base_year,
        {{ target_status('value_pct', 'target_value', 'pace_recent', 'pace_needed') }} as status,
        year = max(year) over (partition by indicator_code) as is_latest_year
    from paced
    order by indicator_code, year
)

select * from final
