"""Personal-data scan of the generated reports: the text of the HTML file, and the text inside
the .xlsx and .docx (both are zip files of XML: the shared strings, sheets and document parts),
with the same patterns as the warehouse scan (orchestration.privacy)."""

from __future__ import annotations

import re
import zipfile
from html import unescape
from pathlib import Path

from orchestration import privacy

_TAG = re.compile(r"<[^>]+>")


def report_text(path: Path) -> str:
    """The human-readable text of a report file, one line per paragraph or cell where the format tells."""
    if path.suffix in (".xlsx", ".docx"):
        with zipfile.ZipFile(path) as archive:
            parts = [n for n in archive.namelist() if n.endswith(".xml") and n.startswith(("xl/", "word/"))]
            xml = "\n".join(archive.read(n).decode("utf-8") for n in parts)
        # A line per paragraph, shared string, cell or row. Plain replaces, not one regular
        # expression: much faster on a city's tens of megabytes of XML, and the same text (each
        # closing tag starts the only '<' it holds, so no replacement can make a new one).
        for closing in ("</w:p>", "</si>", "</c>", "</row>"):
            xml = xml.replace(closing, "\n")
        return unescape(_TAG.sub(" ", xml))
    return unescape(_TAG.sub(" ", path.read_text(encoding="utf-8")))


def scan_reports(paths: list[Path], known: list[str] | None = None) -> list[privacy.PrivacyHit]:
    prepared = privacy.prepare_known(known or [])
    hits = []
    for path in paths:
        counts: dict[str, int] = {}
        first: dict[str, tuple[int, str]] = {}
        # A city's workbook is a million lines but few distinct ones (numbers, statuses, unit
        # names repeat): each distinct line is matched once, every occurrence still counted.
        found: dict[str, list[privacy.Match]] = {}
        for number, line in enumerate(report_text(path).splitlines(), start=1):
            matches = found.get(line)
            if matches is None:
                matches = found[line] = privacy.find_personal_data(line, prepared)
            for match in matches:
                counts[match.kind] = counts.get(match.kind, 0) + 1
                first.setdefault(match.kind, (number, match.masked))
        hits += [
            privacy.PrivacyHit("report", path.name, f"line {first[k][0]}", k, counts[k], first[k][1])
            for k in sorted(counts)
        ]
    return hits
