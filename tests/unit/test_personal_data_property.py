"""Generated variants (seeded, so every run tests the same few hundred): phone numbers and
e-mail addresses in the forms people type, embedded in Vietnamese sentences with ordinary
numbers around them.

The oracle is independent of the detector: the generator knows the number's national digits
(and the address's parts), and after redaction they must not appear in the text, with every
digit folded to ASCII and every non-digit removed; the ordinary numbers of the sentence must
still be there, character for character. Before redaction, the privacy check's detector must
count exactly the numbers and addresses generated, and its SQL filter in DuckDB must let every
sentence through; after, the warehouse scan must find nothing."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

import duckdb
import pytest

from orchestration import privacy
from orchestration.domain.personal_data import redact

SEED = 20
VARIANTS = 400

# Separators between groups of digits, as people type or paste them.
SEPARATORS = [
    " ",
    ".",
    "-",
    "/",
    " - ",
    " . ",
    "\u2010",  # hyphen
    "\u2011",  # non-breaking hyphen
    "\u2013",  # en dash
    "\u2014",  # em dash
    "\u2212",  # minus sign
    "\ufe63",  # small hyphen-minus
    "\uff0d",  # full-width hyphen-minus
    "\u00a0",  # no-break space
    "\u2009",  # thin space
    "\u202f",  # narrow no-break space
    "\u3000",  # ideographic space
    "\u200b ",  # a zero-width space pasted beside a space
]
# Between two numbers of a list.
JOINERS = [",", ", ", "/", " / ", "; ", " và ", " hoặc ", " - ", "，"]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
MOBILE_FIRST = "35789"
LANDLINE_AREAS = ["28", "24", "236", "251", "274"]  # subscriber numbers start with 3, 6, 7 or 8

SENTENCES = [
    "Liên hệ cô Lan qua số {x} để được hỗ trợ về khoản thu 12.500.000 đồng.",
    "Phụ huynh gọi {x} phản ánh ngày 15/09/2025 về học phí.",
    "SĐT: {x}",
    "Người lập: Nguyễn Văn An – {x} (Mã BC2509-00001)",
    "{x}",
    "Theo Nghị định 13/2023/NĐ-CP, số {x} đã được ghi nhận lúc 08:30, tỉ lệ 38,5%.",
    "Phường 26734 báo cáo: liên hệ ({x}) trước 2025-12-14.",
    "Ghi chú năm học 2025-2026 - {x}",
]
ORDINARY = [
    "12.500.000",
    "15/09/2025",
    "BC2509-00001",
    "13/2023/NĐ-CP",
    "08:30",
    "38,5%",
    "26734",
    "2025-12-14",
    "2025-2026",
]


@dataclass(frozen=True)
class Variant:
    text: str
    secrets: tuple[str, ...]  # national digits of each number, local part and domain of each address
    phones: int
    emails: int


def _group(digits: str, rng: random.Random) -> list[str]:
    sizes = rng.choice([[len(digits)], [4, 3, 3], [3, 3, 4], [2, 2, 2, 2, 2], [3, 4, 4], [4, 4, 3], [3, 2, 2, 2, 2]])
    groups, at = [], 0
    for size in sizes:
        if at < len(digits):
            groups.append(digits[at : at + size])
            at += size
    if at < len(digits):
        groups[-1] += digits[at:]
    return groups


def _phone(rng: random.Random) -> tuple[str, str]:
    """A number as written, and its national significant digits."""
    if rng.random() < 0.7:
        national = rng.choice(MOBILE_FIRST) + "".join(rng.choice("0123456789") for _ in range(8))
    else:
        area = rng.choice(LANDLINE_AREAS)
        national = area + rng.choice("3678") + "".join(rng.choice("0123456789") for _ in range(9 - len(area)))
    separator = rng.choice(SEPARATORS)
    prefix = rng.choice(
        ["0", "0", "0", "+84 ", "+84", "+84-", "84", "84 ", "84-", "0084 ", "(+84) ", "+84 (0) ", "＋84 ", "(0", "0"]
    )
    if prefix == "(0":  # "(0912) 345 678": the bracket closes after the first group
        first, *rest = _group("0" + national, rng)
        if not rest:
            rest = [first[4:]]
            first = first[:4]
        written = "(" + first + ") " + separator.join(rest)
    elif prefix == "0":
        written = separator.join(_group("0" + national, rng))
    else:
        if prefix.strip() in ("84", "84-") and separator.strip() == ".":
            separator = "-"  # "84.912.345.678" is an amount (see the detector)
        written = prefix + separator.join(_group(national, rng))
    if rng.random() < 0.25:
        written = written.translate(FULL_WIDTH)
    return written, national


LOCAL_PARTS = ["lan.anh", "nguyen_van_an", "trần.thị", "hs+lop9", "phụhuynh", "an-binh"]
DOMAINS = ["gmail.com", "benthanh.hcm.edu.vn", "bộgiáodục.vn", "trườnghọc.edu.vn", "sở-gd.việtnam", "xn--trnghc-zwa.vn"]


def _email(rng: random.Random) -> tuple[str, tuple[str, str]]:
    local = rng.choice(LOCAL_PARTS) + str(rng.randrange(1000, 9999))
    domain = rng.choice(DOMAINS)
    at = rng.choice(["@", "@", "@", "＠", " @ "])
    return local + at + domain, (local, domain)


def variants() -> list[Variant]:
    rng = random.Random(SEED)
    out = []
    for _ in range(VARIANTS):
        parts, secrets, phones, emails = [], [], 0, 0
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            if rng.random() < 0.75:
                written, national = _phone(rng)
                parts.append(written)
                secrets.append(national)
                phones += 1
            else:
                written, (local, domain) = _email(rng)
                parts.append(written)
                secrets += [local, domain]
                emails += 1
        joined = parts[0]
        for part in parts[1:]:
            joined += rng.choice(JOINERS) + part
        out.append(Variant(rng.choice(SENTENCES).format(x=joined), tuple(secrets), phones, emails))
    return out


VARIANT_LIST = variants()


def _digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) for c in text if unicodedata.category(c) == "Nd")


def _ordinary_in(text: str) -> list[str]:
    return [o for o in ORDINARY if o in text]


def test_the_generator_covers_the_forms():
    texts = [v.text for v in VARIANT_LIST]
    for form in [
        "+84 (0) ",
        "(+84) ",
        "0084 ",
        "＋84",
        "\u2013",
        "\u2212",
        "\u00a0",
        "\u200b",
        "０",
        "＠",
        "(0",
        ",",
        "/",
    ]:
        assert any(form in t for t in texts), form
    assert sum(v.phones for v in VARIANT_LIST) > 300 and sum(v.emails for v in VARIANT_LIST) > 80
    assert sum(1 for v in VARIANT_LIST if v.phones + v.emails > 1) > 80


@pytest.mark.parametrize("variant", VARIANT_LIST, ids=range(len(VARIANT_LIST)))
def test_no_generated_number_or_address_survives_redaction(variant):
    kinds = [m.kind for m in privacy.find_personal_data(variant.text)]
    assert (kinds.count("phone"), kinds.count("email")) == (variant.phones, variant.emails)
    redacted = redact(variant.text)
    left = unicodedata.normalize("NFKC", redacted).casefold()
    for secret in variant.secrets:
        if secret.isdigit():
            assert secret not in _digits(redacted)
        else:
            assert unicodedata.normalize("NFKC", secret).casefold() not in left
    assert _ordinary_in(redacted) == _ordinary_in(variant.text)
    assert privacy.find_personal_data(redacted) == []


def test_the_check_finds_every_variant_and_nothing_once_redacted(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw; create table raw.texts (i bigint, t varchar, r varchar)")
        con.executemany(
            "insert into raw.texts values (?, ?, ?)", [(i, v.text, redact(v.text)) for i, v in enumerate(VARIANT_LIST)]
        )
        where, params = privacy.candidate_filter("t", [])
        # The SQL filter lets every sentence through to the detector.
        assert con.execute(f"select count(*) from raw.texts where {where}", params).fetchone() == (VARIANTS,)
    hits = privacy.scan_database(path).hits
    phones = sum(1 for v in VARIANT_LIST if v.phones)
    emails = sum(1 for v in VARIANT_LIST if v.emails)
    assert sorted((h.column, h.kind, h.rows) for h in hits) == [("t", "email", emails), ("t", "phone", phones)]


ORDINARY_TEXTS = [
    "Tổng kinh phí {a} đồng, chi ngày {d}.",
    "Quyết định {n}/QĐ-SGDĐT ngày {d} theo Nghị định {k}/{y}/NĐ-CP",
    "Mã báo cáo BC{yy}{mm}-{s:05d}, phường {w}, năm {y}, {c} trường, tỉ lệ {p}%",
    "Từ {iso} đến {iso2}, năm học {y}-{y1}, lúc {h:02d}:{mi:02d}",
]


def ordinary_texts() -> list[str]:
    rng = random.Random(SEED + 1)
    out = []
    for _ in range(200):
        y = rng.randrange(2015, 2031)
        values = {
            "a": f"{rng.randrange(1_000, 10**12):,}".replace(",", "."),
            "d": f"{rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/{y}",
            "n": rng.randrange(1, 9999),
            "k": rng.randrange(1, 200),
            "y": y,
            "y1": y + 1,
            "yy": f"{y % 100:02d}",
            "mm": f"{rng.randrange(1, 13):02d}",
            "s": rng.randrange(1, 99999),
            "w": rng.randrange(10000, 32000),
            "c": rng.randrange(0, 3000),
            "p": f"{rng.randrange(0, 100)},{rng.randrange(0, 10)}",
            "iso": f"{y}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            "iso2": f"{y + 1}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            "h": rng.randrange(0, 24),
            "mi": rng.randrange(0, 60),
        }
        out.append(rng.choice(ORDINARY_TEXTS).format(**values))
    return out


def test_ordinary_numbers_are_left_unchanged():
    texts = ordinary_texts()
    assert any("." in t.split()[3] for t in texts if t.startswith("Tổng"))  # grouped amounts are there
    changed = [t for t in texts if redact(t) != t or privacy.find_personal_data(t)]
    assert changed == []
