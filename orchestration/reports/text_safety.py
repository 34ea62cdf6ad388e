"""Text from the marts made safe for every output before a writer sees it.

Units write their reports in Excel, where Word's Shift+Enter arrives as a vertical tab (stored
as `_x000B_` in the file) and other control characters can ride along. XML 1.0, which DOCX and
XLSX are made of, cannot hold them, and python-docx raises on them: one cell would stop the
reports. Line-like controls become a newline, the others are dropped, and so are the
non-characters U+FFFE and U+FFFF. A literal `_x000B_` left in the text (a file read as raw XML)
is decoded the same way, so that nobody reads the escape.
"""

from __future__ import annotations

import re

_LINE_BREAKS = re.compile(r"[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|_x000[bBcC]_")
_ESCAPED_CONTROL = re.compile(r"_x00[01][0-9a-fA-F]_")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def safe_text(text: str) -> str:
    """The text with line-like control characters as newlines and other controls removed."""
    if text.isprintable() and "_x" not in text:
        return text
    text = _LINE_BREAKS.sub("\n", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPED_CONTROL.sub(
        lambda m: "\t" if m.group().lower() == "_x0009_" else "\n" if m.group().lower() == "_x000a_" else "", text
    )
    return _CONTROL.sub("", text)


def safe_value(value: object) -> object:
    return safe_text(value) if isinstance(value, str) else value
