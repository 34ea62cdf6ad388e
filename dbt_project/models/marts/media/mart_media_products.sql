-- Media products (infographics, videos, e-magazines, livestreams) per task x period x type x
-- source: from the units' latest quarterly reports (form column, quantity counted) and from
-- fanpage posts (post type, or 'infographic' / 'e-magazine' named in the post's text).
with from_reports as (
    select a.task_code, a.period_key, m.product_type, 'unit_report' as source,
        sum(a.quantity) as products, sum(a.reach) as reach, count(a.reach) as with_reach
    from {{ ref('int_activities__latest') }} as a
    inner join {{ ref('ref_media_product_types') }} as m
        on m.source = 'unit_report' and m.value = a.activity_form
    {{ group_by_all(4) }}
),

from_fanpage as (
    select f.task_code, f.period_key, f.product_type, 'fanpage' as source,
        count(*) as products, sum(f.reach) as reach, count(f.reach) as with_reach
    from {{ ref('int_fanpage_posts__attributed') }} as f
    where f.product_type is not null
    {{ group_by_all(4) }}
),

final as (
    select
        r.task_code,
        r.period_key,
        r.product_type,
        r.source,
        cast(r.products as double precision) as products,
        cast(r.reach as bigint) as reach,
        cast(r.with_reach as bigint) as products_with_reach
    from (select * from from_reports union all select * from from_fanpage) as r
    inner join {{ ref('int_periods_loaded') }} as p using (period_key)
)

select * from final
