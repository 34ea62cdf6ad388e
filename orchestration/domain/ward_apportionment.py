"""How pre-July-2025 wards' figures go to today's 168 units: the apportionment reference table.

`reference/hcmc-ward-apportionment.csv`: one row per old ward of the city and today's ward its
figures go to, with the share (1 when merged whole, the successor's area over the candidates'
when split, `basis` saying which) and the converter's default successor. It is derived from the
`vietnamadminunits` 2025 converter by `tools/ward_reference.py`, which says how and what the area
share's caveat is; a test checks that the file equals what the script derives.

`legacy_ward_key` gives the converter's key of an old ward written as the readers keep it
(`ward_raw`, e.g. 'Phường 14, Quận 10'), which is how statistics rows find their split.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from orchestration.domain.reference import PROJECT_ROOT, ReferenceError
from orchestration.domain.text import clean_text, fold_key

# The converter files the city under its new province key; old keys start with the old province.
CITY_KEY = "thanhphohochiminh"
FORMER_PROVINCES = {
    "thanhphohochiminh": "Thành phố Hồ Chí Minh",
    "tinhbinhduong": "Tỉnh Bình Dương",
    "tinhbariavungtau": "Tỉnh Bà Rịa - Vũng Tàu",
}
# Words after the ward and district that only name the city (as in unit_matching).
_PROVINCE_SUFFIXES = {
    "thanh pho ho chi minh",
    "tp ho chi minh",
    "tp hcm",
    "tphcm",
    "thanh pho hcm",
    "ho chi minh",
    "hcm",
}

APPORTIONMENT_FILE = PROJECT_ROOT / "reference" / "hcmc-ward-apportionment.csv"
APPORTIONMENT_SCHEMA: dict[str, pl.DataType] = {
    "old_ward_key": pl.String,
    "old_ward_code": pl.String,
    "old_ward_name": pl.String,
    "old_district_name": pl.String,
    "old_province_name": pl.String,
    "ward_code": pl.String,
    "ward_name": pl.String,
    "is_split": pl.Boolean,
    "successors": pl.Int64,
    "is_default_successor": pl.Boolean,
    "successor_area_km2": pl.Float64,
    "area_share": pl.Float64,
    "basis": pl.String,
}


def ward_apportionment() -> pl.DataFrame:
    """raw.ref_ward_apportionment, as the committed file holds it (sorted by old ward, then successor)."""
    frame = pl.read_csv(APPORTIONMENT_FILE, schema=APPORTIONMENT_SCHEMA)
    if frame.is_empty():
        raise ReferenceError(f"{APPORTIONMENT_FILE.name} is empty (python -m tools.ward_reference)")
    return frame


def _components(text: str) -> list[str]:
    parts = [p for p in (clean_text(x) for x in text.split(",")) if p]
    while len(parts) > 1 and (fold_key(parts[-1]) or "") in _PROVINCE_SUFFIXES:
        parts.pop()
    return parts


@lru_cache(maxsize=4096)
def legacy_ward_key(text: str | None) -> str | None:
    """The converter's key of the pre-July-2025 ward a written name is, or None.

    'Phường 14, Quận 10' -> 'thanhphohochiminh_quan10_phuong14'. Parsed as the ward matcher
    parses old names (`unit_matching._legacy_ward`): when no province is written, the city's
    three former provinces are tried in turn, because a district name alone ('Quận Tân Phú')
    may exist elsewhere. Côn Đảo, a district without wards, gives 'tinhbariavungtau_huyencondao_'.
    """
    from vietnamadminunits import parse_address

    cleaned = clean_text(text)
    if cleaned is None:
        return None
    address = ", ".join(_components(cleaned))
    written = fold_key(address) or ""
    try:
        old = parse_address(address, mode="LEGACY", keep_street=True, level=3)
        if not (old.province_key and (fold_key(old.short_province) or "~") in written):
            for province in FORMER_PROVINCES.values():
                candidate = parse_address(f"{address}, {province}", mode="LEGACY", keep_street=True, level=3)
                if candidate.province_key in FORMER_PROVINCES and (candidate.ward_key or candidate.district_key):
                    old = candidate
                    if candidate.ward_key:
                        break
    except Exception:  # the parser has no error contract; a failure means "not an old ward"
        return None
    if old.province_key not in FORMER_PROVINCES or old.street:
        return None
    if not old.ward_key and old.district_key != "huyencondao":
        return None
    return f"{old.province_key}_{old.district_key}_{old.ward_key or ''}"


__all__ = ["ward_apportionment", "legacy_ward_key", "APPORTIONMENT_SCHEMA"]
