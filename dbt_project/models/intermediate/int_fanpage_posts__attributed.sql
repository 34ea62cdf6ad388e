-- Fanpage posts with primary task and sentiment (decided at ingestion, or the Office's
-- override by Post ID), engagement rate and the media product the post is, if any.
with posts as (
    select * from {{ ref('stg_media__fanpage_posts') }}
),

overrides as (
    select * from {{ ref('int_media_label_overrides') }} where item_kind = 'fanpage'
),

products as (
    select value, product_type from {{ ref('ref_media_product_types') }} where source = 'fanpage'
),

final as (
    select
        p.post_id,
        p.page_id,
        coalesce(p.page_name, p.page_id) as page_name,
        p.title,
        p.description,
        p.published_at,
        p.period_key,
        p.post_type,
        p.permalink,
        p.reach,
        p.views,
        p.reactions,
        p.comments,
        p.shares,
        p.engagement,
        p.clicks,
        p.negative_feedback,
        -- engagements / reach (AMEC convention); undefined without reach.
        case when p.reach > 0 then {{ divide('p.engagement', 'p.reach') }} end as engagement_rate,
        -- A photo post whose text names an infographic is one; e-magazines are shared as links.
        coalesce(
            pr.product_type,
            case when lower(coalesce(p.title, '') || ' ' || coalesce(p.description, '')) like '%infographic%' then 'infographic'
                 when lower(coalesce(p.title, '') || ' ' || coalesce(p.description, '')) like '%e-magazine%'
                   or lower(coalesce(p.title, '') || ' ' || coalesce(p.description, '')) like '%emagazine%' then 'e_magazine'
            end
        ) as product_type,
        case when o.task_code = 'none' then null else coalesce(o.task_code, p.task_code) end as task_code,
        case when o.task_code is not null then 'override' else p.task_method end as task_method,
        p.task_evidence,
        coalesce(o.sentiment, p.sentiment) as sentiment,
        case when o.sentiment is not null then 'override' else p.sentiment_method end as sentiment_method,
        p.sentiment_evidence,
        {{ secondary_task('o', 'p') }} as secondary_task_code,
        p.secondary_task_evidence,
        p.task_score,
        p.runner_up_task_code,
        p.runner_up_task_score,
        p.runner_up_task_evidence,
        p.sentiment_score,
        p.sentiment_confidence,
        o.item_key is not null as label_overridden
    from posts as p
    left join overrides as o on o.item_key = p.post_id
    left join products as pr on pr.value = p.post_type
)

select * from final
