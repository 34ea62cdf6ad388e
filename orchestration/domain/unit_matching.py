"""Who a unit is: resolve the name or code a person wrote to a department, a ward or a school.

Wards are the city's 168 commune-level units (national codes, `reference.wards()`); people
write them in many ways ("P. Bến Thành", "phường bến thành", NFD text, a 5-digit code) and
sometimes by their pre-July-2025 name ("Phường 6, Quận 3"), which the `vietnamadminunits`
converter maps to today's unit. Matching is diacritic- and case-insensitive; a fuzzy match is
accepted only at or above `FUZZY_THRESHOLD` and never when two candidates tie: a wrong unit is
worse than a rejected file, which its sender can correct.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from orchestration.domain import reference
from orchestration.domain.text import clean_text, fold_key, strip_diacritics

FUZZY_THRESHOLD = 0.85

# Shortest folded name fuzzy matching is tried on: below this one typo is a large share.
_FUZZY_MIN_LENGTH = 5
# Two candidates closer than this are a tie: neither is chosen.
_TIE_MARGIN = 0.01


@dataclass(frozen=True)
class UnitMatch:
    unit_code: str
    unit_kind: str  # 'department' | 'ward' | 'school'
    unit_name: str  # official Vietnamese name, NFC
    method: str  # 'code' | 'exact_name' | 'alias' | 'legacy_ward' | 'fuzzy'
    confidence: float  # 1.0 for exact methods, similarity for fuzzy


@dataclass(frozen=True)
class Resolution:
    """The outcome of a look-up, with the reason in plain words when there is no match."""

    match: UnitMatch | None
    reason: str | None = None
    candidate: UnitMatch | None = None  # best fuzzy candidate, also when refused


# ---------------------------------------------------------------- reference indexes

# Leading words (folded) that name the kind of commune-level unit, longest first.
_TYPE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("dac khu", "Đặc khu"),
    ("phuong", "Phường"),
    ("ph", "Phường"),
    ("dk", "Đặc khu"),
    ("p", "Phường"),
    ("xa", "Xã"),
    ("x", "Xã"),
)
_PROVINCE_SUFFIXES = {
    "thanh pho ho chi minh",
    "tp ho chi minh",
    "tp hcm",
    "tphcm",
    "thanh pho hcm",
    "ho chi minh",
    "hcm",
}
_FORMER_PROVINCE_KEYS = {"thanhphohochiminh", "tinhbinhduong", "tinhbariavungtau"}
_FORMER_PROVINCE_NAMES = ("Thành phố Hồ Chí Minh", "Tỉnh Bình Dương", "Tỉnh Bà Rịa - Vũng Tàu")


@dataclass(frozen=True)
class _Ward:
    code: str
    name: str
    short: str
    kind: str  # Phường | Xã | Đặc khu
    fold_full: str
    fold_short: str
    accent_short: str


def _accent_key(text: str) -> str:
    """Lowercase NFC, punctuation to spaces, diacritics kept: tells Thạnh An from Thanh An."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return " ".join(re.sub(r"[\W_]+", " ", lowered).split())


@lru_cache(maxsize=1)
def _wards() -> tuple[_Ward, ...]:
    frame = reference.wards()
    return tuple(
        _Ward(
            code=row["ward_code"],
            name=row["ward_name"],
            short=row["ward_short_name"],
            kind=row["ward_type"],
            fold_full=fold_key(row["ward_name"]) or "",
            fold_short=fold_key(row["ward_short_name"]) or "",
            accent_short=_accent_key(row["ward_short_name"]),
        )
        for row in frame.iter_rows(named=True)
    )


@lru_cache(maxsize=1)
def _ward_by_code() -> dict[str, _Ward]:
    return {w.code: w for w in _wards()}


@lru_cache(maxsize=1)
def _wards_by_short() -> dict[str, tuple[_Ward, ...]]:
    index: dict[str, list[_Ward]] = {}
    for ward in _wards():
        index.setdefault(ward.fold_short, []).append(ward)
    return {k: tuple(v) for k, v in index.items()}


@dataclass(frozen=True)
class _Department:
    code: str
    name: str
    keys: tuple[str, ...]  # folded official name first, then aliases


@lru_cache(maxsize=1)
def _departments() -> tuple[_Department, ...]:
    out = []
    for row in reference.departments().iter_rows(named=True):
        names = [row["unit_name"], *(row.get("aliases") or "").split("|")]
        keys = tuple(dict.fromkeys(k for k in (fold_key(n) for n in names) if k))
        out.append(_Department(code=row["unit_code"].upper(), name=row["unit_name"], keys=keys))
    return tuple(out)


@lru_cache(maxsize=1)
def _department_by_key() -> dict[str, tuple[_Department, ...]]:
    index: dict[str, list[_Department]] = {}
    for dept in _departments():
        for key in dept.keys:
            index.setdefault(key, []).append(dept)
    return {k: tuple(v) for k, v in index.items()}


