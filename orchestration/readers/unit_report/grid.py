"""A sheet as a grid of cleaned text, and where its header row is.

Workbooks are small (tens of rows) and there are thousands per quarter, so a polars frame per
sheet costs more than the work it would do: a sheet is read once, eagerly, into Python lists
column by column, and its cells are cleaned by `domain/text.clean_text`. Header rows are matched
against a layout (canonical column -> aliases) as `formats/excel.find_header` matches them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import fastexcel

from orchestration.domain.text import clean_text, fold_key
from orchestration.formats.excel import Header, WorkbookError, load_sheet_rows, repeated_columns

# A cached `fold_key`: header labels and sheet names repeat across the workbooks of a template.
fold = lru_cache(maxsize=65536)(fold_key)

Rows = list[tuple[str | None, ...]]


def sheets_by_key(reader: fastexcel.ExcelReader) -> dict[str, str]:
    """Folded sheet name (no spaces) -> sheet name, as `excel.find_sheet` compares them, built once."""
    names: dict[str, str] = {}
    for sheet in reader.sheet_names:
        names.setdefault((fold(sheet) or "").replace(" ", ""), sheet)
    return names


class Grid:
    """A sheet's cleaned cells (NFC, spaces cleaned, blank = None), column by column: the loops
    over data rows read a column or two, so rows are only built for the few that need them."""

    __slots__ = ("columns", "height", "_rows")

    def __init__(self, columns: list[list[str | None]]):
        self.columns = columns
        self.height = len(columns[0]) if columns else 0
        self._rows: Rows | None = None

    def row(self, index: int) -> tuple[str | None, ...]:
        return tuple([column[index] for column in self.columns])

    @property
    def rows(self) -> Rows:
        if self._rows is None:
            self._rows = list(zip(*self.columns))
        return self._rows

    def filled_cells(self, start: int = 0) -> int:
        """Cells holding something at or below grid row `start`."""
        if start >= self.height:
            return 0
        return sum(self.height - start - column[start:].count(None) for column in self.columns)


def load_grid(reader: fastexcel.ExcelReader, sheet: str) -> Grid:
    """The sheet as a grid of cleaned text; grid row i is Excel row i + 1.

    `skip_rows=0` keeps leading blank rows, which calamine would otherwise drop, so that row
    numbers in rejects are the ones a person sees in Excel.
    """
    batch = load_sheet_rows(reader, sheet, eager=True)  # trailing blank rows trimmed, rows bounded
    try:
        columns = [column.to_pylist() for column in batch.columns]
    except Exception as exc:
        raise WorkbookError(f"sheet {sheet!r} cannot be read ({type(exc).__name__})") from None
    return Grid([[clean_text(value) for value in column] for column in columns])


@dataclass(frozen=True, eq=False)  # hashed by identity: layouts are module constants
class Layout:
    """What a sheet's header may say: canonical column -> folded aliases, required columns."""

    columns: dict[str, tuple[str, ...]]
    required: frozenset[str]

    @staticmethod
    def of(columns: dict[str, list[str]], required: set[str]) -> Layout:
        folded = {c: tuple(k for k in (fold_key(a) for a in aliases) if k) for c, aliases in columns.items()}
        return Layout(folded, frozenset(required))


@lru_cache(maxsize=4096)
def _match_header_row(row: tuple[str | None, ...], layout: Layout, skip: frozenset[str]) -> tuple[dict, dict, list]:
    """Canonical column -> position and label, as `excel.find_header` matches them (exact, then prefix).

    Cached: most workbooks come from one template, so their header rows are the same tuple.
    Callers must not mutate the returned dicts.
    """
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    unknown: list[str] = []
    for position, cell in enumerate(row):
        key = fold(cell)
        if key is None:
            continue
        taken = positions.keys() | skip
        match = next((c for c, al in layout.columns.items() if c not in taken and key in al), None) or next(
            (c for c, al in layout.columns.items() if c not in taken and any(key.startswith(a) for a in al)),
            None,
        )
        if match is None:
            unknown.append(cell)
            continue
        positions[match] = position
        labels[match] = cell
    return positions, labels, unknown


def locate_header(grid: Grid, layout: Layout) -> Header | None:
    """The first of the first 10 rows holding every required column (as `excel.find_header`).

    The aliases are folded once per layout rather than per call, which matters at thousands of
    workbooks. A two-row header (a merged group cell above 'Lượt tiếp cận | Lượt tương tác')
    puts some labels one row lower; they are taken when that row holds no required column's data.
    """
    for index in range(min(10, grid.height)):
        positions, labels, unknown = _match_header_row(grid.row(index), layout, frozenset())
        if not layout.required <= positions.keys():
            continue
        repeated = repeated_columns([fold(c) for c in grid.row(index)], positions)
        positions, labels = dict(positions), dict(labels)
        below = index + 1
        if below < grid.height and all(grid.columns[positions[r]][below] is None for r in layout.required):
            extra, extra_labels, _ = _match_header_row(
                tuple(None if i in positions.values() else c for i, c in enumerate(grid.row(below))),
                layout,
                frozenset(positions),
            )
            if extra:
                positions.update(extra)
                labels.update(extra_labels)
                index = below
        return Header(index, {c: f"c{p}" for c, p in positions.items()}, labels, list(unknown), repeated)
    return None
