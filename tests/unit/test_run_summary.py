"""The refresh's closing summary lists the reports it published, not the bookkeeping files beside
them (the data catalogue keeps the key it was generated for in a hidden file)."""

from orchestration.run import published_reports


def test_published_reports_are_the_visible_files(tmp_path):
    for name in ("the-diem-2025-2026.xlsx", "data-catalogue.html", ".data-catalogue.html.key"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "archive").mkdir()
    assert [p.name for p in published_reports(tmp_path)] == ["data-catalogue.html", "the-diem-2025-2026.xlsx"]
