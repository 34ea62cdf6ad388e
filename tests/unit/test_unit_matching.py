"""Resolving who a unit is: wards by every spelling people use, departments, schools by code."""

from __future__ import annotations

import unicodedata

import pytest

from orchestration.domain.unit_matching import (
    FUZZY_THRESHOLD,
    UnitMatch,
    explain_unit,
    explain_ward,
    is_school_name,
    resolve_unit,
    resolve_ward,
)

BEN_THANH = ("26743", "Phường Bến Thành")


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("Phường Bến Thành", "exact_name"),
        ("phường bến thành", "exact_name"),
        ("PHUONG BEN THANH", "exact_name"),
        (unicodedata.normalize("NFD", "Phường Bến Thành"), "exact_name"),
        ("  Phường\u00a0Bến   Thành ", "exact_name"),
        ("Phường Bến Thành, TP.HCM", "exact_name"),
        ("P. Bến Thành", "alias"),
        ("P.Bến Thành", "alias"),
        ("Bến Thành", "alias"),
        ("26743", "code"),
        ("26743.0", "code"),  # a code typed in a number cell
    ],
)
def test_ward_spellings_resolve_to_ben_thanh(text: str, method: str) -> None:
    match = resolve_ward(text)
    assert match == UnitMatch("26743", "ward", "Phường Bến Thành", method, 1.0)


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("Xã Cần Giờ", "27664", "Xã Cần Giờ"),
        ("Đặc khu Côn Đảo", "26732", "Đặc khu Côn Đảo"),
        ("đặc khu côn đảo", "26732", "Đặc khu Côn Đảo"),
        ("P. Tân Định", "26737", "Phường Tân Định"),
        ("Xã Thanh An", "25807", "Xã Thanh An"),  # written with diacritics: not Thạnh An
        ("Thạnh An", "27676", "Xã Thạnh An"),
    ],
)
def test_current_units_by_name(text: str, code: str, name: str) -> None:
    match = resolve_ward(text)
    assert (match.unit_code, match.unit_name) == (code, name)
    assert match.unit_name == unicodedata.normalize("NFC", match.unit_name)


def test_pre_2025_ward_is_mapped_by_the_converter() -> None:
    # Phường 6, Quận 3 became part of Phường Võ Thị Sáu (2020), which joined Phường Xuân Hòa
    # (national code 27139) on 1 July 2025; vietnamadminunits' converter says so.
    expected = UnitMatch("27139", "ward", "Phường Xuân Hòa", "legacy_ward", 1.0)
    assert resolve_ward("Phường 6, Quận 3") == expected
    assert resolve_ward("Phường Võ Thị Sáu, Quận 3") == expected
    assert resolve_ward("Phuong 6, Quan 3, TP HCM") == expected


def test_former_binh_duong_and_ba_ria_vung_tau_names() -> None:
    # Phường Phú Hòa of Thủ Dầu Một (former Bình Dương) is now in Phường Phú Lợi (25750);
    # the former Côn Đảo district is today's special zone.
    assert resolve_ward("Phường Phú Hòa, Thành phố Thủ Dầu Một, Tỉnh Bình Dương").unit_code == "25750"
    assert resolve_ward("Huyện Côn Đảo, Tỉnh Bà Rịa - Vũng Tàu") == UnitMatch(
        "26732", "ward", "Đặc khu Côn Đảo", "legacy_ward", 1.0
    )


def test_fuzzy_match_reports_its_similarity() -> None:
    # 'ben thanhh' vs 'ben thanh': 9 matching characters of 10 + 9 -> 2 * 9 / 19 = 0.9474
    match = resolve_ward("Phường Bến Thànhh")
    assert match == UnitMatch("26743", "ward", "Phường Bến Thành", "fuzzy", 0.9474)


def test_fuzzy_within_a_type_with_a_single_unit() -> None:
    # 'con daoo' vs 'con dao': 2 * 7 / 15 = 0.9333; Côn Đảo is the only đặc khu
    assert resolve_ward("Đặc khu Côn Đảoo") == UnitMatch("26732", "ward", "Đặc khu Côn Đảo", "fuzzy", 0.9333)


def test_fuzzy_near_tie_is_refused() -> None:
    # 'thanh ann' is as close to Xã Thanh An as to Xã Thạnh An: both fold to 'thanh an'
    result = explain_ward("Thanh Ann")
    assert result.match is None and "as close to" in result.reason


