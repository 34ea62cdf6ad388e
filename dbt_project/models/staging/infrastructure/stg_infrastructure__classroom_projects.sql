-- Classroom-programme projects as listed, one row per project and list (a later list repeats the
-- codes of an earlier one). project_status puts the written Tình trạng into a few kinds.
with projects as (
    select
        *,
        {{ fold_text('status') }} as folded_status
    from {{ source('raw', 'classroom_projects') }}
),

final as (
    select
        project_code,
        project_name,
        ward_code,
        school_level,
        classrooms_planned,
        funding,
        investment_vnd,
        start_date,
        planned_completion,
        actual_completion,
        status,
        case
            when status is null then null
            when {{ contains_text('folded_status', "' hoan thanh '") }} or {{ contains_text('folded_status', "' ban giao '") }} then 'completed'
            when {{ contains_text('folded_status', "' tam dung '") }} or {{ contains_text('folded_status', "' tam ngung '") }} then 'suspended'
            when {{ contains_text('folded_status', "' thi cong '") }} or {{ contains_text('folded_status', "' trien khai '") }} then 'under_construction'
            when {{ contains_text('folded_status', "' chuan bi '") }} then 'preparing'
            else 'other'
        end as project_status,
        classrooms_delivered,
        as_of_date,
        source_file,
        source_sheet,
        source_row
    from projects
)

select * from final
