-- What each unit's own channels and its public did in each period, beside its reports:
-- its fanpage and website (page or site name naming the unit), press items naming it in full,
-- survey responses from its ward, feedback it handled, classrooms delivered in its ward.
with names as (select * from {{ ref('int_unit_names') }}),

official as (select * from names where is_official),

-- Each page name, site and press text folded once, before the joins below try it against every
-- unit's name (materialized_cte: PostgreSQL would otherwise fold it again for every pair).
page_posts as {{ materialized_cte() }} (
    select post_id, period_key, reach, {{ fold_text('page_name') }} as folded_page
    from {{ ref('int_fanpage_posts__attributed') }}
),

site_views as {{ materialized_cte() }} (
    select site, view_date, page_path, period_key, views, {{ fold_text('site') }} as folded_site
    from {{ ref('int_web_pageviews__attributed') }}
),

press_texts as {{ materialized_cte() }} (
    select p.press_item_key, p.period_key, {{ fold_text("s.title || ' ' || coalesce(s.lede, '')") }} as folded_text
    from {{ ref('int_press_items__attributed') }} as p
    inner join {{ ref('stg_media__press_items') }} as s using (press_item_key)
),

pages as (
    select distinct f.post_id, f.period_key, f.reach, n.unit_code
    from page_posts as f
    inner join official as n
        on {{ contains_text('n.folded_name', 'f.folded_page') }} or {{ contains_text('f.folded_page', 'n.folded_name') }}
),

sites as (
    select distinct w.site, w.view_date, w.page_path, w.period_key, w.views, n.unit_code
    from site_views as w
    inner join official as n
        on {{ contains_text('n.folded_name', 'w.folded_site') }} or {{ contains_text('w.folded_site', 'n.folded_name') }}
),

mentions as (
    select distinct p.press_item_key, p.period_key, n.unit_code
    from press_texts as p
    inner join official as n
        on {{ contains_text('p.folded_text', 'n.folded_name') }}
),

feedback as (
    select distinct f.source_file, f.source_row, f.period_key, f.answered_date, n.unit_code
    from {{ ref('int_feedback__attributed') }} as f
    inner join names as n on {{ fold_text('f.handling_unit') }} = n.folded_name
),

per_unit as (
    select unit_code, period_key, 'fanpage_posts' as measure, count(*) as value from pages {{ group_by_all(2) }}
    union all select unit_code, period_key, 'fanpage_reach', coalesce(sum(reach), 0) from pages {{ group_by_all(2) }}
    union all select unit_code, period_key, 'web_views', coalesce(sum(views), 0) from sites {{ group_by_all(2) }}
    union all select unit_code, period_key, 'press_mentions', count(*) from mentions {{ group_by_all(2) }}
    union all select unit_code, period_key, 'feedback_handled', count(*) from feedback {{ group_by_all(2) }}
    union all select unit_code, period_key, 'feedback_answered', count(*) filter (where answered_date is not null) from feedback {{ group_by_all(2) }}
    union all
    select ward_code, period_key, 'survey_responses', count(*)
    from {{ ref('int_survey_responses__latest') }} where ward_code is not null {{ group_by_all(2) }}
    union all
    select c.ward_code, p.period_key, 'classrooms_delivered', coalesce(sum(c.classrooms_delivered), 0)
    from {{ ref('stg_infrastructure__classroom_projects') }} as c
    inner join {{ ref('stg_reference__periods') }} as p
        on c.actual_completion between p.window_start and p.window_end
    where c.ward_code is not null
    {{ group_by_all(2) }}
)

{%- set measures = [
    'fanpage_posts', 'fanpage_reach', 'web_views', 'press_mentions', 'feedback_handled',
    'feedback_answered', 'survey_responses', 'classrooms_delivered'
] %}
-- One column per measure (a pivot, written out so that every database runs it).
select
    unit_code,
    period_key,
    {%- for measure in measures %}
    sum(case when measure = '{{ measure }}' then value end) as {{ measure }}{{ ',' if not loop.last }}
    {%- endfor %}
from per_unit
group by unit_code, period_key
