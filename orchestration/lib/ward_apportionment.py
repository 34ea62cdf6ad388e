"""How pre-July-2025 wards' figures go to today's 168 units: the apportionment reference table.

Built from the `vietnamadminunits` converter data (`converter_2025.json`), never typed by hand:
- `DICT_PROVINCE_WARD_NO_DIVIDED`: today's ward -> the old wards that went into it whole; each
  such old ward gives one row with share 1 (basis `whole`);
- `DICT_PROVINCE_WARD_DIVIDED`: an old ward split between several of today's wards -> its
  candidate successors, each with `newWardAreaKm2` and `isDefaultNewWard`; each candidate gives
  one row whose share is its area over the candidates' summed areas (basis `area_share`).

Caveat, stated where the shares are used: `newWardAreaKm2` is the area of the whole successor
ward, not of the part of the old ward that went into it (the package ships no old boundaries),
so an area share is a proxy that favours the larger successor. The table records the basis per
row so that a better share (population, overlap area) can replace it later.

`legacy_ward_key` gives the converter's key of an old ward written as the readers keep it
(`ward_raw`, e.g. 'Phường 14, Quận 10'), which is how statistics rows find their split.
"""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache

import polars as pl

from orchestration.lib.reference import _PACKAGE_DATA, HCMC_PROVINCE_CODE, ReferenceError
from orchestration.lib.text import clean_text, fold_key

# The converter files the city under its new province key; old keys start with the old province.
CITY_KEY = "thanhphohochiminh"
FORMER_PROVINCES = {
    "thanhphohochiminh": "Thành phố Hồ Chí Minh",
    "tinhbinhduong": "Tỉnh Bình Dương",
    "tinhbariavungtau": "Tỉnh Bà Rịa - Vũng Tàu",
}
# Words after the ward and district that only name the city (as in unit_matching).
_PROVINCE_SUFFIXES = {"thanh pho ho chi minh", "tp ho chi minh", "tp hcm", "tphcm", "thanh pho hcm", "ho chi minh", "hcm"}

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


@lru_cache(maxsize=1)
def converter_data() -> dict:
    return json.loads((_PACKAGE_DATA / "converter_2025.json").read_text(encoding="utf-8"))


def _today_wards() -> dict[str, tuple[str, str]]:
    """Converter ward key -> (national code, official name) of today's units of the city."""
    with sqlite3.connect(f"file:{_PACKAGE_DATA / 'dataset.db'}?mode=ro", uri=True) as con:
        rows = con.execute(
            "select wardKey, wardCode, ward from admin_units where provinceCode = ?", (HCMC_PROVINCE_CODE,)
        ).fetchall()
    return {key: (code, clean_text(name) or "") for key, code, name in rows}


def _old_wards() -> dict[str, tuple[str | None, str | None, str | None, str]]:
    """Old ward key -> (old national code, ward name, district name, province name) before July 2025.

    Côn Đảo was a district without wards: its key ends in '_' and it has no ward name.
    """
    with sqlite3.connect(f"file:{_PACKAGE_DATA / 'dataset.db'}?mode=ro", uri=True) as con:
        rows = con.execute(
            "select provinceKey, districtKey, wardKey, wardCode, ward, district, province "
            f"from admin_units_legacy where provinceKey in ({', '.join('?' * len(FORMER_PROVINCES))})",
            tuple(FORMER_PROVINCES),
        ).fetchall()
    return {
        f"{p}_{d}_{w or ''}": (code, clean_text(ward), clean_text(district), clean_text(province) or "")
        for p, d, w, code, ward, district, province in rows
    }


