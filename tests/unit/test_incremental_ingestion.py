"""Incremental ingestion: a refresh reads only new and changed files, and ends where a refresh
from nothing would (warehouse/file_index.py, the unit-report and press assets).

The inbox is the sample's 54 unit-report workbooks (and their receipt log) (two of them, `GDMN ... Mam-non.xlsx` and
`... Mam-non (1).xlsx`, have the same bytes) and its 10 press exports; the assets run for real
in Dagster on real DuckDB files.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from orchestration.defs.ingestion import publish_files
from orchestration.defs.media.assets import PRESS, press_exports
from orchestration.defs.unit_reports.assets import unit_reports
from orchestration.defs.warehouse import Warehouse
from orchestration.domain.dates import HCM
from orchestration.domain.reference import PROJECT_ROOT
from orchestration.readers import ReadResult
from orchestration.readers.press import PRESS_SCHEMA
from orchestration.readers.unit_report import read_unit_reports, read_unit_reports_in_batches
from orchestration.warehouse import file_index
from tools.reliability.fingerprint import differences, mart_fingerprints

SAMPLE = PROJECT_ROOT / "sources"
U = "unit_reports"


def make_inbox(root: Path) -> Path:
    inbox = root / "inbox"
    shutil.copytree(SAMPLE / U, inbox / U)
    shutil.copytree(SAMPLE / "media" / "press", inbox / "media" / "press")
    return inbox


def refresh(inbox: Path, database: Path) -> dict[str, int]:
    """One refresh of the two families; returns rows written per raw table."""
    resources = {"warehouse": Warehouse(path=str(database), inbox=str(inbox))}
    written: dict[str, int] = {}
    for assets, partition in (([unit_reports], "2025-Q4"), ([press_exports], None)):
        run = dg.materialize(assets, partition_key=partition, resources=resources)
        assert run.success
        for event in run.get_asset_materialization_events():
            meta = event.materialization.metadata
            written[event.asset_key.path[-1]] = meta["rows_written"].value
    return written


def build(database: Path) -> Path:
    return database.parent / ".build" / database.name


def quarantine_reason(database: Path, source_file: str) -> list[str]:
    with duckdb.connect(str(build(database)), read_only=True) as con:
        return [
            r[0]
            for r in con.execute(
                "select reason from raw.quarantine_unit_reports where source_file = ?", [source_file]
            ).fetchall()
        ]


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    """A warehouse loaded from the inbox, refreshed once unchanged and once after edits, and a
    warehouse loaded from nothing from the edited inbox."""
    root = tmp_path_factory.mktemp("incremental")
    inbox = make_inbox(root)
    database = root / "wh" / "warehouse.duckdb"
    first = refresh(inbox, database)
    unchanged = refresh(inbox, database)

    units = inbox / U
    (inbox / "media/press/giam-sat-bao-chi_2026-06.csv").unlink()  # an export removed
    # Xa-Can-Gio's workbook replaced by the bytes of Phuong-Sai-Gon's (received later that day)
    shutil.copyfile(units / "2025-Q4_26740_Phuong-Sai-Gon.xlsx", units / "2025-Q4_27664_Xa-Can-Gio.xlsx")
    # a new file with the bytes of one already loaded (not in the receipt log: its mtime counts)
    shutil.copyfile(units / "2025-Q4_26743_Phuong-Ben-Thanh.xlsx", units / "zz-copy.xlsx")
    # the later of the two identical Mam-non workbooks removed
    (units / "2025-Q4_GDMN_Phong-Giao-duc-Mam-non (1).xlsx").unlink()
    for path in (inbox / "media/press").iterdir():  # touched, not changed
        path.touch()
    edited = refresh(inbox, database)

    scratch = root / "scratch" / "warehouse.duckdb"
    refresh(inbox, scratch)
    return {"first": first, "unchanged": unchanged, "edited": edited, "database": database, "scratch": scratch}


def test_first_refresh_reads_every_file(refreshed):
    # 54 workbooks and 10 press exports: one file_loads row each.
    assert refreshed["first"]["file_loads_unit_reports"] == 54
    assert refreshed["first"]["file_loads_press"] == 10


def test_unchanged_inbox_reads_nothing(refreshed):
    assert refreshed["unchanged"]["file_loads_unit_reports"] == 0
    assert refreshed["unchanged"]["unit_report_activities"] == 0
    assert refreshed["unchanged"]["file_loads_press"] == 0
    assert refreshed["unchanged"]["press_items"] == 0


def test_edits_read_only_the_files_they_touch(refreshed):
    # Read again, by hand: Xa-Can-Gio (changed) and Phuong-Sai-Gon (its new twin); zz-copy (new)
    # and Phuong-Ben-Thanh 2025-Q4 (its twin); Mam-non.xlsx (its twin left). 5 of 54 files.
    assert refreshed["edited"]["file_loads_unit_reports"] == 5
    # Press: one export removed, the others only touched: nothing to read.
    assert refreshed["edited"]["file_loads_press"] == 0


def index_keys(database: Path, table: str) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(build(database)), read_only=True) as con:
        return con.execute(f"select source_file, file_key, content_sha256 from raw.{table} order by 1").fetchall()


def test_incremental_ends_where_a_load_from_nothing_does(refreshed):
    incremental = mart_fingerprints(build(refreshed["database"]), "raw")
    scratch = mart_fingerprints(build(refreshed["scratch"]), "raw")
    # The file indexes also hold each file's stat when hashed (times, inode: the disk, not the
    # data), so they are compared on their keys and hashes; every other raw table whole.
    indexes = ["file_index_press", "file_index_unit_reports"]
    assert sorted(t for t in scratch if t.startswith("file_index_")) == indexes
    assert (
        differences(
            {t: p for t, p in scratch.items() if t not in indexes},
            {t: p for t, p in incremental.items() if t not in indexes},
        )
        == []
    )
    for table in indexes:
        assert index_keys(refreshed["scratch"], table) == index_keys(refreshed["database"], table)


def test_copies_keep_the_one_received_first(refreshed):
    database = refreshed["database"]
    # Xa-Can-Gio was logged at 11:46 on 14/12, Phuong-Sai-Gon at 17:25: Sai-Gon is now the copy.
    assert quarantine_reason(database, f"{U}/2025-Q4_26740_Phuong-Sai-Gon.xlsx") == [
        f"same content as {U}/2025-Q4_27664_Xa-Can-Gio.xlsx (received earlier): the copy is not loaded again"
    ]
    assert quarantine_reason(database, f"{U}/zz-copy.xlsx") == [
        f"same content as {U}/2025-Q4_26743_Phuong-Ben-Thanh.xlsx (received earlier): the copy is not loaded again"
    ]
    # With its twin gone, Mam-non.xlsx is loaded and nothing of the removed file is left.
    assert quarantine_reason(database, f"{U}/2025-Q4_GDMN_Phong-Giao-duc-Mam-non.xlsx") == []
    with duckdb.connect(str(build(database)), read_only=True) as con:
        left = con.execute(
            "select count(*) from raw.file_loads_unit_reports where source_file like '%Mam-non (1)%'"
        ).fetchall()[0][0]
    assert left == 0


# ---------------------------------------------------------------- the plan, file by file


def test_plan_reads_new_and_changed_and_drops_removed():
    before = file_index.Loaded(
        index={"a": ("k1", "s1"), "b": ("k2", "s2"), "c": ("k3", "s3")}, files={"a", "b", "c", "d"}
    )
    current = {"a": ("k1", "s1"), "b": ("k2-new", "s2b"), "e": ("k5", "s5"), "link": (None, None)}
    chosen = file_index.plan(current, before)
    assert chosen.read == ["b", "e", "link"]  # changed, new, and a file with no key (re-read every time)
    assert chosen.removed == ["c", "d"]  # d: rows loaded by a refresh whose checks failed
    assert chosen.replaced == ["b", "c", "d", "e", "link"]
    assert not chosen.everything


def test_no_index_reads_everything_and_replaces_every_row():
    chosen = file_index.plan({"a": ("k1", "s1")}, None)
    assert chosen.everything and chosen.read == ["a"]
    assert file_index.scope(chosen) == ("true", [])


def test_key_follows_bytes_companions_and_code(tmp_path):
    export, questions = tmp_path / "x.csv", tmp_path / "x.questions.csv"
    export.write_text("a,b\n1,2\n")
    alone, sha = file_index.Hasher(None).key(None, [export, questions])
    questions.write_text("column,role\n")
    with_companion, _ = file_index.Hasher(None).key(None, [export, questions])
    assert sha == "492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470"  # sha256sum of the bytes
    assert alone != with_companion  # a questionnaire that appears changes what the export loads as
    assert alone.split("|")[1] == "absent"
    assert alone.endswith(file_index.code_version())
    (tmp_path / "link.csv").symlink_to(export)
    assert file_index.Hasher(None).key(None, [tmp_path / "link.csv"]) == (None, None)


def test_failed_check_leaves_the_file_to_be_read_again(tmp_path):
    # One press row whose media type is outside the suite's set: the suite fails, the row is
    # written (the run is held back from publishing), and the file is not taken as loaded.
    row = {
        "source_file": "media/press/a.csv",
        "source_row": 2,
        "item_id": "T2",
        "published_at": dt.datetime(2025, 11, 20, 8, 0, tzinfo=HCM),
        "outlet_raw": "Tuổi Trẻ",
        "media_type": "not a media type",
        "genre": "Tin",
        "title": "Tin giáo dục",
        "lede": None,
        "url": "https://tuoitre.vn/2",
        "sentiment_label": None,
        "views": None,
        "period_key": "2025-Q4",
    }
    result = ReadResult.build(
        {"press_items": pl.DataFrame([row], schema=PRESS_SCHEMA)}, [], {"media/press/a.csv": (1, 1, 0)}
    )
    current = {"media/press/a.csv": ("key-a", "sha-a")}
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        chosen = file_index.plan(current, file_index.loaded(con, "press"))
        events = list(publish_files(con, PRESS, result, current, chosen))
        assert [e.passed for e in events if isinstance(e, dg.AssetCheckResult)] == [False, True]
        after = file_index.loaded(con, "press")
        assert after.index == {} and after.files == {"media/press/a.csv"}
        assert file_index.plan(current, after).read == ["media/press/a.csv"]


# ---------------------------------------------------------------- batches


def _concat(results: list[ReadResult]) -> ReadResult:
    tables = {t: pl.concat([r.tables[t] for r in results]) for t in results[0].tables}
    counts = {f: c for r in results for f, c in r.file_counts.items()}
    return ReadResult(tables=tables, rejects=pl.concat([r.rejects for r in results]), file_counts=counts)


@pytest.mark.parametrize("batch_size", [1, 7, 1000])
def test_batches_add_up_to_one_read(batch_size):
    # Batch size 1 puts the twin Mam-non workbooks in different batches: the later one must
    # still be refused as a copy.
    whole = read_unit_reports(SAMPLE)
    batches = list(read_unit_reports_in_batches(SAMPLE, batch_size=batch_size))
    assert len(batches) == -(-54 // batch_size)  # 54 workbooks
    joined = _concat(batches)
    for table, frame in whole.tables.items():
        assert joined.tables[table].equals(frame), table
    assert joined.rejects.equals(whole.rejects)
    assert joined.file_counts == whole.file_counts
    twin = f"{U}/2025-Q4_GDMN_Phong-Giao-duc-Mam-non (1).xlsx"
    assert joined.file_counts[twin] == (0, 0, 0)


def test_publish_in_batches_writes_all_and_checks_once(tmp_path):
    def press(source_file: str, rows: int) -> ReadResult:
        frame = pl.DataFrame(
            [
                {
                    "source_file": source_file,
                    "source_row": r,
                    "item_id": f"T{r}",
                    "published_at": dt.datetime(2025, 11, 20, 8, 0, tzinfo=HCM),
                    "outlet_raw": "Tuổi Trẻ",
                    "media_type": "Báo điện tử",
                    "genre": "Tin",
                    "title": "Tin giáo dục",
                    "lede": None,
                    "url": f"https://tuoitre.vn/{r}",
                    "sentiment_label": None,
                    "views": None,
                    "period_key": "2025-Q4",
                }
                for r in range(2, 2 + rows)
            ],
            schema=PRESS_SCHEMA,
        )
        return ReadResult.build({"press_items": frame}, [], {source_file: (rows, rows, 0)})

    from orchestration.defs.ingestion import publish

    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        events = list(publish(con, PRESS, iter([press("a.csv", 3), press("b.csv", 2)])))
        checks = [e for e in events if isinstance(e, dg.AssetCheckResult)]
        assert [(c.check_name, c.passed) for c in checks] == [("expectations_suite", True), ("rows_reconcile", True)]
        rows = {
            e.asset_key.path[-1]: e.metadata["dagster/row_count"] for e in events if isinstance(e, dg.MaterializeResult)
        }
        assert rows == {"press_items": 5, "quarantine_press": 0, "file_loads_press": 2}  # 3 + 2 items, 2 files


# ---------------------------------------------------------------- hashes reused while the stat holds

PRESS_FILE = "media/press/a.csv"
# 2025-12-01 08:00:00 +07:00 as nanoseconds since the epoch (1764550800 s): an explicit time, so
# that the test does not depend on how fine the file system's clock is.
T0_NS = 1_764_550_800 * 10**9
SHA_12 = "492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470"  # sha256sum of "a,b\n1,2\n"
SHA_13 = "8baab0330389def9ec921e89f5d0f28e41e6b80ce9de95e046df431dfec66925"  # sha256sum of "a,b\n1,3\n"


def write_export(path: Path, text: str, mtime_ns: int) -> None:
    path.write_bytes(text.encode())
    os.utime(path, ns=(mtime_ns, mtime_ns))


def press_result() -> ReadResult:
    row = {
        "source_file": PRESS_FILE,
        "source_row": 2,
        "item_id": "T2",
        "published_at": dt.datetime(2025, 11, 20, 8, 0, tzinfo=HCM),
        "outlet_raw": "Tuổi Trẻ",
        "media_type": "Báo điện tử",
        "genre": "Tin",
        "title": "Tin giáo dục",
        "lede": None,
        "url": "https://tuoitre.vn/2",
        "sentiment_label": None,
        "views": None,
        "period_key": "2025-Q4",
    }
    return ReadResult.build({"press_items": pl.DataFrame([row], schema=PRESS_SCHEMA)}, [], {PRESS_FILE: (1, 1, 0)})


def index_refresh(
    con: duckdb.DuckDBPyConnection, path: Path, settle_ns: int = 0, reread: bool = False
) -> tuple[file_index.Hasher, file_index.Plan]:
    """One refresh of the press index for the one export (`settle_ns=0`: trust a stat at once)."""
    hasher = file_index.Hasher(file_index.loaded(con, "press", reread=reread), settle_ns=settle_ns)
    current = {PRESS_FILE: hasher.key(PRESS_FILE, [path])}
    chosen = file_index.plan(current, hasher.before)
    list(publish_files(con, PRESS, press_result(), current, chosen, hasher=hasher))
    return hasher, chosen


def index_row(con: duckdb.DuckDBPyConnection) -> tuple:
    return con.execute(
        "select content_sha256, file_size, file_mtime_ns from raw.file_index_press where source_file = ?", [PRESS_FILE]
    ).fetchone()


def test_unchanged_stat_reuses_the_stored_hash(tmp_path):
    export = tmp_path / "a.csv"
    write_export(export, "a,b\n1,2\n", T0_NS)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        first, _ = index_refresh(con, export)
        assert (first.hashed, first.reused) == (1, 0)
        assert index_row(con) == (SHA_12, 8, T0_NS)  # 8 bytes, the time set above
        # A hash planted in the index is taken as is while the stat holds: proof it is not recomputed.
        con.execute("update raw.file_index_press set content_sha256 = 'planted'")
        hasher = file_index.Hasher(file_index.loaded(con, "press"), settle_ns=0)
        assert hasher.key(PRESS_FILE, [export])[1] == "planted"
        assert (hasher.hashed, hasher.reused) == (0, 1)


def test_same_size_rewrite_is_hashed_again(tmp_path):
    export = tmp_path / "a.csv"
    write_export(export, "a,b\n1,2\n", T0_NS)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        index_refresh(con, export)
        # Rewritten in place, same 8 bytes long, modification time one second later.
        write_export(export, "a,b\n1,3\n", T0_NS + 10**9)
        hasher, chosen = index_refresh(con, export)
        assert (hasher.hashed, hasher.reused) == (1, 0)
        assert chosen.read == [PRESS_FILE]
        assert index_row(con) == (SHA_13, 8, T0_NS + 10**9)


def test_replaced_file_with_the_same_size_and_time_is_hashed_again(tmp_path):
    # Another file (another inode) put in its place, same size and modification time as before:
    # only the inode (and change time) tell it apart.
    export = tmp_path / "a.csv"
    write_export(export, "a,b\n1,2\n", T0_NS)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        index_refresh(con, export)
        replacement = tmp_path / "new.csv"
        write_export(replacement, "a,b\n1,3\n", T0_NS)
        os.replace(replacement, export)
        hasher, chosen = index_refresh(con, export)
        assert (hasher.hashed, chosen.read) == (1, [PRESS_FILE])
        assert index_row(con) == (SHA_13, 8, T0_NS)


def test_a_file_just_written_is_not_trusted_by_its_stat(tmp_path):
    # Written now (its change time is now, whatever its modification time): within SETTLE_NS a
    # second write could leave the same times, so no stat is kept and the next refresh hashes.
    export = tmp_path / "a.csv"
    write_export(export, "a,b\n1,2\n", T0_NS)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        index_refresh(con, export, settle_ns=file_index.SETTLE_NS)
        assert index_row(con) == (SHA_12, None, None)
        again, chosen = index_refresh(con, export, settle_ns=file_index.SETTLE_NS)
        assert (again.hashed, again.reused, chosen.read) == (1, 0, [])


def test_index_written_without_stats_is_widened_on_the_first_refresh(tmp_path):
    # The index as the code before stats wrote it: three columns, the export's key and hash.
    export = tmp_path / "a.csv"
    write_export(export, "a,b\n1,2\n", T0_NS)
    key = f"{SHA_12}||{file_index.code_version()}"
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute("create schema raw")
        con.execute("create table raw.file_index_press (source_file varchar, file_key varchar, content_sha256 varchar)")
        con.execute("insert into raw.file_index_press values (?, ?, ?)", [PRESS_FILE, key, SHA_12])
        assert file_index.loaded(con, "press").stats == {}
        hasher, chosen = index_refresh(con, export)
        # Hashed (no stat to trust), found unchanged, and its stat stored beside the old hash.
        assert (hasher.hashed, chosen.read, chosen.unchanged) == (1, [], 1)
        assert index_row(con) == (SHA_12, 8, T0_NS)
        after, _ = index_refresh(con, export)
        assert (after.hashed, after.reused) == (0, 1)


def test_reread_ignores_the_stored_stats(tmp_path):
    export = tmp_path / "a.csv"
    write_export(export, "a,b\n1,2\n", T0_NS)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        index_refresh(con, export)
        hasher, chosen = index_refresh(con, export, reread=True)
        assert (hasher.hashed, hasher.reused, chosen.everything, chosen.read) == (1, 0, True, [PRESS_FILE])