def _ward_match(ward: _Ward, method: str, confidence: float = 1.0) -> UnitMatch:
    return UnitMatch(ward.code, "ward", ward.name, method, confidence)


def _dept_match(dept: _Department, method: str, confidence: float = 1.0) -> UnitMatch:
    return UnitMatch(dept.code, "department", dept.name, method, confidence)


# ---------------------------------------------------------------- wards


def _split_type(folded: str) -> tuple[str | None, str]:
    """'p ben thanh' -> ('Phường', 'ben thanh'); 'ben thanh' -> (None, 'ben thanh')."""
    for prefix, kind in _TYPE_PREFIXES:
        if folded.startswith(prefix + " "):
            return kind, folded[len(prefix) + 1 :]
    return None, folded


def _has_diacritics(text: str) -> bool:
    nfc = unicodedata.normalize("NFC", text)
    return strip_diacritics(nfc) != nfc


def _strip_accent_type(accent: str) -> str:
    """The accent key without its leading type words ('phường bến thành' -> 'bến thành')."""
    words = accent.split()
    folded = [fold_key(w) or "" for w in words]
    for prefix, _kind in _TYPE_PREFIXES:
        size = len(prefix.split())
        if len(words) > size and " ".join(folded[:size]) == prefix:
            return " ".join(words[size:])
    return accent


def _exact_ward(text: str) -> Resolution | None:
    """A current ward by its name as written (full, short, abbreviated type); None if unknown."""
    folded = fold_key(text)
    if not folded:
        return None
    kind, short = _split_type(folded)
    candidates = _wards_by_short().get(short, ())
    if kind is not None:
        candidates = tuple(w for w in candidates if w.kind == kind)
    if not candidates:
        return None
    if len(candidates) > 1 and _has_diacritics(text):
        accent_short = _strip_accent_type(_accent_key(text))
        narrowed = tuple(w for w in candidates if w.accent_short == accent_short)
        if narrowed:
            candidates = narrowed
    if len(candidates) > 1:
        names = " / ".join(f"{w.name} ({w.code})" for w in candidates)
        return Resolution(None, f"{text!r} could be several units: {names}; write the full name or the code")
    ward = candidates[0]
    method = "exact_name" if folded == ward.fold_full else "alias"
    return Resolution(_ward_match(ward, method))


def _components(text: str) -> list[str]:
    """Comma-separated parts, without a trailing 'Thành phố Hồ Chí Minh' part."""
    parts = [p for p in (clean_text(x) for x in text.split(",")) if p]
    while len(parts) > 1 and (fold_key(parts[-1]) or "") in _PROVINCE_SUFFIXES:
        parts.pop()
    return parts


@lru_cache(maxsize=4096)
def _legacy_ward(text: str) -> Resolution | None:
    """A pre-July-2025 ward (with its district) mapped by vietnamadminunits; None if not legacy."""
    from vietnamadminunits import convert_address, parse_address

    try:
        old = parse_address(text, mode="LEGACY", keep_street=True, level=3)
        address = text
        written = fold_key(text) or ""
        named = old.province_key and (fold_key(old.short_province) or "~") in written
        if not named:
            # No province written: the parser may place a district name that exists in several
            # provinces ('Quận Tân Phú') elsewhere. Try the city's three former provinces in turn.
            for province in _FORMER_PROVINCE_NAMES:
                candidate = parse_address(f"{text}, {province}", mode="LEGACY", keep_street=True, level=3)
                if candidate.province_key in _FORMER_PROVINCE_KEYS and (candidate.ward_key or candidate.district_key):
                    old, address = candidate, f"{text}, {province}"
                    if candidate.ward_key:
                        break
    except Exception:  # the parser has no error contract; a failure means "not a legacy name"
        return None
    if not old.province_key or (not old.ward_key and not old.district_key):
        return None
    if old.province_key not in _FORMER_PROVINCE_KEYS:
        return Resolution(None, f"{text!r} is in {old.province}, not in Ho Chi Minh City")
    if old.street:
        # Words besides the ward, district and province would make the converter geocode them
        # over the network; a unit name never needs that.
        return None
    if not old.ward_key and old.district_key != "huyencondao":
        return None
    try:
        new = convert_address(address)
    except Exception:
        return None
    ward = _ward_by_code().get(str(new.ward_code or ""))
    if ward is None:
        return Resolution(None, f"{text!r} (a pre-2025 name) maps to no current unit of Ho Chi Minh City")
    return Resolution(_ward_match(ward, "legacy_ward"))


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _top_two(probe: str, candidates: list[tuple[str, object]]) -> list[tuple[float, object]]:
    """The two most similar candidates, best first; the cheap upper bounds of difflib skip the
    full comparison for candidates that cannot enter the top two."""
    top: list[tuple[float, object]] = []
    for key, item in candidates:
        matcher = SequenceMatcher(None, probe, key, autojunk=False)
        floor = top[1][0] if len(top) == 2 else -1.0
        if matcher.real_quick_ratio() <= floor or matcher.quick_ratio() <= floor:
            continue
        top.append((matcher.ratio(), item))
        top.sort(key=lambda s: -s[0])
        del top[2:]
    return top


