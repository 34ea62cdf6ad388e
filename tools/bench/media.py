"""Speed of the media classifier and of the media readers, against their targets.

    python -m tools.bench.media [--root /tmp/bench-city] [--items 20000]

1. The classifier on one core (it is pure Python, one thread), every item classified (the
   per-(title, lede) label cache is bypassed, so a repeated item costs a full classification;
   the token caches start empty):
   - the evaluation set (tests/classify/eval_set.jsonl, 217 items) repeated to about --items;
   - synthetic press items: the sample generator's press-bank headlines and ledes
     (tools/sample/press_bank.py) with their {n}, {school}, {ward} ... filled at random,
     about --items of them, mostly distinct;
   - for comparison, the same eval-set run with pyvi's CRF on every text (the reference path).
2. The readers, ingest + classify, against DuckDB `read_csv` of the same files (the floor, as in
   tools/bench/pipeline_floor.py: every column as text, into a table). The files: the city-scale
   media exports if `--root` holds them (`part-base` and `part-new`, made by
   `python -m tools.sample.generate --scale city`; never generated here, it takes minutes),
   else the sample inbox (sources/). Read in this process, one after the other; polars and DuckDB
   use their default thread pools. Each family is measured --repeat times, reader and floor in
   turn (so that both meet the same load on a shared machine), and each stage's best time kept.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from orchestration.domain.reference import PROJECT_ROOT

ROOT = Path("/tmp/bench-city")
EVAL_SET = PROJECT_ROOT / "tests" / "classify" / "eval_set.jsonl"
FAMILIES = ("press", "fanpage", "web")


def _clear_caches() -> None:
    from orchestration.classify import matching, normalise, segment
    from orchestration.classify.classifier import default_classifier

    segment._TOKEN_SYLLABLES.clear()
    segment._TOKEN_PROPERTIES.clear()
    matching._FOLDED.clear()
    normalise._STRIPPED.clear()
    default_classifier.cache_clear()


def classify_rate(items: list[tuple[str, str]], lazy: bool = True) -> dict:
    """Items per second, every item classified (Classifier._label: no label cache)."""
    from orchestration.classify.classifier import Classifier
    from orchestration.classify.segment import _tokenizer

    _tokenizer()  # pyvi's import loads its model and word lists (about a second): not per item
    _clear_caches()
    classifier = Classifier(lazy_segmentation=lazy)
    started = time.process_time()  # CPU time of this process: one core, whatever else runs
    wall = time.perf_counter()
    for title, lede in items:
        classifier._label(title, lede, None)
    seconds = time.process_time() - started
    return {
        "items": len(items),
        "seconds": seconds,
        "wall": time.perf_counter() - wall,
        "per_second": len(items) / seconds,
    }


def eval_items(count: int) -> list[tuple[str, str]]:
    lines = [json.loads(line) for line in EVAL_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    base = [(i["title"], i["lede"]) for i in lines]
    return (base * (count // len(base) + 1))[:count]


def synthetic_press(count: int, seed: int = 2025) -> list[tuple[str, str]]:
    from tools.sample.press_bank import STORIES

    rng = random.Random(seed)
    schools = [
        "Trường THPT Nguyễn Thị Minh Khai",
        "Trường THCS Lê Quý Đôn",
        "Trường Tiểu học Kỳ Đồng",
        "Trường Mầm non Hoa Sen",
        "Trường THPT Bùi Thị Xuân",
        "Trường THCS Nguyễn Du",
    ]
    wards = [
        "Phường Sài Gòn",
        "Phường Bến Thành",
        "Xã Thạnh An",
        "Phường Tân Định",
        "Xã Cần Giờ",
        "Phường Phước Thắng",
        "Phường Tam Thắng",
    ]
    found = []
    pairs = [(headline, story.lede) for story in STORIES for headline in story.headlines]
    for _ in range(count):
        headline, lede = rng.choice(pairs)
        year = rng.choice((2025, 2026))
        fill = {
            "n": rng.randint(2, 5000),
            "big": f"{rng.randint(1, 999)}.{rng.randint(0, 999):03d}",
            "school": rng.choice(schools),
            "ward": rng.choice(wards),
            "year": year,
            "sy": f"{year - 1}-{year}",
            "next_sy": f"{year}-{year + 1}",
        }
        found.append((headline.format(**fill), lede.format(**fill)))
    return found


def media_inbox(root: Path, into: Path) -> tuple[Path, str]:
    """An inbox holding the media exports of `root`'s parts (hard links), or the sample inbox."""
    parts = [root / "part-base", root / "part-new"]
    if not all((p / "media").is_dir() for p in parts):
        return PROJECT_ROOT / "sources", "the sample inbox (sources/; no city-scale parts at " + str(root) + ")"
    for part in parts:
        for path in sorted((part / "media").rglob("*.csv")):
            target = into / path.relative_to(part)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                os.link(path, target)
    return into, f"the city-scale media exports of {root} (part-base and part-new)"


