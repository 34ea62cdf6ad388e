{#- The secondary task of a media item after the Office's override (`o`, int_media_label_overrides)
    over the ingestion's labels (`i`): the override's own secondary task ('none' removes it), else
    the classifier's; never the primary task itself, and none when the item has no primary task. -#}
{% macro secondary_task(o, i) -%}
    case
        when {{ o }}.task_code = 'none' then null
        when {{ o }}.secondary_task_code = 'none' then null
        when coalesce({{ o }}.secondary_task_code, {{ i }}.secondary_task_code)
             = coalesce({{ o }}.task_code, {{ i }}.task_code) then null
        when coalesce({{ o }}.task_code, {{ i }}.task_code) is null then null
        else coalesce({{ o }}.secondary_task_code, {{ i }}.secondary_task_code)
    end
{%- endmacro %}