def _fuzzy_ward(text: str) -> Resolution:
    """The most similar current ward by short name, of the written type when one is written.

    Short names are compared without the type word: 'phuong tan hoa' and 'phuong tan hung'
    share so much of their length that whole names would look alike when they are not.
    """
    kind, short = _split_type(fold_key(text) or "")
    pool = [w for w in _wards() if kind is None or w.kind == kind]
    scores = _top_two(short, [(w.fold_short, w) for w in pool])
    if not scores:
        return Resolution(None, f"{text!r} matches no unit")
    best_score, best = scores[0]
    second_score, second = scores[1] if len(scores) > 1 else (0.0, None)
    candidate = _ward_match(best, "fuzzy", round(best_score, 4))
    if len(short) < _FUZZY_MIN_LENGTH:
        return Resolution(None, f"{text!r} is too short to match a unit by similarity", candidate)
    if best_score < FUZZY_THRESHOLD:
        return Resolution(
            None,
            f"{text!r} matches no unit; the closest is {best.name} ({best.code}) "
            f"with similarity {best_score:.2f}, below {FUZZY_THRESHOLD}",
            candidate,
        )
    if second is not None and best_score - second_score < _TIE_MARGIN:
        return Resolution(
            None,
            f"{text!r} is as close to {best.name} ({best.code}) as to {second.name} ({second.code}) "
            f"(similarity {best_score:.2f}); write the full name or the code",
            candidate,
        )
    return Resolution(candidate, None, candidate)


@lru_cache(maxsize=8192)
def explain_ward(text: str | None) -> Resolution:
    """`resolve_ward` with the reason when there is no match and the best fuzzy candidate."""
    cleaned = clean_text(text)
    if cleaned is None:
        return Resolution(None, "the ward is empty")
    compact = cleaned.replace(" ", "")
    if re.fullmatch(r"\d{5}(\.0+)?", compact):
        code = compact.split(".")[0]
        ward = _ward_by_code().get(code)
        if ward is None:
            return Resolution(None, f"{code} is not the national code of a commune-level unit of Ho Chi Minh City")
        return Resolution(_ward_match(ward, "code"))
    parts = _components(cleaned)
    if not parts:
        return Resolution(None, "the ward is empty")
    if len(parts) == 1 and (found := _exact_ward(parts[0])) is not None:
        return found
    legacy = _legacy_ward(", ".join(parts))
    if legacy is not None and (legacy.match is not None or len(parts) > 1):
        return legacy
    if len(parts) > 1:
        # A current ward written with its former district ('Phường Xuân Hòa, Quận 3') is still
        # the ward it names; a fuzzy guess across districts is not attempted.
        if (found := _exact_ward(parts[0])) is not None and found.match is not None:
            return found
        return Resolution(None, f"{cleaned!r} is neither a current unit nor a pre-2025 ward and district")
    return _fuzzy_ward(parts[0])


def resolve_ward(text: str | None) -> UnitMatch | None:
    """The commune-level unit (phường, xã, đặc khu) a person meant, or None rather than a guess."""
    return explain_ward(text).match


# ---------------------------------------------------------------- any reporting unit

_WARD_OFFICE_PREFIX = re.compile(
    r"^(?:(?:phong|p)\s+(?:van hoa\s+(?:va\s+)?xa hoi|vh\s*xh|vhxh)|uy ban nhan dan|ubnd)\s+"
)
_SCHOOL_PREFIX = re.compile(
    r"^(?:truong|mam non|mn|mau giao|mg|nha tre|tieu hoc|th|thcs|thpt|trung hoc|pho thong|pt|ptth"
    r"|trung tam (?:gdtx|gdnn|giao duc)|tt\s*gdtx|tt\s*gdnn|ttgdtx|ttgdnn|gdtx|gdnn)(?:\s|$)"
)


def is_school_name(name: str | None) -> bool:
    """A name that reads as a cơ sở giáo dục (Trường ..., MN ..., THCS ..., Trung tâm GDTX ...)."""
    return bool(_SCHOOL_PREFIX.match(fold_key(name) or ""))


