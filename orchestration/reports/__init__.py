"""The year-end reports (issue 7), generated from the year marts on every refresh: an HTML report
that opens offline, an Excel workbook of the scorecards, a Word draft of the Báo cáo tổng kết,
and the lineage of every figure they print.

Modules: `data` reads the marts, `labels` holds the Vietnamese wording, `charts` draws inline
SVG, `html_report`, `workbook` and `word` write the three files, `lineage` records each printed
figure, `build` runs them all into a folder (each file written under a temporary name, then
renamed), `privacy_scan` proves no personal data reached them.
"""
