"""Derive the city's ward reference files from the `vietnamadminunits` package, once.

    python -m tools.ward_reference        (writes the two files below; `make` does not run it)

The warehouse reads the committed files, not the package's data: the package ships its tables
as data files behind a few public functions, and the project uses only those functions here,
in a tool that is run again when the package is upgraded. tests/unit/test_ward_reference.py
checks that the committed files equal what this script derives from the installed package.

- reference/hcmc-wards.csv: the 168 commune-level units of Ho Chi Minh City since 1 July 2025
  (`vietnamadminunits.database.query` on its `admin_units` table), with the former province
  most of each unit's predecessor wards belonged to (from the 2025 converter's dictionaries);
- reference/hcmc-ward-apportionment.csv: how pre-July-2025 wards' figures go to today's units.
  `DICT_PROVINCE_WARD_NO_DIVIDED` (today's ward -> the old wards that went into it whole) gives
  one row per old ward with share 1 (basis `whole`); `DICT_PROVINCE_WARD_DIVIDED` (an old ward
  split between several of today's wards -> its candidate successors, each with
  `newWardAreaKm2` and `isDefaultNewWard`) gives one row per candidate, whose share is its area
  over the candidates' summed areas (basis `area_share`).

Caveat, stated where the shares are used: `newWardAreaKm2` is the area of the whole successor
ward, not of the part of the old ward that went into it (the package ships no old boundaries),
so an area share is a proxy that favours the larger successor. The table records the basis per
row so that a better share (population, overlap area) can replace it later.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

from orchestration.domain.reference import HCMC_PROVINCE_CODE, WARDS_FILE, WARDS_SCHEMA, ReferenceError
from orchestration.domain.text import clean_text
from orchestration.domain.ward_apportionment import APPORTIONMENT_FILE, APPORTIONMENT_SCHEMA, CITY_KEY, FORMER_PROVINCES


def converter_dictionaries() -> tuple[dict[str, list[str]], dict[str, list[dict]]]:
    """The 2025 converter's two dictionaries for the city (the package's converter module)."""
    from vietnamadminunits.converter import converter_2025

    return (
        converter_2025.DICT_PROVINCE_WARD_NO_DIVIDED[CITY_KEY],
        converter_2025.DICT_PROVINCE_WARD_DIVIDED.get(CITY_KEY, {}),
    )


def _query(sql: str) -> list[dict]:
    from vietnamadminunits.database import query

    return query(sql)


def former_province_by_ward_key(no_divided: dict[str, list[str]], divided: dict[str, list[dict]]) -> dict[str, str]:
    """Today's ward key -> the former province most of its predecessor wards belonged to."""
    votes: dict[str, dict[str, int]] = {}
    for new_key, old_keys in no_divided.items():
        for old in old_keys:
            tally = votes.setdefault(new_key, {})
            tally[old.split("_")[0]] = tally.get(old.split("_")[0], 0) + 1
    for old, candidates in divided.items():
        for candidate in candidates:
            tally = votes.setdefault(candidate["newWardKey"], {})
            tally[old.split("_")[0]] = tally.get(old.split("_")[0], 0) + 1
    return {k: max(v, key=lambda p: (v[p], p)) for k, v in votes.items()}


def wards() -> pl.DataFrame:
    """The 168 commune-level units, as reference/hcmc-wards.csv holds them."""
    records = _query(
        "select wardCode, ward, wardShort, wardType, wardAreaKm2, wardLat, wardLon, wardKey "
        f"from admin_units where provinceCode = '{HCMC_PROVINCE_CODE}' order by wardCode"
    )
    former = former_province_by_ward_key(*converter_dictionaries())
    frame = pl.DataFrame(
        [
            {
                "ward_code": r["wardCode"],
                "ward_name": clean_text(r["ward"]),
                "ward_short_name": clean_text(r["wardShort"]),
                "ward_type": clean_text(r["wardType"]),
                "area_km2": r["wardAreaKm2"],
                "latitude": r["wardLat"],
                "longitude": r["wardLon"],
                "former_province": FORMER_PROVINCES.get(former.get(r["wardKey"], ""), None),
            }
            for r in records
        ],
        schema=WARDS_SCHEMA,
    )
    missing = frame.filter(pl.col("former_province").is_null())
    if frame.height != 168 or missing.height:
        raise ReferenceError(
            f"expected 168 HCMC units with a former province, got {frame.height} "
            f"({missing.height} without: {missing['ward_name'].to_list()[:5]})"
        )
    return frame


