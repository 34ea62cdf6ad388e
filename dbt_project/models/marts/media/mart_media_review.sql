-- The Office's review queue: press items and fanpage posts of the loaded periods whose labels the
-- classifier is unsure of and nobody has settled yet. Reasons (several may apply):
-- - no_task: no specific phrase of any task: no task (the best guess from generic words, if any,
--   is the runner-up), or the task model's reading of the words (task_method 'model'; its next
--   task is the runner-up, the scores are the model's probabilities);
-- - close_second_task: the runner-up task scores at least media_review_close_share of the primary;
-- - weak_sentiment: the classifier decided the sentiment (no service label) and its model chose
--   with a probability below media_review_weak_confidence, or (lexicon alone) on a score below
--   media_review_weak_sentiment in absolute value with polar terms found (macros/media_review.sql).
-- To settle an item, add a row to the seed ref_media_label_overrides with item_kind and item_key
-- as here; the next refresh applies it and the item leaves this mart.
with press as (
    select
        'press' as item_kind,
        coalesce(i.url, i.press_item_key) as item_key,
        i.period_key,
        i.published_at,
        i.outlet_name as source_name,
        i.title as item_text,
        i.url,
        i.task_code, i.task_method, i.task_score, i.task_evidence, i.secondary_task_code,
        i.runner_up_task_code, i.runner_up_task_score, i.runner_up_task_evidence,
        i.sentiment, i.sentiment_method, i.sentiment_score, i.sentiment_confidence, i.sentiment_evidence,
        i.label_overridden
    from {{ ref('int_press_items__attributed') }} as i
    inner join {{ ref('int_periods_loaded') }} as p using (period_key)
),

posts as (
    select
        'fanpage' as item_kind,
        f.post_id as item_key,
        f.period_key,
        f.published_at,
        f.page_name as source_name,
        coalesce(f.title, f.description) as item_text,
        f.permalink as url,
        f.task_code, f.task_method, f.task_score, f.task_evidence, f.secondary_task_code,
        f.runner_up_task_code, f.runner_up_task_score, f.runner_up_task_evidence,
        f.sentiment, f.sentiment_method, f.sentiment_score, f.sentiment_confidence, f.sentiment_evidence,
        f.label_overridden
    from {{ ref('int_fanpage_posts__attributed') }} as f
    inner join {{ ref('int_periods_loaded') }} as p using (period_key)
),

flagged as (
    select
        *,
        task_code is null or task_method = 'model' as no_task,
        task_code is not null and runner_up_task_score is not null
            and runner_up_task_score >= {{ media_review_close_share() }} * task_score as close_second_task,
        coalesce(
            (sentiment_method = 'model' and sentiment_confidence < {{ media_review_weak_confidence() }})
            or (sentiment_method = 'lexicon' and sentiment_evidence is not null
                and abs(sentiment_score) < {{ media_review_weak_sentiment() }}),
            false) as weak_sentiment
    from (select * from press union all select * from posts) as items
    where not label_overridden
)

select
    item_kind,
    item_key,
    period_key,
    published_at,
    source_name,
    item_text,
    url,
    concat_ws('; ',
        case when no_task then 'no_task' end,
        case when close_second_task then 'close_second_task' end,
        case when weak_sentiment then 'weak_sentiment' end) as review_reasons,
    task_code,
    {{ round_number('task_score', 2) }} as task_score,
    task_evidence,
    runner_up_task_code,
    {{ round_number('runner_up_task_score', 2) }} as runner_up_task_score,
    runner_up_task_evidence,
    secondary_task_code,
    sentiment,
    {{ round_number('sentiment_score', 2) }} as sentiment_score,
    {{ round_number('sentiment_confidence', 4) }} as sentiment_confidence,
    sentiment_evidence
from flagged
where no_task or close_second_task or weak_sentiment