def apportionment_rows(
    no_divided: dict[str, list[str]],
    divided: dict[str, list[dict]],
    today: dict[str, tuple[str, str]],
) -> pl.DataFrame:
    """The apportionment of every old ward of the city from the converter's two dictionaries.

    `no_divided`: today's ward key -> old ward keys merged into it whole; `divided`: old ward
    key -> candidates ({newWardKey, newWardAreaKm2, isDefaultNewWard}); `today`: today's ward
    key -> (code, name). Raises ReferenceError when the data cannot give shares that add up.
    """
    rows: list[dict[str, object]] = []

    def successor(key: str) -> tuple[str, str]:
        if key not in today:
            raise ReferenceError(f"the converter names a successor ward {key!r} that is not one of today's units")
        return today[key]

    for new_key, old_keys in sorted(no_divided.items()):
        code, name = successor(new_key)
        for old_key in old_keys:
            rows.append(
                {"old_ward_key": old_key, "ward_code": code, "ward_name": name, "is_split": False, "successors": 1,
                 "is_default_successor": True, "successor_area_km2": None, "area_share": 1.0, "basis": "whole"}
            )
    for old_key, candidates in sorted(divided.items()):
        areas = [c.get("newWardAreaKm2") for c in candidates]
        if len(candidates) < 2 or any(a is None or a <= 0 for a in areas):
            raise ReferenceError(f"the split old ward {old_key!r} needs two or more successors with an area, got {candidates}")
        if sum(bool(c.get("isDefaultNewWard")) for c in candidates) != 1:
            raise ReferenceError(f"the split old ward {old_key!r} has no single default successor: {candidates}")
        total = sum(areas)
        for candidate, area in zip(candidates, areas):
            code, name = successor(candidate["newWardKey"])
            rows.append(
                {"old_ward_key": old_key, "ward_code": code, "ward_name": name, "is_split": True,
                 "successors": len(candidates), "is_default_successor": bool(candidate["isDefaultNewWard"]),
                 "successor_area_km2": float(area), "area_share": area / total, "basis": "area_share"}
            )
    frame = pl.DataFrame(rows, schema={k: v for k, v in APPORTIONMENT_SCHEMA.items() if not k.startswith("old_") or k == "old_ward_key"})
    duplicated = frame.filter(pl.struct("old_ward_key", "ward_code").is_duplicated())
    if duplicated.height:
        raise ReferenceError(f"old wards listed twice for the same successor: {duplicated['old_ward_key'].to_list()[:5]}")
    whole_and_split = set(frame.filter(~pl.col("is_split"))["old_ward_key"]) & set(divided)
    if whole_and_split:
        raise ReferenceError(f"old wards both merged whole and split: {sorted(whole_and_split)[:5]}")
    return frame


def ward_apportionment() -> pl.DataFrame:
    """raw.ref_ward_apportionment: one row per old ward of the city and today's ward its figures
    go to, with the share (1 when whole, the area share when split) and the converter's default."""
    data = converter_data()
    today = _today_wards()
    frame = apportionment_rows(
        data["DICT_PROVINCE_WARD_NO_DIVIDED"][CITY_KEY], data["DICT_PROVINCE_WARD_DIVIDED"].get(CITY_KEY, {}), today
    )
    old = _old_wards()
    unknown = sorted(set(frame["old_ward_key"]) - set(old))
    if unknown:
        raise ReferenceError(f"converter keys without a pre-2025 ward in the package's data: {unknown[:5]}")
    names = pl.DataFrame(
        [
            {"old_ward_key": key, "old_ward_code": code, "old_ward_name": ward or district,
             "old_district_name": district, "old_province_name": province}
            for key, (code, ward, district, province) in old.items()
        ],
        schema={k: APPORTIONMENT_SCHEMA[k] for k in ("old_ward_key", "old_ward_code", "old_ward_name", "old_district_name", "old_province_name")},
    )
    frame = frame.join(names, on="old_ward_key", how="left").select(list(APPORTIONMENT_SCHEMA))
    without_predecessor = sorted({code for code, _ in today.values()} - set(frame["ward_code"]))
    if without_predecessor:
        raise ReferenceError(f"today's wards that no old ward goes into: {without_predecessor[:5]}")
    return frame.sort("old_ward_key", "ward_code")


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


__all__ = ["ward_apportionment", "apportionment_rows", "legacy_ward_key", "APPORTIONMENT_SCHEMA"]