def test_fuzzy_below_threshold_is_refused_with_the_best_candidate() -> None:
    # 'can gio moi' vs 'can gio': 2 * 7 / 18 = 0.7778 < 0.85
    result = explain_ward("Xã Cần Giờ Mới")
    assert result.match is None
    assert result.candidate == UnitMatch("27664", "ward", "Xã Cần Giờ", "fuzzy", 0.7778)
    assert "Xã Cần Giờ (27664)" in result.reason and "0.78" in result.reason
    assert FUZZY_THRESHOLD == 0.85


def test_names_that_fold_alike_are_not_guessed() -> None:
    # Xã Thanh An (former Bình Dương) and Xã Thạnh An (Cần Giờ) fold to the same key.
    assert resolve_ward("Thanh An") is None
    assert resolve_ward("xa thanh an") is None
    assert "Xã Thanh An (25807)" in explain_ward("Thanh An").reason


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "12345",  # five digits, but no ward of the city
        "Phường 6",  # a numbered pre-2025 ward without its district
        "Huyện Cần Giờ",  # a former district is not a commune-level unit
        "Phường Cần Giờ",  # Cần Giờ is a xã: the written type does not match
        "Phường Bến Nghé, Quận 1, Hà Nội",
        "UBND Phường 6, Quận 3",  # extra words are never sent to the converter
    ],
)
def test_unresolvable_wards(text: str | None) -> None:
    assert resolve_ward(text) is None


def test_department_by_code_name_and_alias() -> None:
    hssv = ("HSSV", "department", "Phòng Học sinh, sinh viên")
    by_code = resolve_unit(None, " hssv ")
    assert (by_code.unit_code, by_code.unit_kind, by_code.unit_name, by_code.method) == (*hssv, "code")
    assert resolve_unit("Phòng Học sinh, sinh viên", None).method == "exact_name"
    assert resolve_unit("Phòng HSSV", None).method == "alias"
    assert resolve_unit("Văn phòng Sở", None).unit_code == "VP"
    assert resolve_unit("Phòng Học sinh, sinh viên", "HSSV").method == "code"


def test_ward_office_prefixes_are_stripped() -> None:
    for name in ("Phòng Văn hóa - Xã hội phường Bến Thành", "UBND phường Bến Thành", "Phòng VHXH P. Bến Thành"):
        match = resolve_unit(name, None)
        assert (match.unit_code, match.unit_kind) == BEN_THANH[:1] + ("ward",)
    assert resolve_unit("Phòng VH-XH Phường 6, Quận 3", None).unit_code == "27139"


def test_code_wins_when_it_agrees_and_none_when_it_disagrees() -> None:
    assert resolve_unit("Phường Bến Thành", "26743") == UnitMatch("26743", "ward", "Phường Bến Thành", "code", 1.0)
    assert resolve_unit("Phường Bến Thành", "HSSV") is None
    reason = explain_unit("Phường Bến Thành", "HSSV").reason
    assert "Phường Bến Thành (26743)" in reason and "'HSSV'" in reason
    assert resolve_unit("Phường Bến Thành", "XYZ") is None  # a code that names nothing


def test_school_needs_its_code() -> None:
    assert resolve_unit("Trường THCS Nguyễn Du", " thcs-0001 ") == UnitMatch(
        "THCS-0001", "school", "Trường THCS Nguyễn Du", "code", 1.0
    )
    assert resolve_unit("MN Hoa Sen", "MN01").unit_kind == "school"
    assert resolve_unit("Trường THCS Nguyễn Du", None) is None
    assert "code" in explain_unit("Trường THCS Nguyễn Du", None).reason


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Trường THPT Lê Quý Đôn", True),
        ("TH Lê Lợi", True),
        ("Trung tâm GDNN-GDTX quận 1", True),
        ("Tiểu học Kỳ Đồng", True),
        ("Thạnh An", False),
        ("Phòng Học sinh, sinh viên", False),
    ],
)
def test_school_names(name: str, expected: bool) -> None:
    assert is_school_name(name) is expected


def test_district_name_shared_with_another_province_stays_in_the_city():
    # "Quận Tân Phú" also names a district of An Giang; without a province the city comes first.
    match = resolve_ward("Phường Phú Thạnh, Quận Tân Phú")
    assert (match.unit_code, match.unit_name, match.method) == ("27028", "Phường Phú Thạnh", "legacy_ward")


def test_former_ba_ria_vung_tau_ward_without_province():
    match = resolve_ward("Phường 1, Thành phố Vũng Tàu")
    assert (match.unit_code, match.unit_name) == ("26506", "Phường Vũng Tàu")


def test_province_written_outside_the_city_is_refused():
    assert resolve_ward("Phường 12, Quận Tân Phú, Tỉnh An Giang") is None
