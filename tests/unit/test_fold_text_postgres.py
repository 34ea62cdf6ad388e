"""fold_text on PostgreSQL (macros/fold_text.sql) folds every accented Latin letter as DuckDB's strip_accents does.

DuckDB's variant lowercases and strips marks; the portable variant translates each accented letter
through a table. The table is read from the macro file and checked here letter by letter against
DuckDB itself, so the two warehouses match the same Vietnamese spellings.
"""

from __future__ import annotations

import re

import duckdb

from orchestration.domain.reference import PROJECT_ROOT

MACRO = PROJECT_ROOT / "dbt_project" / "macros" / "fold_text.sql"
VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"


def _table(macro_name: str) -> str:
    body = re.search(r"{% macro " + macro_name + r"\(\) -%}(.*?){%- endmacro %}", MACRO.read_text(), re.S).group(1)
    return "".join(re.findall(r"'([^']*)'", body))


def _duckdb_fold(letters: str) -> list[str]:
    con = duckdb.connect()
    # The DuckDB variant's own steps: đ/Đ replaced, lowercased, marks stripped.
    return [
        r[0]
        for r in con.execute(
            "select strip_accents(lower(replace(replace(c, 'đ', 'd'), 'Đ', 'D'))) from unnest(?::varchar[]) with ordinality as t(c, i) order by i",
            [list(letters)],
        ).fetchall()
    ]


def test_the_table_pairs_each_letter_with_one_plain_letter():
    accented, plain = _table("fold_text_accented"), _table("fold_text_plain")
    assert len(accented) == len(plain) == 490
    assert len(set(accented)) == len(accented)
    assert set(plain) <= set("abcdefghijklmnopqrstuvwxyz")


def test_every_letter_folds_as_duckdb_folds_it():
    accented, plain = _table("fold_text_accented"), _table("fold_text_plain")
    assert _duckdb_fold(accented) == list(plain)


def test_every_vietnamese_letter_in_both_cases_is_in_the_table():
    accented = _table("fold_text_accented")
    assert [c for c in VIETNAMESE + VIETNAMESE.upper() if c not in accented] == []
    plain = dict(zip(accented, _table("fold_text_plain")))
    # By hand: Đường -> duong, Ấp -> ap, Ỹ -> y, ơ -> o, ư -> u.
    assert "".join(plain.get(c, c) for c in "ĐườngẤpỸơư").lower() == "duongapyou"
