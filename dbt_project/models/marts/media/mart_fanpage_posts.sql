-- Every fanpage post of the loaded periods with its task, sentiment and engagement rate, ranked
-- within its task and period and within its page and period (rank 1 = highest engagement rate;
-- posts without reach are not ranked).
with posts as (
    select f.*
    from {{ ref('int_fanpage_posts__attributed') }} as f
    inner join {{ ref('int_periods_loaded') }} as p using (period_key)
),

final as (
    select
        post_id,
        page_name,
        published_at,
        period_key,
        post_type,
        product_type,
        coalesce(title, description) as post_text,
        permalink,
        task_code,
        task_method,
        sentiment,
        sentiment_method,
        reach,
        views,
        reactions,
        comments,
        shares,
        engagement,
        {{ round_number('engagement_rate', 4) }} as engagement_rate,
        case when engagement_rate is not null and task_code is not null then
            cast(row_number() over (
                partition by task_code, period_key, engagement_rate is null
                order by engagement_rate desc, reach desc, post_id) as bigint)
        end as rank_in_task_period,
        case when engagement_rate is not null then
            cast(row_number() over (
                partition by page_name, period_key, engagement_rate is null
                order by engagement_rate desc, reach desc, post_id) as bigint)
        end as rank_in_page_period
    from posts
)

select * from final
