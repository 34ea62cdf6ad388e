"""The ward apportionment reference table (reference/hcmc-ward-apportionment.csv), derived from
the vietnamadminunits converter by tools/ward_reference.py."""

from __future__ import annotations

import polars as pl
import pytest

from orchestration.domain.reference import ReferenceError
from orchestration.domain.ward_apportionment import APPORTIONMENT_SCHEMA, legacy_ward_key, ward_apportionment
from tools.ward_reference import apportionment_rows


@pytest.fixture(scope="module")
def table() -> pl.DataFrame:
    return ward_apportionment()


def test_phuong_14_quan_10_is_split_by_area_between_dien_hong_and_hoa_hung(table):
    # converter_2025.json, DICT_PROVINCE_WARD_DIVIDED["thanhphohochiminh"]["thanhphohochiminh_quan10_phuong14"]:
    # Phường Diên Hồng 1.86 km² (default successor), Phường Hòa Hưng 2.59 km²: 1.86 / 4.45 and 2.59 / 4.45.
    rows = table.filter(pl.col("old_ward_key") == "thanhphohochiminh_quan10_phuong14").sort("ward_code")
    assert rows.select("ward_code", "ward_name", "is_default_successor", "successor_area_km2", "basis").rows() == [
        ("27163", "Phường Hòa Hưng", False, 2.59, "area_share"),
        ("27169", "Phường Diên Hồng", True, 1.86, "area_share"),
    ]
    assert rows["area_share"].to_list() == pytest.approx([0.582022, 0.417978], abs=1e-6)
    assert rows.select("old_ward_code", "old_ward_name", "old_district_name", "successors").unique().rows() == [
        ("27169", "Phường 14", "Quận 10", 2)
    ]


def test_old_ward_merged_whole_has_share_one(table):
    row = table.filter(pl.col("old_ward_key") == "thanhphohochiminh_quan1_phuongphamngulao").to_dicts()
    assert [(r["ward_code"], r["ward_name"], r["area_share"], r["is_split"], r["basis"]) for r in row] == [
        ("26743", "Phường Bến Thành", 1.0, False, "whole")
    ]


def test_every_old_ward_of_the_three_former_provinces_once(table):
    assert table.schema == pl.Schema(APPORTIONMENT_SCHEMA)
    assert table["old_ward_key"].n_unique() == 442
    assert table.filter(pl.col("is_split"))["old_ward_key"].n_unique() == 47
    assert table.height == 493  # 395 merged whole + 43 split in two + 4 split in three
    assert table["ward_code"].n_unique() == 168
    sums = table.group_by("old_ward_key").agg(pl.col("area_share").sum(), pl.col("is_default_successor").sum())
    assert sums["area_share"].to_list() == pytest.approx([1.0] * 442)
    assert set(sums["is_default_successor"]) == {1}


def test_con_dao_district_without_wards_goes_whole_to_the_special_zone(table):
    row = table.filter(pl.col("old_ward_key") == "tinhbariavungtau_huyencondao_").to_dicts()
    assert [(r["ward_name"], r["old_ward_name"], r["area_share"]) for r in row] == [
        ("Đặc khu Côn Đảo", "Huyện Côn Đảo", 1.0)
    ]


def test_apportionment_rows_from_a_small_converter():
    today = {"a": ("00001", "Phường A"), "b": ("00002", "Phường B"), "c": ("00003", "Xã C")}
    frame = apportionment_rows(
        {"a": ["p_d_x"], "c": ["p_d_z"]},
        {
            "p_d_y": [
                {"newWardKey": "a", "newWardAreaKm2": 1.0, "isDefaultNewWard": False},
                {"newWardKey": "b", "newWardAreaKm2": 3.0, "isDefaultNewWard": True},
            ]
        },
        today,
    )
    assert frame.sort("old_ward_key", "ward_code").select(
        "old_ward_key", "ward_code", "is_split", "successors", "is_default_successor", "area_share"
    ).rows() == [
        ("p_d_x", "00001", False, 1, True, 1.0),
        ("p_d_y", "00001", True, 2, False, 0.25),
        ("p_d_y", "00002", True, 2, True, 0.75),
        ("p_d_z", "00003", False, 1, True, 1.0),
    ]


@pytest.mark.parametrize(
    ("divided", "message"),
    [
        (
            {
                "p_d_y": [
                    {"newWardKey": "a", "newWardAreaKm2": 1.0, "isDefaultNewWard": True},
                    {"newWardKey": "zz", "newWardAreaKm2": 1.0, "isDefaultNewWard": False},
                ]
            },
            "not one of today's units",
        ),
        (
            {
                "p_d_y": [
                    {"newWardKey": "a", "newWardAreaKm2": 1.0, "isDefaultNewWard": True},
                    {"newWardKey": "b", "newWardAreaKm2": 1.0, "isDefaultNewWard": True},
                ]
            },
            "no single default successor",
        ),
        (
            {
                "p_d_y": [
                    {"newWardKey": "a", "newWardAreaKm2": None, "isDefaultNewWard": True},
                    {"newWardKey": "b", "newWardAreaKm2": 1.0, "isDefaultNewWard": False},
                ]
            },
            "with an area",
        ),
    ],
)
def test_apportionment_rows_refuse_data_that_cannot_give_shares(divided, message):
    with pytest.raises(ReferenceError, match=message):
        apportionment_rows({}, divided, {"a": ("00001", "Phường A"), "b": ("00002", "Phường B")})


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Phường 14, Quận 10", "thanhphohochiminh_quan10_phuong14"),
        ("Phường 14, Quận 10, TP.HCM", "thanhphohochiminh_quan10_phuong14"),
        ("Phường 6, Quận 3", "thanhphohochiminh_quan3_phuongvothisau"),  # renamed Võ Thị Sáu before 2025
        ("Phường Cầu Ông Lãnh, Quận 1", "thanhphohochiminh_quan1_phuongcauonglanh"),
        ("Xã An Lập, Huyện Dầu Tiếng", "tinhbinhduong_huyendautieng_xaanlap"),
        ("Huyện Côn Đảo", "tinhbariavungtau_huyencondao_"),
        ("Phường Bến Thành", None),  # today's name, not an old ward with its district
        (None, None),
    ],
)
def test_legacy_ward_key(written, key):
    assert legacy_ward_key(written) == key