def _strip_office_prefix(name: str) -> str:
    """'Phòng Văn hóa - Xã hội phường Bến Thành' -> 'phường Bến Thành' (the original text)."""
    words = name.split()
    for _ in range(3):
        folded = fold_key(" ".join(words)) or ""
        match = _WARD_OFFICE_PREFIX.match(folded)
        if not match:
            break
        # Drop as many original words as the prefix has folded words ('Văn hóa - Xã hội' has
        # a lone '-' that folds away, so count words that fold to something).
        need = len(match.group(0).split())
        kept, seen = [], 0
        for word in words:
            if seen < need:
                if fold_key(word):
                    seen += len((fold_key(word) or "").split())
                continue
            kept.append(word)
        words = kept
    return " ".join(words)


def _department_by_name(name: str) -> Resolution | None:
    folded = fold_key(name)
    found = _department_by_key().get(folded or "", ())
    if len(found) == 1:
        dept = found[0]
        method = "exact_name" if folded == dept.keys[0] else "alias"
        return Resolution(_dept_match(dept, method))
    return None


def _fuzzy_department(name: str) -> tuple[float, UnitMatch] | None:
    folded = fold_key(name) or ""
    if len(folded) < _FUZZY_MIN_LENGTH:
        return None
    best: tuple[float, _Department] | None = None
    for dept in _departments():
        score = max(_similarity(folded, k) for k in dept.keys if len(k) >= _FUZZY_MIN_LENGTH)
        if best is None or score > best[0]:
            best = (score, dept)
    if best is None:
        return None
    return best[0], _dept_match(best[1], "fuzzy", round(best[0], 4))


@lru_cache(maxsize=8192)
def _by_name(name: str) -> Resolution:
    if (dept := _department_by_name(name)) is not None:
        return dept
    stripped = _strip_office_prefix(name)
    ward = explain_ward(stripped or name)
    if ward.match is not None:
        return ward
    fuzzy_dept = _fuzzy_department(name)
    if fuzzy_dept is not None:
        score, candidate = fuzzy_dept
        ward_score = ward.candidate.confidence if ward.candidate else 0.0
        if score >= FUZZY_THRESHOLD and score > ward_score:
            return Resolution(candidate, None, candidate)
        if score > ward_score:
            return Resolution(
                None,
                f"{name!r} matches no unit; the closest is {candidate.unit_name} ({candidate.unit_code}) "
                f"with similarity {score:.2f}, below {FUZZY_THRESHOLD}",
                candidate,
            )
    return ward


def _by_code(code: str) -> UnitMatch | None:
    for dept in _departments():
        if dept.code == code:
            return _dept_match(dept, "code")
    compact = code.replace(" ", "")
    if re.fullmatch(r"\d{5}(\.0+)?", compact):
        ward = _ward_by_code().get(compact.split(".")[0])
        if ward is not None:
            return _ward_match(ward, "code")
    return None


@lru_cache(maxsize=8192)
def explain_unit(name: str | None, code: str | None) -> Resolution:
    """`resolve_unit` with the reason, in plain words, when there is no match."""
    name_text, code_text = clean_text(name), clean_text(code)
    code_text = code_text.upper() if code_text else None
    if name_text is None and code_text is None:
        return Resolution(None, "neither the unit name (Tên đơn vị) nor its code (Mã đơn vị) is filled in")
    school = name_text is not None and is_school_name(name_text)
    by_code = _by_code(code_text) if code_text else None
    if school:
        if by_code is not None:
            return Resolution(
                None,
                f"the name {name_text!r} is a school but the code {code_text!r} is {by_code.unit_name}",
            )
        if code_text is None:
            return Resolution(
                None, f"{name_text!r} is a school but its code (Mã đơn vị) is empty; a school is identified by its code"
            )
        return Resolution(UnitMatch(code_text, "school", name_text, "code", 1.0))
    if name_text is None:
        if by_code is None:
            return Resolution(
                None, f"the code {code_text!r} is not a known department or ward code and no name is given"
            )
        return Resolution(by_code)
    by_name = _by_name(name_text)
    if code_text is None:
        return by_name
    if by_code is None:
        return Resolution(
            None,
            f"the code {code_text!r} is not a known department or ward code"
            + (
                f" (the name {name_text!r} reads as {by_name.match.unit_name}, {by_name.match.unit_code})"
                if by_name.match
                else ""
            ),
            by_name.candidate,
        )
    if by_name.match is not None and by_name.match.unit_code != by_code.unit_code:
        return Resolution(
            None,
            f"the name {name_text!r} is {by_name.match.unit_name} ({by_name.match.unit_code}) "
            f"but the code {code_text!r} is {by_code.unit_name}",
        )
    return Resolution(by_code)


def resolve_unit(name: str | None, code: str | None) -> UnitMatch | None:
    """A report sender: a department, a ward's culture-society office, or a school (by its code).

    The code wins when name and code agree (or the name is unreadable); when they name two
    different units the result is None and the caller rejects with both.
    """
    return explain_unit(name, code).match
