"""The floor of the survey benchmark: DuckDB alone, in plain SQL, on the same export.

Two statements, each a stage:
1. `read`: `read_csv` of the export with every column's type given (the timestamp parsed with
   its dd/mm/yyyy format, everything else text) into a table;
2. `aggregate`: one script that unpivots the question columns into answers, maps each distinct
   answer text to its point of the scale (digits, the scale's words folded for case and
   diacritics, "4 - Đồng ý"), turns reverse-coded questions (from the questionnaire, read with
   read_csv too), finds the period from the reporting windows and the ward code from the ward
   names, averages each response's answers per task, and groups by task × period × respondent
   group × ward with the three roll-ups in one pass of grouping sets: responses, answers, mean
   score, share agreeing (task score 4 or more) and its 95% Wilson interval, rounded as the
   models round, and the primary suppression flag (fewer than 10 responses).

It does what the consensus models do to these rows and nothing the pipeline does beyond them:
no per-cell checks, no respondent key, no duplicate collapsing (the generated export has no
duplicate submission), no complementary suppression, no quarantine. The reference tables it
joins (`raw.ref_wards`, `raw.ref_reporting_periods`) are written before it is timed, as they
are for the pipeline.
"""

from __future__ import annotations

import csv
from pathlib import Path

MIN_CELL = 10
Z = 1.96
CELLS_TABLE = "floor_consensus_cells"
MART_TABLE = "floor_consensus"
EXPORT_TABLE = "floor_export"

# The scale's words, folded as the SQL below folds them (lower case, no marks, đ -> d, one space).
SCALE_WORDS = {
    "hoan toan khong dong y": 1,
    "rat khong dong y": 1,
    "khong dong y": 2,
    "phan van": 3,
    "binh thuong": 3,
    "trung lap": 3,
    "dong y": 4,
    "hoan toan dong y": 5,
    "rat dong y": 5,
}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _questionnaire(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_sql(export: Path, questionnaire: Path) -> str:
    """Stage 1: the export into a table, every column's type given."""
    with export.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    roles = {row["column"]: row["role"] for row in _questionnaire(questionnaire)}
    types = ", ".join(
        f"{_quote(h)}: {_quote('TIMESTAMP' if roles.get(h) == 'timestamp' else 'VARCHAR')}" for h in header
    )
    return (
        f"create or replace table {EXPORT_TABLE} as select * from read_csv({_quote(str(export))}, "
        f"header = true, delim = ',', quote = '\"', escape = '\"', auto_detect = false, "
        f"columns = {{{types}}}, timestampformat = '%d/%m/%Y %H:%M:%S')"
    )


def _wilson(successes: str, n: str) -> tuple[str, str]:
    p = f"(cast({successes} as double) / {n})"
    z2 = f"({Z} * {Z})"
    centre = f"({p} + {z2} / (2.0 * {n}))"
    margin = f"({Z} * sqrt({p} * (1 - {p}) / {n} + {z2} / (4.0 * {n} * {n})))"
    denominator = f"(1 + {z2} / {n})"
    return (
        f"greatest(0.0, ({centre} - {margin}) / {denominator})",
        f"least(1.0, ({centre} + {margin}) / {denominator})",
    )


def aggregate_sql(questionnaire: Path) -> str:
    """Stage 2: answers, scores, task scores per response, and the consensus cells, in one script."""
    rows = _questionnaire(questionnaire)
    column = {role: next(r["column"] for r in rows if r["role"] == role) for role in ("timestamp", "group", "ward")}
    questions = [r["column"] for r in rows if r["role"] == "question"]
    words = ", ".join(f"({_quote(k)}, {v})" for k, v in SCALE_WORDS.items())
    folded = "trim(regexp_replace(strip_accents(replace(lower(answer), 'đ', 'd')), '[^a-z0-9]+', ' ', 'g'))"
    low, high = _wilson("responses_agreeing", "responses")
    return f"""
create or replace table {CELLS_TABLE} as
with questions as (
    select "column" as question, task_code, lower(reverse_coded) = 'true' as reverse_coded
    from read_csv({_quote(str(questionnaire))}, header = true, all_varchar = true)
    where role = 'question'
),
responses as (
    select
        e.rowid as response,
        p.period_key,
        coalesce(e.{_ident(column["group"])}, 'unknown') as respondent_group,
        coalesce(w.ward_code, 'unknown') as ward_code,
        {", ".join(f"e.{_ident(q)}" for q in questions)}
    from {EXPORT_TABLE} as e
    inner join raw.ref_reporting_periods as p
        on cast(e.{_ident(column["timestamp"])} as date) between p.window_start and p.window_end
    left join raw.ref_wards as w on w.ward_name = e.{_ident(column["ward"])}
),
answers as (
    unpivot responses on {", ".join(_ident(q) for q in questions)} into name question value answer
),
words(word, point) as (values {words}),
scale as (
    select d.answer, coalesce(
        try_cast(regexp_extract(d.folded, '^([1-5])( |$)', 1) as integer),
        try_cast(regexp_extract(d.folded, ' ([1-5])$', 1) as integer),
        w.point
    ) as point
    from (select answer, {folded} as folded from (select distinct answer from answers)) as d
    left join words as w on w.word = d.folded
),
task_scores as (
    select
        a.response, a.period_key, a.respondent_group, a.ward_code, q.task_code,
        count(*) as answers,
        avg(case when q.reverse_coded then 6 - s.point else s.point end) as task_score
    from answers as a
    inner join scale as s using (answer)
    inner join questions as q using (question)
    where s.point is not null and q.task_code is not null
    group by all
),
cells as (
    select
        task_code,
        period_key,
        case when grouping(respondent_group) = 1 then 'all' else respondent_group end as respondent_group,
        case when grouping(ward_code) = 1 then 'all' else ward_code end as ward_code,
        count(*) as responses,
        cast(sum(answers) as bigint) as answers,
        count(*) filter (where task_score >= 4) as responses_agreeing,
        avg(task_score) as mean_score
    from task_scores
    group by grouping sets (
        (task_code, period_key, respondent_group, ward_code),
        (task_code, period_key, respondent_group),
        (task_code, period_key, ward_code),
        (task_code, period_key)
    )
)
select
    task_code, period_key, respondent_group, ward_code, responses, answers, responses_agreeing,
    round(mean_score, 4) as mean_score,
    round(responses_agreeing / responses, 4) as share_agreeing,
    round({low}, 4) as share_agreeing_ci_low,
    round({high}, 4) as share_agreeing_ci_high,
    responses < {MIN_CELL} as below_min_cell
from cells;

create or replace table {MART_TABLE} as
select
    task_code, period_key, respondent_group, ward_code,
    case when not below_min_cell then responses end as responses,
    case when not below_min_cell then answers end as answers,
    case when not below_min_cell then mean_score end as mean_score,
    case when not below_min_cell then share_agreeing end as share_agreeing,
    case when not below_min_cell then share_agreeing_ci_low end as share_agreeing_ci_low,
    case when not below_min_cell then share_agreeing_ci_high end as share_agreeing_ci_high,
    below_min_cell as suppressed
from {CELLS_TABLE};
"""
