-- What each unit's own channels did in each period, beside its reports: its fanpage and
-- website (page or site name naming the unit), press items naming it in full, feedback it
-- handled. What its ward's public did (survey responses, classrooms delivered) is beside it in
-- int_unit_wards__by_period.
-- A table: folding and matching 200,000 press texts costs seconds at city scale, and a refresh
-- that changes only the unit reports (not the units' names) keeps it (scope.py's gates).
-- Period-scoped (macros/period_scoped.sql): a unit's figures for a period count that period's
-- posts, page views, press items and feedback only, so a new quarter's are counted for it and the
-- earlier quarters' rows are kept (while the units' names are the same). The survey responses
-- are not read here: their latest-submission table is rebuilt whole whenever a survey arrives
-- (two submissions either side of a quarter's first midnight collapse into one), which would
-- make every refresh recompute every period of this table.
{{ period_scoped_config() }}
with names as (select * from {{ ref('int_unit_names') }}),

official as (select * from names where is_official),

-- A page or site is matched to the units once per distinct name (a city has a handful of pages
-- and sites but millions of page views: matching every row against every unit's name cost
-- minutes). null and '' fold alike, so the rows join their name's matches on coalesce(name, '').
page_units as {{ materialized_cte() }} (
    select p.page_name, n.unit_code
    from (
        select page_name, {{ fold_text('page_name') }} as folded_page
        from (select distinct coalesce(page_name, '') as page_name from {{ ref('int_fanpage_posts__attributed') }}) as d
    ) as p
    inner join official as n
        on {{ contains_text('n.folded_name', 'p.folded_page') }} or {{ contains_text('p.folded_page', 'n.folded_name') }}
),

site_units as {{ materialized_cte() }} (
    select s.site, n.unit_code
    from (
        select site, {{ fold_text('site') }} as folded_site
        from (select distinct coalesce(site, '') as site from {{ ref('int_web_pageviews__attributed') }}) as d
    ) as s
    inner join official as n
        on {{ contains_text('n.folded_name', 's.folded_site') }} or {{ contains_text('s.folded_site', 'n.folded_name') }}
),

-- Each press text folded once (materialized_cte: PostgreSQL would otherwise fold it again for
-- every pair of the joins below).
press_texts as {{ materialized_cte() }} (
    select p.press_item_key, p.period_key, {{ fold_text("s.title || ' ' || coalesce(s.lede, '')") }} as folded_text
    from {{ ref('int_press_items__attributed') }} as p
    inner join {{ ref('stg_media__press_items') }} as s using (press_item_key)
    where {{ in_rebuilt_periods('p.period_key') }}
),

-- A press item names a unit when the unit's folded name occurs in its folded text. Both are
-- words between single spaces, so a text naming the unit holds the name's last two words side
-- by side: texts are paired only with the names whose last word pair they contain (a hash
-- join), then checked in full; names of one word are tried against every text.
name_pairs as (
    select unit_code, folded_name, {{ last_word_pair('folded_name') }} as word_pair
    from official
),

press_pairs as (
    select t.press_item_key, t.word_pair
    from ({{ word_pairs('press_texts', 'press_item_key', 'folded_text') }}) as t
    where t.word_pair in (select word_pair from name_pairs where word_pair is not null)
),

pages as (
    select distinct f.post_id, f.period_key, f.reach, u.unit_code
    from {{ ref('int_fanpage_posts__attributed') }} as f
    inner join page_units as u on coalesce(f.page_name, '') = u.page_name
    where {{ in_rebuilt_periods('f.period_key') }}
),

sites as (
    select distinct w.site, w.view_date, w.page_path, w.period_key, w.views, u.unit_code
    from {{ ref('int_web_pageviews__attributed') }} as w
    inner join site_units as u on coalesce(w.site, '') = u.site
    where {{ in_rebuilt_periods('w.period_key') }}
),

mentions as (
    select distinct p.press_item_key, p.period_key, n.unit_code
    from press_pairs as c
    inner join name_pairs as n using (word_pair)
    inner join press_texts as p using (press_item_key)
    where {{ contains_text('p.folded_text', 'n.folded_name') }}
    union
    select p.press_item_key, p.period_key, n.unit_code
    from press_texts as p
    inner join name_pairs as n
        on n.word_pair is null and {{ contains_text('p.folded_text', 'n.folded_name') }}
),

feedback as (
    select distinct f.source_file, f.source_row, f.period_key, f.answered_date, n.unit_code
    from {{ ref('int_feedback__attributed') }} as f
    inner join names as n on {{ fold_text('f.handling_unit') }} = n.folded_name
    where {{ in_rebuilt_periods('f.period_key') }}
),

per_unit as (
    select unit_code, period_key, 'fanpage_posts' as measure, count(*) as value from pages {{ group_by_all(2) }}
    union all select unit_code, period_key, 'fanpage_reach', coalesce(sum(reach), 0) from pages {{ group_by_all(2) }}
    union all select unit_code, period_key, 'web_views', coalesce(sum(views), 0) from sites {{ group_by_all(2) }}
    union all select unit_code, period_key, 'press_mentions', count(*) from mentions {{ group_by_all(2) }}
    union all select unit_code, period_key, 'feedback_handled', count(*) from feedback {{ group_by_all(2) }}
    union all select unit_code, period_key, 'feedback_answered', count(*) filter (where answered_date is not null) from feedback {{ group_by_all(2) }}
)

{%- set measures = [
    'fanpage_posts', 'fanpage_reach', 'web_views', 'press_mentions', 'feedback_handled', 'feedback_answered'
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
