-- One row per feedback item (thư góp ý, đường dây nóng) with its handling unit recognised and
-- the Office's answer deadline for its channel (seed ref_feedback_deadlines). The handling unit
-- is recognised when its spelling, folded (case, diacritics, punctuation ignored), names exactly
-- one department, ward or school; otherwise it is kept as written. Blank topic or unit: 'Không rõ'.
with items as (
    select * from {{ ref('stg_surveys__feedback') }}
),

unit_spellings as (
    select folded_name, min(unit_code) as unit_code
    from {{ ref('int_unit_names') }}
    group by folded_name
    having count(distinct unit_code) = 1
),

final as (
    select
        i.source_file,
        i.source_sheet,
        i.source_row,
        i.period_key,
        i.received_date,
        i.channel,
        coalesce(i.topic, 'Không rõ') as topic,
        s.unit_code as handling_unit_code,
        coalesce(u.unit_name, i.handling_unit, 'Không rõ') as handling_unit,
        i.answered_date,
        i.status,
        d.deadline_days
    from items as i
    left join unit_spellings as s on {{ fold_text('i.handling_unit') }} = s.folded_name
    left join {{ ref('int_units') }} as u on u.unit_code = s.unit_code
    left join {{ ref('ref_feedback_deadlines') }} as d on d.channel = i.channel
)

select * from final
