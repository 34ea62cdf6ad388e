"""The year-end reports (HTML, Excel, Word) and their lineage, rebuilt from the year marts on
every refresh into the build's report folder; the publish step moves them beside the
published warehouse. A blocking check proves no personal data reached them."""

from pathlib import Path

import dagster as dg

from orchestration.defs.partitions import DUCKDB_POOL
from orchestration.defs.warehouse import Warehouse
from orchestration.reports import html_report, word, workbook
from orchestration.reports.build import build_reports
from orchestration.reports.privacy_scan import scan_reports

YEAR_END_REPORTS = dg.AssetKey(["reports", "year_end_reports"])
# The marts the reports read (dbt asset keys): the reports run after dbt has built them.
MARTS_READ = [
    dg.AssetKey(["marts", name])
    for name in (
        "mart_task_year",
        "mart_task_year_targets",
        "mart_unit_year",
        "mart_unit_task_year",
        "mart_cluster_year",
        "mart_year_sources",
        "mart_reporting_compliance",
        "mart_file_loads",
        "mart_quarantine",
        # section IV.6's breakdowns and the 2030 indicators
        "mart_press_coverage",
        "mart_media_products",
        "mart_web_traffic",
        "mart_fanpage_posts",
        "mart_feedback",
        "mart_incidents",
        "mart_city_indicators",
        "mart_infrastructure_rollup",
    )
]


@dg.asset(
    key=YEAR_END_REPORTS,
    deps=MARTS_READ,
    group_name="reports",
    pool=DUCKDB_POOL,
    description=(
        "Báo cáo tổng kết: the Word report in the form of Decree 30 (from reference/mau-bao-cao-tong-ket.docx), the "
        "HTML report (offline, inline SVG charts) and the Excel scorecards of the school year, in Vietnamese, from the "
        "year marts and section IV.6's marts; lineage of every figure in reports.report_lineage."
    ),
)
def year_end_reports(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    staging = warehouse.report_staging_dir()
    with warehouse.connect() as con:
        built = build_reports(con, staging, school_year=warehouse.school_year or None)
    if built.school_year is None:
        context.log.info("no school year in the marts yet: no report written")
        return dg.MaterializeResult(metadata={"files": dg.MetadataValue.json([])})
    published = [warehouse.reports_dir() / p.name for p in built.files]
    # Where the reports will be once published (the lead's `make run` prints these).
    for path in published:
        context.log.info(f"report: {path}")
    return dg.MaterializeResult(
        metadata={
            "school_year": built.school_year,
            "files": dg.MetadataValue.json([str(p) for p in built.files]),
            "published_as": dg.MetadataValue.json([str(p) for p in published]),
            "figures_traced": built.figures,
        }
    )


@dg.asset_check(
    asset=YEAR_END_REPORTS,
    name="no_personal_data_in_reports",
    blocking=True,
    description="The generated reports (HTML text, Excel and Word content) hold no phone number, e-mail address or known personal string.",
)
def no_personal_data_in_reports(warehouse: Warehouse) -> dg.AssetCheckResult:
    staging = warehouse.report_staging_dir()
    # Only this asset's files: other assets stage theirs in the same folder (the data catalogue).
    patterns = [name.format(school_year="*") for name in (html_report.FILE_NAME, workbook.FILE_NAME, word.FILE_NAME)]
    files = sorted(p for pattern in patterns for p in staging.glob(pattern) if p.is_file())
    hits = scan_reports(files, warehouse.known_strings())
    return dg.AssetCheckResult(
        passed=not hits,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "files_scanned": dg.MetadataValue.json([Path(p).name for p in files]),
            "hits": dg.MetadataValue.json([h.as_dict() for h in hits[:25]]),
            "how_to_resolve": "Find the mart column the text comes from and the reader that let it through; drop or redact it there.",
        },
    )
