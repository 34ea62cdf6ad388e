"""Excel's error values (#REF!, #DIV/0!, ...): recognised wherever a cell is read, and named in the reason.

A formula that failed leaves an error value in its cell instead of a figure. calamine hands
such a cell to us as a null with a cell error beside it (`fastexcel.CellErrors`), which would
read as a blank (a quantity of 1, an empty date); a person who pasted values, or a CSV export,
leaves the same words as text. Either way the cell holds no value, and the parsers say which
error it was and what it means, so the sender can correct the formula.
"""

from __future__ import annotations

import re

# Each error value Excel writes, with what it means for the person who sees it.
EXCEL_ERRORS: dict[str, str] = {
    "#NULL!": "two ranges that do not intersect",
    "#DIV/0!": "a division by zero",
    "#VALUE!": "a formula given the wrong kind of value",
    "#REF!": "a reference to cells that were deleted",
    "#NAME?": "an unknown function or name in a formula",
    "#NUM!": "a number a formula cannot compute",
    "#N/A": "a lookup that found nothing",
    "#GETTING_DATA": "data still loading when the file was saved",
    "#SPILL!": "a formula whose results have no room to spill into",
    "#CALC!": "a formula Excel could not calculate",
    "#FIELD!": "a linked data type field that does not exist",
    "#BLOCKED!": "a data source that Excel was not allowed to reach",
    "#CONNECT!": "a data source that could not be reached",
    "#BUSY!": "a formula still being calculated when the file was saved",
    "#UNKNOWN!": "a value this version of Excel does not know",
}
_BY_KEY = {token.upper(): token for token in EXCEL_ERRORS}

# How calamine names the error types it reads (its `CellErrorType`), in fastexcel's cell errors.
_CALAMINE_NAMES = {
    "Div0": "#DIV/0!",
    "NA": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "GettingData": "#GETTING_DATA",
}
_CALAMINE_ERROR = re.compile(r"Error\((\w+)\)")
_UNSUPPORTED = re.compile(r"Unsupported cell error value '([^']{1,40})'")


def excel_error(value: object) -> str | None:
    """The Excel error value a cell's text is ('#REF!', '#N/A' ...), else None."""
    if not isinstance(value, str) or "#" not in value[:2]:
        return None
    return _BY_KEY.get(value.strip().upper())


def error_reason(token: str) -> str:
    """Why a cell holding `token` is refused, in words the sender can act on."""
    meaning = EXCEL_ERRORS.get(token, "a formula that failed")
    return (
        f"the cell holds the Excel error {token} ({meaning}), not a value: "
        "correct the formula or type the figure, and send the file again"
    )


def calamine_error_token(detail: str) -> str | None:
    """The error value a fastexcel cell error names ("... got 'Error(Ref)'" -> '#REF!'), else None."""
    match = _CALAMINE_ERROR.search(detail)
    return _CALAMINE_NAMES.get(match[1]) if match else None


def unreadable_error_token(message: str) -> str | None:
    """The error value calamine could not read, which stops the whole sheet ('#SPILL!'), else None."""
    match = _UNSUPPORTED.search(message)
    return match[1] if match else None
