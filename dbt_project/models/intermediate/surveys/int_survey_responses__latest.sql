-- One row per survey response once duplicate submissions are collapsed (issue 5).
-- Submissions of the same survey with the same respondent_key form one response when each
-- follows the previous one by at most `survey_duplicate_window_minutes` (default 30): the
-- latest submission wins whole (its answers, group and ward; earlier answers are not merged),
-- and a chain 10:00, 10:20, 10:45 is one response. Submissions without a respondent_key (no
-- personal column filled) are never collapsed: nothing says they are the same person.
-- Only submissions whose survey and key recur can collapse: the windows below sort those few,
-- and every other submission is its own response (1 submission, first = latest), as the
-- windows would have found at the cost of sorting all of them (most exports repeat no key).
with submissions as (
    select * from {{ ref('stg_surveys__responses') }}
),

repeated_keys as (
    select survey_id, respondent_key
    from submissions
    where respondent_key is not null
    group by survey_id, respondent_key
    having count(*) > 1
),

keyed as (
    select
        *,
        {{ dbt.datediff('(lag(submitted_at) over respondent_submissions)', 'submitted_at', 'second') }}
            as seconds_since_previous
    from submissions
    inner join repeated_keys using (survey_id, respondent_key)
    window respondent_submissions as (partition by survey_id, respondent_key order by submitted_at, source_row)
),

sessions as (
    select
        *,
        sum(
            case
                when seconds_since_previous is null then 1
                when seconds_since_previous > 60 * {{ survey_duplicate_window_minutes() }} then 1
                else 0
            end
        ) over (
            partition by survey_id, respondent_key order by submitted_at, source_row
            rows between unbounded preceding and current row
        ) as session_number
    from keyed
),

collapsed as (
    select
        *,
        count(*) over session as submissions,
        min(submitted_at) over session as first_submitted_at,
        row_number() over (session order by submitted_at desc, source_row desc) as recency
    from sessions
    window session as (partition by survey_id, respondent_key, session_number)
),

final as (
    select
        survey_id, response_id, source_file, source_row, submitted_at, first_submitted_at,
        submissions, respondent_group, ward_code, period_key
    from collapsed
    where recency = 1
    union all
    select
        survey_id, response_id, source_file, source_row, submitted_at, submitted_at,
        1, respondent_group, ward_code, period_key
    from submissions as s
    where respondent_key is null
        or not exists (
            select 1 from repeated_keys as k
            where k.survey_id = s.survey_id and k.respondent_key = s.respondent_key
        )
)

select * from final
