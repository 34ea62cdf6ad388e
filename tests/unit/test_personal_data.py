"""The detector of phone numbers and e-mail addresses (orchestration.domain.personal_data): each
form people type, with the exact text redaction leaves; ordinary numbers left alone; the
quarantine's redaction; the scan's SQL filter passing whatever the detector finds."""

from __future__ import annotations

import sys
import unicodedata
import zipfile

import duckdb
import pytest

from orchestration import privacy
from orchestration.domain import personal_data
from orchestration.domain.personal_data import REDACTED, detection_copy, find, redact
from orchestration.readers.quarantine import RAW_VALUE_CHARS, Reject
from orchestration.reports.privacy_scan import scan_reports

R = REDACTED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the cases
        ("Học phí - anh Minh 0912 345 678,0987654321", f"Học phí - anh Minh {R},{R}"),
        ("Người lập: +84 (0) 912 345 678", f"Người lập: {R}"),
        ("Gọi (0912) 345 678 nhé", f"Gọi {R} nhé"),
        ("SĐT 0912/345/678", f"SĐT {R}"),
        ("0912–345–678", R),  # en dash
        ("0912—345—678", R),  # em dash
        ("0912\u2212345\u2212678", R),  # minus sign
        ("0912\u2011345\u2011678", R),  # non-breaking hyphen
        ("０９１２３４５６７８", R),  # full-width digits
        ("０９１２　３４５　６７８", R),  # full-width digits, ideographic spaces
        ("84-912-345-678", R),
        ("an@bộgiáodục.vn", R),
        # country codes and brackets
        ("+84912345678", R),
        ("+84 912 345 678", R),
        ("(+84) 912 345 678", R),
        ("0084 912 345 678", R),
        ("84912345678", R),
        ("＋84 912 345 678", R),  # full-width plus
        # spaces and invisible characters
        ("0912\u00a0345\u00a0678", R),  # no-break spaces
        ("0912\u2009345\u2009678", R),  # thin spaces
        ("0912\u202f345\u202f678", R),  # narrow no-break spaces
        ("09\u200b12\u200b345\u200b678", R),  # zero-width spaces inside the digits
        ("0912\u00ad345678", R),  # a soft hyphen
        ("0912 . 345 . 678", R),
        ("09 12 34 56 78", R),
        # several in a row
        ("0912345678/0987654321", f"{R}/{R}"),
        ("0912 345 678 / 0987 654 321", f"{R} / {R}"),
        ("0912 345 678 0987 654 321", f"{R} {R}"),
        ("0912.345.678.0987.654.321", f"{R}.{R}"),
        ("0912345678; 0987654321 hoặc 0901234567", f"{R}; {R} hoặc {R}"),
        # landlines
        ("028 38 29 12 34", R),
        ("(028) 3829 1234", R),
        ("028.3829.1234", R),
        ("+84 28 3829 1234", R),
        ("ĐT: 0236 3812 345", f"ĐT: {R}"),
        # labels glued to the number, and what is around it kept
        ("SĐT0912345678", f"SĐT{R}"),
        ("ĐT:0912345678.", f"ĐT:{R}."),
        ("Zalo0912345678", f"Zalo{R}"),
        ("Gọi 0903 111 222 hoặc 0903111223 nhé", f"Gọi {R} hoặc {R} nhé"),
        ("ngày 15/09/2025 0912345678", f"ngày 15/09/2025 {R}"),
        ("ngày 08/09/2025 - 0912 345 678", f"ngày 08/09/2025 - {R}"),
        # a foreign number written with its country code
        ("+1 415 555 2671", R),
        # e-mail addresses
        ("Gửi về Nhung.NTH@benthanh.hcm.edu.vn nhé", f"Gửi về {R} nhé"),
        ("nguyễn.văn@trường.edu.vn", R),
        ("lan.anh＠gmail.com", R),  # full-width at sign
        ("lan.anh @ gmail.com", R),
        ("x_y+tag@mail.co", R),
        ("hs@xn--trnghc-zwa.vn", R),
        ("0912345678@gmail.com", R),  # one address, not a number and an address
        ("Email: a.b@c.vn, SĐT: 0912 345 678", f"Email: {R}, SĐT: {R}"),
    ],
)
def test_forms_people_type_are_redacted(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "12.500.000 đồng",
        "1.234.567",
        "Tổng 1.234.567.890 đồng",
        "84.903.123.456",  # a grouped amount, not +84
        "15/09/2025",
        "2025-09-15",
        "15-09-2025",
        "08/09/2025 10:00",
        "ngày 08/09/2025 10 giờ",
        "38,5%",
        "BC2509-00001",
        "Nghị định 09/2019/NĐ-CP",
        "Thông tư 30/2020",
        "Quyết định 1234/QĐ-SGDĐT",
        "Mã phường 26734",
        "năm học 2025-2026",
        "Có 120 trường, 35 lớp, 4.500 học sinh",
        "1900 1234",  # a hotline: public
        "1800 1567",
        "09031234567",  # 11 digits: not a mobile
        "0203123456",  # 10 digits starting 02: too short for a landline
        "a0903123456b",  # inside a hex hash
        "abc0912345678",  # inside a word that is not a label
        "1.0903123456",  # a decimal
        "https://www.facebook.com/100064298046581/posts/4024033637053739",
        "https://medium.com/@user.name",
        "@sogddt",
        "⁰⁹¹²³⁴⁵⁶⁷⁸",  # superscripts are not digits
        "",
    ],
)
def test_ordinary_numbers_are_left_alone(text):
    assert find(text) == []
    assert redact(text) == text


