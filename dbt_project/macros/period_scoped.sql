{#-
  Period-scoped models: tables whose rows for a period are computed from their inputs' rows for
  that period only (a press item's attribution, the latest report of a unit and period). A
  refresh that brings one new quarter rebuilds that quarter's rows and keeps the others.

  Such a model is materialized 'incremental' with `period_scoped_config()`, and filters its
  period-keyed inputs with `in_rebuilt_periods('<period column>')`. Which periods to rebuild comes
  from the pipeline (orchestration/defs/transform/period_scope.py), which compares each period's
  rows of the model's inputs with those it was last built from. It writes its decision to
  `dbt_state.rebuild_periods` under a token of its own and names the token in the environment
  variable WAREHOUSE_PERIOD_PLAN of that one dbt build. (Not a --vars: dbt parses the whole
  project again, seconds, whenever its vars differ from the last parse's.)

  Without a plan for the model (a build by hand, `make dev`, the first build, `--full-refresh`)
  every period is rebuilt: the model's rows are deleted and computed again, as for a table. Rows
  with no period are their own period, '' (empty text), so that they too are rebuilt or kept as
  a whole.
-#}

{% macro rebuilt_periods() -%}
    {#- The periods this build recomputes, or none for every period. Looked up when the model
        runs (never while dbt parses). A dbt unit test has no relation (`this` is none): it
        computes every period of its fixed rows. -#}
    {%- if not execute or this is none or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set plan = env_var('WAREHOUSE_PERIOD_PLAN', '') -%}
    {%- if not plan -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set rows = run_query(
        "select period from dbt_state.rebuild_periods where plan = '" ~ plan | replace("'", "''")
        ~ "' and model = '" ~ this.identifier | replace("'", "''") ~ "'"
    ) -%}
    {%- if rows | length == 0 -%}
        {{ return(none) }}  {#- no decision for this model: every period -#}
    {%- endif -%}
    {#- A model decided to rebuild no period has one row whose period is null. -#}
    {{ return(rows.columns[0].values() | reject('none') | list) }}
{%- endmacro %}

{% macro _period_list(periods) -%}
    {%- for period in periods -%}
        '{{ period | replace("'", "''") }}'{{ ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{% macro in_rebuilt_periods(column) -%}
    {#- A condition on an input's period column: true for the rows of the periods rebuilt. -#}
    {%- set periods = rebuilt_periods() -%}
    {%- if periods is none -%}
        true
    {%- elif periods | length == 0 -%}
        false
    {%- else -%}
        coalesce({{ column }}, '') in ({{ _period_list(periods) }})
    {%- endif -%}
{%- endmacro %}

{% macro delete_rebuilt_periods(column='period_key') -%}
    {#- Run before the model's rows are inserted: the rows of the periods it recomputes go. -#}
    {%- set incremental = this is not none and is_incremental() -%}
    {%- set periods = rebuilt_periods() if incremental else [] -%}
    {%- if not incremental or periods == [] -%}
        select 1 as nothing_to_delete
    {%- elif periods is none -%}
        delete from {{ this }}
    {%- else -%}
        delete from {{ this }} where coalesce({{ column }}, '') in ({{ _period_list(periods) }})
    {%- endif -%}
{%- endmacro %}

{% macro period_scoped_config(column='period_key') -%}
    {#- The config of a period-scoped model: an incremental table whose rebuilt periods' rows
        are deleted before they are computed again (in the same transaction). -#}
    {{ config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        pre_hook=["{{ delete_rebuilt_periods('" ~ column ~ "') }}"],
        meta={'period_scoped': true},
    ) }}
{%- endmacro %}
