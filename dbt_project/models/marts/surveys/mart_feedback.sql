-- Thư góp ý và đường dây nóng: one row per loaded period × channel × topic × handling unit.
-- Two kinds of figure share the row:
-- - flow, over the items received in the period's window: received, answered, answered within
--   the channel's deadline, median days to answer;
-- - stock, as of the window's last day (window_end): the open backlog, every item received by
--   then (in this period or earlier) and not answered by then, and its age in days.
-- A row exists when either is non-zero, so an unanswered item shows in every later period's
-- backlog until it is answered.
-- Rules: an item is answered when it has an answered date (ngày trả lời), whatever its status
-- says; days are calendar days (answered the day received = 0); within the deadline means
-- answered_date - received_date <= deadline_days, and the share is over every item received,
-- so items still open count as not (yet) answered within the deadline.
with items as (
    select
        *,
        answered_date - received_date as days_to_answer,
        received_date + deadline_days as deadline_date
    from {{ ref('int_feedback__items') }}
),

periods as (
    select p.period_key, p.school_year, p.window_start, p.window_end
    from {{ ref('stg_reference__periods') }} as p
    inner join {{ ref('int_periods_loaded') }} using (period_key)
),

received as (
    select
        p.period_key,
        i.channel,
        i.topic,
        i.handling_unit,
        count(*) as received,
        count(i.answered_date) as answered,
        count(*) filter (where i.days_to_answer <= i.deadline_days) as answered_within_deadline,
        {{ median('i.days_to_answer') }} as median_days_to_answer
    from items as i
    inner join periods as p on i.received_date between p.window_start and p.window_end
    {{ group_by_all(4) }}
),

backlog as (
    select
        p.period_key,
        i.channel,
        i.topic,
        i.handling_unit,
        count(*) as backlog,
        count(*) filter (where p.window_end > i.deadline_date) as backlog_overdue,
        {{ median('p.window_end - i.received_date') }} as backlog_median_age_days,
        max(p.window_end - i.received_date) as backlog_max_age_days
    from items as i
    inner join periods as p
        on i.received_date <= p.window_end
        and (i.answered_date is null or i.answered_date > p.window_end)
    {{ group_by_all(4) }}
),

-- The unit's code and the channel's deadline depend on the row's handling unit and channel.
units as (
    select distinct handling_unit, handling_unit_code from items
),

deadlines as (
    select distinct channel, deadline_days from items
),

keys as (
    select period_key, channel, topic, handling_unit from received
    union
    select period_key, channel, topic, handling_unit from backlog
),

final as (
    select
        k.period_key,
        p.school_year,
        k.channel,
        k.topic,
        u.handling_unit_code,
        k.handling_unit,
        d.deadline_days,
        coalesce(r.received, 0) as received,
        coalesce(r.answered, 0) as answered,
        coalesce(r.answered_within_deadline, 0) as answered_within_deadline,
        {{ round_number(divide('r.answered_within_deadline', 'r.received'), 4) }} as share_answered_within_deadline,
        cast(r.median_days_to_answer as double precision) as median_days_to_answer,
        coalesce(b.backlog, 0) as backlog,
        coalesce(b.backlog_overdue, 0) as backlog_overdue,
        cast(b.backlog_median_age_days as double precision) as backlog_median_age_days,
        b.backlog_max_age_days
    from keys as k
    inner join periods as p using (period_key)
    inner join units as u using (handling_unit)
    inner join deadlines as d using (channel)
    left join received as r using (period_key, channel, topic, handling_unit)
    left join backlog as b using (period_key, channel, topic, handling_unit)
)

select * from final
