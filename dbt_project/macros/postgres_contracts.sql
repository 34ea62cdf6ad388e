{#- Enforced model contracts on PostgreSQL (dbt target `postgres`).

    The marts' YAML declares DuckDB's type names, and DuckDB checks them strictly. PostgreSQL
    spells some differently (`double` is `double precision`) and computes some columns in another
    type of the same kind (an average of integers is numeric there, a double in DuckDB). So on
    PostgreSQL a mart's table is created with the declared types, translated, and filled with an
    insert, which converts every value to its column's type or fails; before that, the columns the
    SQL returns must have the declared names and the same kind of type (number, text, boolean,
    date, timestamp), else dbt stops with its contract error. The columns analysts query on
    PostgreSQL thus have the names and types the DuckDB contract promises.
    These override dbt's own `get_table_columns_and_constraints` and `get_assert_columns_equivalent`
    for PostgreSQL only (dbt looks in the root project first); DuckDB keeps dbt's. -#}

{#- A contract's DuckDB type name as PostgreSQL spells it. -#}
{% macro postgres_contract_type(data_type) -%}
    {%- set spelled = {
        'double': 'double precision',
        'float8': 'double precision',
        'float': 'real',
        'float4': 'real',
        'hugeint': 'numeric(38, 0)',
        'string': 'text',
        'timestamptz': 'timestamp with time zone',
    } -%}
    {{- return(spelled.get((data_type or '') | trim | lower, data_type)) -}}
{%- endmacro %}

{#- The model's YAML columns with their types translated. -#}
{% macro postgres_contract_columns() -%}
    {%- set columns = {} -%}
    {%- for name, column in model['columns'].items() -%}
        {%- set translated = {} -%}
        {%- do translated.update(column) -%}
        {%- do translated.update({'data_type': postgres_contract_type(column['data_type'])}) -%}
        {%- do columns.update({name: translated}) -%}
    {%- endfor -%}
    {{- return(columns) -}}
{%- endmacro %}

{#- The kind of a column type as psycopg2 names it (dbt's PostgreSQL column types). -#}
{% macro postgres_type_kind(dtype) -%}
    {%- set name = (dtype or '') | upper -%}
    {%- if name in ['SMALLINT', 'INTEGER', 'LONGINTEGER', 'FLOAT', 'DECIMAL', 'NUMERIC', 'BIGINT', 'REAL', 'DOUBLE PRECISION', 'INT2', 'INT4', 'INT8', 'FLOAT4', 'FLOAT8'] -%}
        {{- return('number') -}}
    {%- elif name in ['STRING', 'UNICODE', 'TEXT', 'VARCHAR', 'CHARACTER VARYING', 'BPCHAR'] -%}
        {{- return('text') -}}
    {%- elif name in ['BOOLEAN', 'BOOL'] -%}
        {{- return('boolean') -}}
    {%- elif name in ['DATE', 'PYDATE'] -%}
        {{- return('date') -}}
    {%- elif name in ['DATETIME', 'DATETIMETZ', 'PYDATETIME', 'PYDATETIMETZ', 'TIMESTAMP', 'TIMESTAMPTZ'] -%}
        {{- return('timestamp') -}}
    {%- else -%}
        {{- return(name) -}}
    {%- endif -%}
{%- endmacro %}

{% macro postgres__get_table_columns_and_constraints() -%}
    {%- set raw_column_constraints = adapter.render_raw_columns_constraints(raw_columns=postgres_contract_columns()) -%}
    {%- set raw_model_constraints = adapter.render_raw_model_constraints(raw_constraints=model['constraints']) -%}
    (
    {% for c in raw_column_constraints -%}
      {{ c }}{{ "," if not loop.last or raw_model_constraints }}
    {% endfor %}
    {% for c in raw_model_constraints -%}
        {{ c }}{{ "," if not loop.last }}
    {% endfor -%}
    )
{%- endmacro %}

{% macro postgres__get_assert_columns_equivalent(sql) -%}
    {%- set declared = postgres_contract_columns() -%}
    {%- if not declared -%}
        {{ exceptions.raise_contract_error([], []) }}
    {%- endif -%}
    {%- set sql_columns = format_columns(get_column_schema_from_query(sql, config.get('sql_header', none))) -%}
    {%- set yaml_columns = format_columns(get_column_schema_from_query(get_empty_schema_sql(declared))) -%}
    {%- if sql_columns | length != yaml_columns | length -%}
        {%- do exceptions.raise_contract_error(yaml_columns, sql_columns) -%}
    {%- endif -%}
    {%- for sql_column in sql_columns -%}
        {%- set matching = yaml_columns | selectattr('name', 'equalto', sql_column['name']) | list -%}
        {%- if not matching
            or postgres_type_kind(sql_column['data_type']) != postgres_type_kind(matching[0]['data_type']) -%}
            {%- do exceptions.raise_contract_error(yaml_columns, sql_columns) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}