def readers(inbox: Path, repeat: int = 1) -> list[dict]:
    from orchestration.classify.frames import with_labels, with_task
    from orchestration.readers.fanpage import read_fanpage
    from orchestration.readers.press import read_press
    from orchestration.readers.web_analytics import read_web_analytics
    from tools.bench.pipeline_floor import floor_csvs

    plans = {
        "press": (
            read_press,
            "press_items",
            lambda f: with_labels(f, title="title", lede="lede", service_sentiment="sentiment_label"),
            lambda f: f.select("title", "lede", "sentiment_label").unique().height,
        ),
        "fanpage": (
            read_fanpage,
            "fanpage_posts",
            lambda f: with_labels(f, title="title", lede="description"),
            lambda f: f.select("title", "description").unique().height,
        ),
        "web": (
            read_web_analytics,
            "web_pageviews",
            lambda f: with_task(f, title="page_title"),
            lambda f: f.select("page_title").unique().height,
        ),
    }
    rows = []
    for family in FAMILIES:
        reader, table, label, distinct = plans[family]
        files = sorted(str(p) for p in (inbox / "media" / family).rglob("*.csv"))
        best = {"read": float("inf"), "classify": float("inf"), "floor": float("inf")}
        for _ in range(repeat):
            _clear_caches()  # every repeat classifies from scratch
            started = time.perf_counter()
            result = reader(inbox)
            best["read"] = min(best["read"], time.perf_counter() - started)
            frame = result.tables[table]
            started = time.perf_counter()
            labelled = label(frame)
            best["classify"] = min(best["classify"], time.perf_counter() - started)
            floor = floor_csvs(files)
            best["floor"] = min(best["floor"], floor["seconds"])
        rows.append(
            {
                "family": family,
                "files": len(files),
                "rows": labelled.height,
                "distinct_texts": distinct(frame),
                **best,
                "floor_rows": floor["rows"],
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs of each reader and floor")
    parser.add_argument("--readers-only", action="store_true", help="skip the classifier's items/s")
    args = parser.parse_args(argv)

    for name, items, lazy in (
        ()
        if args.readers_only
        else (
            ("eval set repeated", eval_items(args.items), True),
            ("synthetic press (press bank, filled)", synthetic_press(args.items), True),
            ("eval set repeated, CRF on every text (reference path)", eval_items(min(args.items, 2_000)), False),
        )
    ):
        if name.startswith("eval set repeated") and lazy:
            print("## Classifier, one core (CPU seconds of this process), every item classified\n")
            print("| items | count | CPU s | items/s |\n|---|---|---|---|")
        rate = classify_rate(items, lazy)
        print(f"| {name} | {rate['items']:,} | {rate['seconds']:.2f} | {rate['per_second']:,.0f} |", flush=True)

    work = Path(tempfile.mkdtemp(prefix="bench-media-"))
    try:
        inbox, described = media_inbox(args.root, work)
        print(f"\n## Readers: ingest + classify vs DuckDB read_csv, on {described}, best of {args.repeat}\n")
        # "read ratio": ingestion alone against the floor (its target is 1.5x; classification
        # has its own target, items/s above); "ratio": ingest + classify against the floor.
        print(f"(load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)\n")
        print(
            "| family | files | rows | distinct texts | read s | classify s | ingest+classify s | floor s "
            "| read ratio | ratio |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for row in readers(inbox, args.repeat):
            total = row["read"] + row["classify"]
            print(
                f"| {row['family']} | {row['files']} | {row['rows']:,} | {row['distinct_texts']:,} | "
                f"{row['read']:.2f} | {row['classify']:.2f} | {total:.2f} | {row['floor']:.2f} | "
                f"{row['read'] / row['floor']:.2f}x | {total / row['floor']:.1f}x |",
                flush=True,
            )
        print(f"\n(load average after: {os.getloadavg()[0]:.1f})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