def _today_wards() -> dict[str, tuple[str, str]]:
    """Converter ward key -> (national code, official name) of today's units of the city."""
    rows = _query(f"select wardKey, wardCode, ward from admin_units where provinceCode = '{HCMC_PROVINCE_CODE}'")
    return {r["wardKey"]: (r["wardCode"], clean_text(r["ward"]) or "") for r in rows}


def _old_wards() -> dict[str, tuple[str | None, str | None, str | None, str]]:
    """Old ward key -> (old national code, ward name, district name, province name) before July 2025.

    Côn Đảo was a district without wards: its key ends in '_' and it has no ward name.
    """
    provinces = ", ".join(f"'{p}'" for p in FORMER_PROVINCES)
    rows = _query(
        "select provinceKey, districtKey, wardKey, wardCode, ward, district, province "
        f"from admin_units_legacy where provinceKey in ({provinces})"
    )
    return {
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}": (
            r["wardCode"],
            clean_text(r["ward"]),
            clean_text(r["district"]),
            clean_text(r["province"]) or "",
        )
        for r in rows
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
                {
                    "old_ward_key": old_key,
                    "ward_code": code,
                    "ward_name": name,
                    "is_split": False,
                    "successors": 1,
                    "is_default_successor": True,
                    "successor_area_km2": None,
                    "area_share": 1.0,
                    "basis": "whole",
                }
            )
    for old_key, candidates in sorted(divided.items()):
        areas = [c.get("newWardAreaKm2") for c in candidates]
        if len(candidates) < 2 or any(a is None or a <= 0 for a in areas):
            raise ReferenceError(
                f"the split old ward {old_key!r} needs two or more successors with an area, got {candidates}"
            )
        if sum(bool(c.get("isDefaultNewWard")) for c in candidates) != 1:
            raise ReferenceError(f"the split old ward {old_key!r} has no single default successor: {candidates}")
        total = sum(areas)
        for candidate, area in zip(candidates, areas):
            code, name = successor(candidate["newWardKey"])
            rows.append(
                {
                    "old_ward_key": old_key,
                    "ward_code": code,
                    "ward_name": name,
                    "is_split": True,
                    "successors": len(candidates),
                    "is_default_successor": bool(candidate["isDefaultNewWard"]),
                    "successor_area_km2": float(area),
                    "area_share": area / total,
                    "basis": "area_share",
                }
            )
    frame = pl.DataFrame(
        rows, schema={k: v for k, v in APPORTIONMENT_SCHEMA.items() if not k.startswith("old_") or k == "old_ward_key"}
    )
    duplicated = frame.filter(pl.struct("old_ward_key", "ward_code").is_duplicated())
    if duplicated.height:
        raise ReferenceError(
            f"old wards listed twice for the same successor: {duplicated['old_ward_key'].to_list()[:5]}"
        )
    whole_and_split = set(frame.filter(~pl.col("is_split"))["old_ward_key"]) & set(divided)
    if whole_and_split:
        raise ReferenceError(f"old wards both merged whole and split: {sorted(whole_and_split)[:5]}")
    return frame


def ward_apportionment() -> pl.DataFrame:
    """One row per old ward of the city and today's ward its figures go to, with the share (1 when
    whole, the area share when split) and the converter's default, as the committed file holds it."""
    no_divided, divided = converter_dictionaries()
    today = _today_wards()
    frame = apportionment_rows(no_divided, divided, today)
    old = _old_wards()
    unknown = sorted(set(frame["old_ward_key"]) - set(old))
    if unknown:
        raise ReferenceError(f"converter keys without a pre-2025 ward in the package's data: {unknown[:5]}")
    names = pl.DataFrame(
        [
            {
                "old_ward_key": key,
                "old_ward_code": code,
                "old_ward_name": ward or district,
                "old_district_name": district,
                "old_province_name": province,
            }
            for key, (code, ward, district, province) in old.items()
        ],
        schema={
            k: APPORTIONMENT_SCHEMA[k]
            for k in ("old_ward_key", "old_ward_code", "old_ward_name", "old_district_name", "old_province_name")
        },
    )
    frame = frame.join(names, on="old_ward_key", how="left").select(list(APPORTIONMENT_SCHEMA))
    without_predecessor = sorted({code for code, _ in today.values()} - set(frame["ward_code"]))
    if without_predecessor:
        raise ReferenceError(f"today's wards that no old ward goes into: {without_predecessor[:5]}")
    return frame.sort("old_ward_key", "ward_code")


def write(frame: pl.DataFrame, path: Path) -> None:
    frame.write_csv(path)


def main() -> int:
    write(wards(), WARDS_FILE)
    write(ward_apportionment(), APPORTIONMENT_FILE)
    print(f"wrote {WARDS_FILE} and {APPORTIONMENT_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
