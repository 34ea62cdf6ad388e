"""Phone numbers and e-mail addresses in free text, in the forms people really type them.

One detector, used by every reader that keeps text people typed (redaction at the edge), by the
quarantine (a raw value is redacted before it is stored) and by the privacy check's scan of the
warehouse and the reports (orchestration.privacy), so that what the check looks for is
exactly what the readers remove.

Detection runs on a copy of the text in which look-alike characters are folded (full-width and
other Unicode decimal digits to 0-9, every dash and minus sign to '-', every space to ' ',
NFKC for single characters such as '（', '＋', '＠', format characters such as zero-width spaces
and soft hyphens removed); redaction replaces the matching span of the original text.

Phone numbers. A run of digit groups separated by one space, or by '.', '-', '/', '(' or ')'
with a space either side, is cut into numbers, longest first, each:
- a Vietnamese mobile: 0, 84, +84, 0084 or "+84 (0)" then 9 digits starting 3, 5, 7, 8 or 9
  (every range of the five networks, assigned or not: a number the library does not know yet is
  still someone's number);
- a Vietnamese landline: the same prefixes then 10 digits starting 2, valid for Viet Nam by
  `phonenumbers` (its metadata knows which area codes exist and how long their numbers are,
  which a pattern cannot: 11-digit runs starting 02 are otherwise ordinary codes);
- a foreign number written with '+' or 00, valid by `phonenumbers`.
So several numbers in a row ("0912 345 678,0987654321", "0912345678/0987654321") are each
found. Not phones: a run inside a word or an id (a letter, digit or '_' before it, except
labels such as "SĐT", "ĐT", "Tel", "Zalo" glued to the number, or after it), a date and what
follows it ("08/09/2025 10:00" is not 0809202510), a grouped amount such as "84.903.123.456",
hotlines (1800, 1900: public), numbers without a prefix (amounts, ward codes, years, counts).

E-mail addresses: a local part of letters (any script), digits and . _ + -, '@' (or '＠'),
a domain of labels in any script and a top-level domain of letters or punycode.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

# The one text that replaces personal data in every table and quarantine row.
REDACTED = "[đã ẩn]"

# ---------------------------------------------------------------- the detection copy

_MINUS_SIGNS = {0x2212, 0x2043, 0x02D7, 0x2796}  # minus sign, hyphen bullet, modifier minus, heavy minus
# Every character NFKC turns into '+' or '@' (the scan's SQL filter lists them: it has no NFKC).
PLUS_SIGNS = "+\u207a\u208a\ufb29\ufe62\uff0b"
AT_SIGNS = "@\ufe6b\uff20"


class _Fold(dict):
    """str.translate table filled on first sight of each character (Unicode is too big to
    build ahead): every entry maps one character to one or none, so offsets only shift where
    format characters are removed."""

    def __missing__(self, code: int) -> object:
        char = chr(code)
        category = unicodedata.category(char)
        if category == "Nd":
            value: object = str(unicodedata.decimal(char))
        elif category == "Cf":
            value = ""  # zero-width space, joiners, soft hyphen, byte order mark, direction marks
        elif category == "Zs" or char == "\t":
            value = " "
        elif category == "Pd" or code in _MINUS_SIGNS:
            value = "-"
        else:
            folded = unicodedata.normalize("NFKC", char)
            # Only Nd counts as a digit: superscripts and circled numbers are not phone numbers.
            value = folded if len(folded) == 1 and folded != char and not folded.isdigit() else code
        self[code] = value
        return value


_FOLD = _Fold({code: code for code in range(128)})
_FOLD[ord("\t")] = " "
# Text made only of characters the folding leaves as they are (ASCII but the tab, and the Latin
# letters and combining marks Vietnamese is written with) is its own copy: str.translate through
# the table costs ten times a scan of the text, and nearly every cell is such text.
_UNCHANGED = re.compile(
    "[\\x00-\\x08\\x0a-\\x7f"
    + "".join(
        re.escape(chr(code))
        for first, last in ((0x00C0, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF))
        for code in range(first, last + 1)
        if _FOLD[code] == code
    )
    + "]*"
)


class Offsets:
    """Offset in the original text of each character of the copy, kept as the positions of the
    few removed characters (a list of every offset would cost tens of bytes per character)."""

    def __init__(self, text: str):
        removed_chars = "".join(re.escape(c) for c in set(text) if _FOLD[ord(c)] == "")
        removed = [m.start() for m in re.finditer(f"[{removed_chars}]", text)]
        # Where the j-th removed character would sit in the copy: characters of the copy at or
        # after it are shifted by one more.
        self._in_copy = [r - j for j, r in enumerate(removed)]

    def __getitem__(self, index: int) -> int:
        return index + bisect_right(self._in_copy, index)


def detection_copy(text: str) -> tuple[str, Offsets | None]:
    """The folded copy of `text` and, when characters were removed, the offset in `text` of
    each character of the copy (None: the offsets are the same)."""
    if _UNCHANGED.fullmatch(text):
        return text, None
    folded = text.translate(_FOLD)
    if len(folded) == len(text):
        return folded, None
    return folded, Offsets(text)


# ---------------------------------------------------------------- phone numbers

_SEPARATOR = r"(?:(?: ?[-./()] ?){1,2}| )"  # one space, or one or two of - . / ( ) with a space either side
# Starts with a digit, so that the regex engine skips text without one quickly; an opening
# bracket or a plus sign before the run is looked for by hand (`_run_start`).
_RUN = re.compile(rf"[0-9]+(?:{_SEPARATOR}[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
# Where runs can be: a digit and 7 more characters a run is made of. A plain character-class
# loop, so the engine passes over text without one at C speed and `_RUN` is tried only there.
_AREA = re.compile(r"[0-9][-0-9 ./()]{7,}")
_MAX_GROUPS = 8  # "+84 (0) 28 38 29 12 34": no number is written in more groups
_MAX_DIGITS = 15  # the longest number the numbering plan allows (E.164)
_MOBILE_FIRST = frozenset("35789")
# Words glued to a number ("SĐT0912345678") that do not make it part of a word; lower case.
PHONE_LABELS = frozenset({"dt", "đt", "sdt", "sđt", "dtdd", "đtdđ", "tel", "zalo", "phone", "mobile", "hotline", "lh"})
_PERSONAL_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
        phonenumbers.PhoneNumberType.VOIP,
        phonenumbers.PhoneNumberType.PAGER,
    }
)


def _valid(number: str) -> bool:
    """`number` in E.164 form ("+84...") is a valid number a person can have, by phonenumbers."""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in _PERSONAL_TYPES


# Viet Nam's fixed-line numbers as phonenumbers' own metadata describes them (its public
# PhoneMetadata API). A 10-digit national number starting with 2 is a number a person can have
# only as a fixed line (mobiles and VoIP have 9 digits, the other types start with 1, 6 or 7),
# so one that does not match this pattern is invalid whatever `_valid` would say: the pattern
# spares the parse of most such runs (ids, codes); a match is still judged by `_valid`.
_VN_FIXED_LINE = re.compile(phonenumbers.PhoneMetadata.metadata_for_region("VN").fixed_line.national_number_pattern)


def _vietnamese(national: str) -> bool:
    """The national significant number (no 0, no 84) of a mobile or a landline."""
    if len(national) == 9 and national[0] in _MOBILE_FIRST:
        return True
    return (
        len(national) == 10
        and national[0] == "2"
        and _VN_FIXED_LINE.fullmatch(national) is not None
        and _valid("+84" + national)
    )


def vietnamese_national(digits: str) -> str | None:
    """The national significant number of digits written after Viet Nam's country code 84
    (with the trunk 0 some keep: "+84 (0) 912 ..."), or None when they do not start so."""
    if digits.startswith("84") and len(digits) >= 11:
        national = digits[2:]
        if len(national) in (10, 11) and national[0] == "0":
            national = national[1:]
        return national
    return None


@lru_cache(maxsize=65536)
def is_phone(digits: str, international: bool) -> bool:
    """The digits of a candidate are a phone number; `international`: written after a '+'."""
    if digits.startswith("00"):
        digits, international = digits[2:], True
    national = vietnamese_national(digits)
    if national is not None and _vietnamese(national):
        return True
    if international:
        return 8 <= len(digits) <= _MAX_DIGITS and not digits.startswith("84") and _valid("+" + digits)
    return digits[0] == "0" and _vietnamese(digits[1:])


def _is_date(groups: list[str], separators: list[str], i: int) -> bool:
    """Groups i, i+1, i+2 read as a day, a month and a year with one separator ("08/09/2025")."""
    if i + 2 >= len(groups):
        return False
    day, month, year = groups[i : i + 3]
    sep = separators[i]
    return (
        sep in ("/", "-", ".")
        and separators[i + 1] == sep
        and len(day) <= 2
        and len(month) <= 2
        and len(year) in (2, 4)
        and 1 <= int(day) <= 31
        and 1 <= int(month) <= 12
    )


def _amount(groups: list[str], separators: list[str]) -> bool:
    """A number grouped in thousands by dots ("84.903.123.456"): an amount, not 84 and a phone."""
    return len(groups[0]) <= 3 and all(s == "." for s in separators) and all(len(g) == 3 for g in groups[1:])


def _word_before(text: str, start: int) -> str:
    end = start
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:end]


def _before(copy: str, at: int, mark: str) -> int:
    """`at` moved back over `mark` (or `mark` and a space) right before it."""
    if at >= 1 and copy[at - 1] == mark:
        return at - 1
    if at >= 2 and copy[at - 1] == " " and copy[at - 2] == mark:
        return at - 2
    return at


def _phone_spans(copy: str, original: str, offsets: Offsets | None) -> list[tuple[int, int]]:
    """(start, end) in `copy` of every phone number."""
    spans = []
    for run in (r for area in _AREA.finditer(copy) for r in _RUN.finditer(copy, *area.span())):
        digits_start, run_end = run.span()
        if run_end - digits_start < 8:  # the shortest number this finds has 8 digits
            continue
        base = _before(copy, _before(copy, digits_start, "+"), "(")  # "(+84) ...", "(0912) ..."
        international = "+" in copy[base:digits_start]
        groups = _GROUP.findall(copy, digits_start, run_end)
        # Cheap tests first (most runs are dates, amounts and ids): a number written without a
        # plus sign has at least 10 digits and starts with 0 or 84 at one of the groups.
        if not international and (sum(map(len, groups)) < 10 or not any(g[0] in "08" for g in groups)):
            continue
        if copy.startswith(")", run_end):
            run_end += 1
        elif copy.startswith(" )", run_end):
            run_end += 2
        found = [m.span() for m in _GROUP.finditer(copy, digits_start, run_end)]
        separators = [copy[found[k][1] : found[k + 1][0]].strip() for k in range(len(found) - 1)]
        separators.append("")
        # What comes before is read in the original text, as the scan's SQL filter reads it: a
        # removed zero-width space still separates, a full-width letter is still a letter.
        at = offsets[base] if offsets is not None else base
        before = original[at - 1] if at else ""
        if before.isalpha():
            run_starts_token = _word_before(original, at).lower() in PHONE_LABELS  # "SĐT0912..."
        else:
            run_starts_token = not (before.isalnum() or before == "_")
        after = copy[run_end] if run_end < len(copy) else ""
        run_ends_token = not (after.isalnum() or after == "_")
        i, previous_end = 0, -1
        while i < len(groups):
            starts = run_starts_token if i == 0 else (separators[i - 1] != "." or previous_end == i - 1)
            best = None
            if starts and not _is_date(groups, separators, i):
                digits = ""
                for j in range(i, min(len(groups), i + _MAX_GROUPS)):
                    digits += groups[j]
                    if len(digits) > _MAX_DIGITS:
                        break
                    if j == len(groups) - 1 and not run_ends_token:
                        break
                    inside = separators[i:j]
                    # A date and more ("08/09/2025 10:00") is never one number; "0912/345/678",
                    # "+84 912/345/678" and "(028) 3829/1234" are.
                    grouping = inside[1:] if groups[i] in ("84", "0084") or (international and i == 0) else inside
                    if "/" in grouping and any(s != "/" for s in grouping if "(" not in s and ")" not in s):
                        break
                    if (
                        digits.startswith("84")
                        and not (international and i == 0)
                        and _amount(groups[i : j + 1], inside)
                    ):
                        continue
                    if is_phone(digits, international and i == 0):
                        best = j
            if best is None:
                i += 1
                continue
            start = base if i == 0 else found[i][0]
            end = found[best][1]
            if best == len(groups) - 1 and copy.count("(", start, end) > copy.count(")", start, end):
                end = run_end  # the bracket closing "(0912) 345 678" or "(+84 ...)"
            spans.append((start, end))
            previous_end, i = best, best + 1
    return spans


# ---------------------------------------------------------------- e-mail addresses

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+ ?@ ?"
    r"[^\W_][\w-]*(?:\.[^\W_][\w-]*)*\.(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)(?![\w-])",
    re.IGNORECASE,
)

# ---------------------------------------------------------------- finding and redacting


@dataclass(frozen=True)
class Found:
    kind: str  # phone | email
    start: int  # offsets in the original text
    end: int

    def text(self, original: str) -> str:
        return original[self.start : self.end]


def find(text: str | None) -> list[Found]:
    """Every phone number and e-mail address in `text`, in order, none overlapping."""
    if not text:
        return []
    copy, offsets = detection_copy(text)
    has_at = "@" in copy
    # Every phone number lies in an `_AREA` span: text with neither that nor an '@' holds
    # nothing, and most text is such text.
    if not has_at and _AREA.search(copy) is None:
        return []
    emails = [(m.start(), m.end()) for m in _EMAIL.finditer(copy)] if has_at else []
    phones = [
        (a, b)
        for a, b in _phone_spans(copy, text, offsets)
        if not any(a < e_end and e_start < b for e_start, e_end in emails)  # digits of an address
    ]
    spans = sorted([("email", a, b) for a, b in emails] + [("phone", a, b) for a, b in phones], key=lambda s: s[1])
    if offsets is None:
        return [Found(kind, a, b) for kind, a, b in spans]
    return [Found(kind, offsets[a], offsets[b - 1] + 1) for kind, a, b in spans]


def redact(text: str | None) -> str | None:
    """`text` with every phone number and e-mail address replaced by REDACTED."""
    if not text:
        return text
    found = find(text)
    if not found:
        return text
    pieces, last = [], 0
    for item in found:
        pieces += [text[last : item.start], REDACTED]
        last = item.end
    pieces.append(text[last:])
    return "".join(pieces)


__all__ = ["REDACTED", "Found", "PHONE_LABELS", "detection_copy", "find", "is_phone", "redact"]