def test_found_spans_are_in_the_original_text():
    text = "A\u200b\u200bB 09\u200b12 345 678 và x@y.vn"
    found = find(text)
    assert [(f.kind, f.text(text)) for f in found] == [("phone", "09\u200b12 345 678"), ("email", "x@y.vn")]
    assert redact(text) == f"A\u200b\u200bB {R} và {R}"


def test_the_detection_copy_folds_one_character_to_one_or_none():
    copy, offsets = detection_copy("０９\u200b１２–３\u00a0＋＠（）")
    assert copy == "0912-3 +@()"
    assert [offsets[i] for i in range(len(copy))] == [0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert detection_copy("Gọi 0912") == ("Gọi 0912", None)


def test_masks_of_the_new_forms_never_show_the_value():
    assert [m.masked for m in privacy.find_personal_data("０９１２–３４５–６７８ hoặc an@bộgiáodục.vn")] == [
        "09******78",
        "a***@b***.vn",
    ]


def _fold_of_every_code_point() -> dict[str, str]:
    table = personal_data._Fold()
    return {chr(c): chr(v) if isinstance(v, int) else v for c in range(sys.maxunicode + 1) for v in [table[c]]}


def test_the_folding_is_what_the_scans_sql_filter_assumes():
    # The SQL filter has no NFKC: it lists the characters that fold to '+' and '@', counts only
    # Nd characters as digits, and treats any character that is not a letter or a number as a
    # possible separator. Checked over all of Unicode.
    folded = _fold_of_every_code_point()
    assert {c for c, f in folded.items() if f == "+"} == set(personal_data.PLUS_SIGNS)
    assert {c for c, f in folded.items() if f == "@"} == set(personal_data.AT_SIGNS)
    assert {c for c, f in folded.items() if f in set("0123456789")} == {
        c for c in folded if unicodedata.category(c) == "Nd"
    }
    for char, f in folded.items():
        if f in (" ", "-", ".", "/", "(", ")", ""):
            assert unicodedata.category(char)[0] not in "LN", repr(char)


@pytest.mark.parametrize(
    "text",
    [
        "0912 345 678,0987654321",
        "+84 (0) 912 345 678",
        "(0912) 345 678",
        "0912/345/678",
        "0912–345–678",
        "０９１２３４５６７８",
        "𝟎𝟗𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖",  # mathematical digits
        "84-912-345-678",
        "SĐT0912345678",
        "sđt\u200b0912345678",
        "09\u200b\u200b\u200b\u200b\u200b\u200b\u200b12 345 678",
        "028 38 29 12 34",
        "＋８４ ９１２ ３４５ ６７８",
        "+1 415 555 2671",
        "an@bộgiáodục.vn",
        "lan.anh＠gmail.com",
    ],
)
def test_the_filter_in_duckdb_passes_every_new_form(text):
    assert find(text)  # the detector finds it ...
    where, params = privacy.candidate_filter("v", [])
    with duckdb.connect() as con:  # ... so the filter before it must let it through
        assert con.execute(f"select count(*) from (select ? as v) where {where}", [text, *params]).fetchone() == (1,)


def test_a_quarantined_raw_value_and_reason_are_redacted():
    row = Reject(
        "feedback", "f.csv", "unknown channel 'Fax 0987–654–321'", None, 4, "Kênh", "Fax 0987–654–321, a@b.vn"
    ).as_row()
    assert (row["raw_value"], row["reason"]) == (f"Fax {R}, {R}", f"unknown channel 'Fax {R}'")


def test_a_long_raw_value_is_redacted_before_it_is_cut():
    # The number straddles the 500th character: cut first, its first digits would remain.
    raw = "x" * 494 + " 0912 345 678"
    assert Reject("feedback", "f.csv", "r", raw_value=raw).as_row()["raw_value"] == "x" * 494 + " " + R[:5]
    assert RAW_VALUE_CHARS == 500


def test_the_reports_scan_finds_the_new_forms(tmp_path):
    html = tmp_path / "bao-cao.html"
    html.write_text("<html><body><p>Liên hệ 0912–345–678</p><td>an@bộgiáodục.vn</td></body></html>", encoding="utf-8")
    docx = tmp_path / "bao-cao.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><w:p><w:t>＋84 (0) 912 345 678</w:t></w:p></w:document>")
    hits = scan_reports([html, docx])
    assert [(h.table, h.kind, h.column, h.sample) for h in hits] == [
        ("bao-cao.html", "email", "line 1", "a***@b***.vn"),
        ("bao-cao.html", "phone", "line 1", "09******78"),
        ("bao-cao.docx", "phone", "line 1", "+84********78"),
    ]
