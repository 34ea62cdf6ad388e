"""One survey export read through its questionnaire, record by record: each response loaded or
rejected, its answers coded, and a note for every value or column that is not kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polars as pl

from orchestration.domain.dates import DateFormatError, parse_datetime, to_hcm
from orchestration.domain.periods import FIRST_PERIOD, LAST_PERIOD, period_for_date
from orchestration.domain.personal_data import redact
from orchestration.domain.text import clean_text
from orchestration.domain.unit_matching import resolve_ward
from orchestration.formats.csv_files import check_csv_file, file_records
from orchestration.readers.quarantine import Reject
from orchestration.readers.survey.questionnaire import FAMILY, Questionnaire, QuestionnaireError
from orchestration.readers.survey.respondents import normalise_personal, personal_kind, salted_key
from orchestration.readers.survey.scales import GROUPS, respondent_group
from orchestration.readers.survey.tables import SURVEY_RESPONSES_SCHEMA, VALUE_DROPPED, AnswerCoder, clean_answer

_respondent_group_cached = lru_cache(maxsize=4096)(respondent_group)
# Responses of an export fall on a few hundred days: each day's window is looked up once.
_period_of_day = lru_cache(maxsize=4096)(period_for_date)


@dataclass
class ExportOutcome:
    """What one export gives: its rows of the three survey tables, its notes and its counts."""

    # survey_responses, column by column while the records are read (a dict per response
    # would cost far more), then as one frame.
    responses: dict[str, list[object]] = field(default_factory=lambda: {c: [] for c in SURVEY_RESPONSES_SCHEMA})
    response_frame: pl.DataFrame | None = None
    answer_texts: pl.DataFrame | None = None
    questions: pl.DataFrame | None = None
    rejects: list[Reject] = field(default_factory=list)
    read: int = 0
    loaded: int = 0
    rejected: int = 0


def read_export(path: Path, source_file: str, questionnaire: Questionnaire, salt: str) -> ExportOutcome:
    """Record by record with Python's csv module, so that every CSV it reads is read (a quoted
    value spanning lines, a lone carriage return); raises CsvFileError / QuestionnaireError for
    a file refused whole."""
    out = ExportOutcome()
    survey_id = path.stem
    # Refuses an empty, UTF-16, binary or non-UTF-8 file before any record is kept; the records
    # are then read from the file one at a time.
    check_csv_file(path)
    records = file_records(path)
    headers = [clean_text(h) for h in next(records)[1]]

    def note(column: str, reason: str, row: int | None = None, raw: object = None, period: str | None = None) -> Reject:
        return Reject(
            FAMILY,
            source_file,
            reason,
            source_row=row,
            source_column=column,
            raw_value=redact(raw),
            period_key=period,
            action=VALUE_DROPPED,
        )

    position: dict[str, int] = {}
    for index, header in enumerate(headers):
        if header is None:
            body = file_records(path)
            next(body)
            if any(clean_text(cells[index]) for _, cells in body if index < len(cells)):
                out.rejects.append(
                    note(
                        f"(column {index + 1}, no header)",
                        "column not in the questionnaire: it has no header; its values are ignored",
                    )
                )
            continue
        if header in position:
            raise QuestionnaireError(
                f"two columns of the export are headed {header!r}: the questionnaire cannot tell them apart"
            )
        position[header] = index
        if header not in questionnaire.roles:
            out.rejects.append(note(header, "column not in the questionnaire; its values are ignored"))
    for column, role in questionnaire.roles.items():
        if column not in position:
            if role == "timestamp":
                raise QuestionnaireError(
                    f"the timestamp column {column!r} named by the questionnaire is not in the export"
                )
            out.rejects.append(
                note(column, f"listed in the questionnaire (role {role}) but not a column of the export")
            )

    timestamp_col = questionnaire.columns("timestamp")[0]
    group_col = next((c for c in questionnaire.columns("group") if c in position), None)
    ward_col = next((c for c in questionnaire.columns("ward") if c in position), None)
    personal_cols = [c for c in questionnaire.columns("personal") if c in position]
    questions = [q for q in questionnaire.questions if q.column in position]
    width = len(headers)
    timestamp_index = position[timestamp_col]
    group_index = position[group_col] if group_col is not None else None
    ward_index = position[ward_col] if ward_col is not None else None
    personal_indexes = [position[c] for c in personal_cols]
    coder = AnswerCoder(survey_id, source_file, questions, [position[q.column] for q in questions])
    row_rejects: list[tuple[int, int, Reject]] = []

    # `respondent_key`, with the headers classified and ordered once per file. Names repeat,
    # so their folded form is remembered for this file only (personal data is not kept in a
    # module-level cache).
    kind_order = {"name": 0, "phone": 1, "email": 2, "other": 3}
    kinds = [personal_kind(c) for c in personal_cols]
    key_plan = [
        (kinds[i], personal_indexes[i]) for i in sorted(range(len(kinds)), key=lambda i: (kind_order[kinds[i]], i))
    ]
    names: dict[object, str] = {}

    def key_of(cells: list[str], n: int) -> str | None:
        values = []
        for kind, index in key_plan:
            value = cells[index] if index < n else None
            if kind == "name":
                folded = names.get(value)
                if folded is None:
                    if len(names) > 100_000:
                        names.clear()
                    folded = names[value] = normalise_personal(kind, value)
                values.append(folded)
            else:
                values.append(normalise_personal(kind, value))
        return salted_key(salt, values)

    group_reason = (
        f"unknown respondent group; expected one of {', '.join(GROUPS)}; the response is loaded without a group"
    )

    columns = out.responses
    add_row_number = columns["source_row"].append
    add_key = columns["respondent_key"].append
    add_submitted = columns["submitted_at"].append
    add_group = columns["respondent_group"].append
    add_ward = columns["ward_code"].append
    add_unresolved = columns["ward_raw_unresolved"].append
    add_period = columns["period_key"].append

    for line, cells in records:
        if not any(clean_text(c) for c in cells):
            continue
        out.read += 1
        n = len(cells)

        extra = [c for c in cells[width:] if clean_text(c)]
        stamp_raw = clean_text(cells[timestamp_index] if timestamp_index < n else None)
        reason, period, submitted = None, None, None
        if extra:
            reason = f"the row has {len(cells)} cells with values beyond the {width} columns of the header"
        else:
            try:
                parsed = parse_datetime(stamp_raw)
                if parsed is None:
                    reason = "the timestamp is empty"
                else:
                    submitted = to_hcm(parsed)
                    # Hanoi time already: the period of the day is the period of the moment.
                    period = _period_of_day(submitted.date())
                    if period is None:
                        reason = (
                            f"submitted on {submitted:%d/%m/%Y}, outside every reporting window "
                            f"({FIRST_PERIOD} to {LAST_PERIOD})"
                        )
            except DateFormatError as exc:
                reason = f"the timestamp is not a date and time: {exc}"
        if reason is not None:
            out.rejected += 1
            row_rejects.append(
                (
                    line,
                    0,
                    Reject(
                        FAMILY,
                        source_file,
                        reason,
                        source_row=line,
                        source_column=timestamp_col,
                        raw_value=None if extra else redact(stamp_raw),
                    ),
                )
            )
            continue

        group = None
        if (
            group_index is not None
            and (group_raw := clean_answer(cells[group_index] if group_index < n else None)) is not None
        ):
            group = _respondent_group_cached(group_raw)
            if group is None:
                row_rejects.append((line, 0, note(group_col, group_reason, line, group_raw, period.key)))
        ward_code = ward_unresolved = None
        if (
            ward_index is not None
            and (ward_raw := clean_answer(cells[ward_index] if ward_index < n else None)) is not None
        ):
            match = resolve_ward(ward_raw)
            if match is None:
                ward_unresolved = redact(ward_raw)
            else:
                ward_code = match.unit_code
        out.loaded += 1
        add_row_number(line)
        add_key(key_of(cells, n))
        add_submitted(submitted)
        add_group(group)
        add_ward(ward_code)
        add_unresolved(ward_unresolved)
        add_period(period.key)
        coder.add(line, period.key, cells)
    coder.code_lists.append(coder.flush())
    out.answer_texts = coder.texts_frame()
    out.questions = coder.questions_frame()
    columns["answer_codes"] = pl.concat(coder.code_lists)
    columns["survey_id"] = [survey_id] * out.loaded
    columns["source_file"] = [source_file] * out.loaded
    columns["response_id"] = [f"{survey_id}:{line}" for line in columns["source_row"]]
    out.response_frame = pl.DataFrame(columns, schema=SURVEY_RESPONSES_SCHEMA)
    # Notes in the order of the file: a row's reject or group note before its answer notes,
    # which follow in question order.
    merged = row_rejects + coder.answer_rejects
    merged.sort(key=lambda item: (item[0], item[1]))
    out.rejects += [r for _, _, r in merged]
    return out
