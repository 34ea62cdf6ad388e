"""The HTML report's charts, laid out by a real browser: every text of every chart lies inside
the chart's box, and no two texts overlap (a legend clipped at the edge, or a value label over
a legend, fails). Chromium renders the published report with a measuring script added to a
copy; the report itself carries no script."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

MEASURE = """<script>
const found = [];
for (const svg of document.querySelectorAll('svg.chart')) {
  const box = svg.getBoundingClientRect();
  const section = svg.closest('section');
  const where = (section ? section.id : '') + ' ' + svg.dataset.chart;
  const texts = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
  for (const [text, r] of texts) {
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
      found.push(where + ': "' + text + '" outside the chart');
  }
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
    const [a, ra] = texts[i], [b, rb] = texts[j];
    if (ra.left < rb.right - 0.5 && rb.left < ra.right - 0.5 && ra.top < rb.bottom - 0.5 && rb.top < ra.bottom - 0.5)
      found.push(where + ': "' + a + '" overlaps "' + b + '"');
  }
}
const out = document.createElement('pre');
out.id = 'chart-check';
out.textContent = JSON.stringify({charts: document.querySelectorAll('svg.chart').length, problems: found});
document.body.appendChild(out);
</script>"""


@pytest.fixture(scope="module")
def reports(e2e_run) -> Path:
    return e2e_run.database.parent / "reports"


def chart_problems(report: Path, tmp_path: Path) -> tuple[int, list[str]]:
    """(charts found, texts outside their chart or overlapping another) as Chromium lays out the report."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed here (apt-get install chromium); .ci/run installs it in CI")
    page = tmp_path / "measured.html"
    page.write_text(report.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    run = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1150,900",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    found = re.search(r"<pre id=\"chart-check\">(.*?)</pre>", run.stdout, flags=re.S)
    assert found, run.stdout[-2000:]
    result = json.loads(unescape(found.group(1)))
    return result["charts"], result["problems"]


def test_every_chart_text_lies_inside_its_box(reports, tmp_path):
    charts, problems = chart_problems(reports / "bao-cao-tong-ket-2025-2026.html", tmp_path)
    assert charts == 15 * 4
    assert problems == []
