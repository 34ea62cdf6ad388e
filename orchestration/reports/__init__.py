"""The year-end reports, generated from the year marts on every refresh: the Word report in the
form of Decree 30 (filled from reference/mau-bao-cao-tong-ket.docx), an HTML report that opens
offline, an Excel workbook of the scorecards, and the lineage of every figure they print.

Modules: `data` reads the year marts and `measures` section IV.6's breakdowns (text made safe
by `text_safety`); `labels`, `verdicts`, `findings`, `caveats` and `sheet_columns` hold the
Vietnamese wording; `word`, `word_annex` and `docx_fill` write the .docx, `html_report` (with
`templates/` and `charts`) the HTML, `workbook` the .xlsx; `lineage` records each printed
figure, `build` runs them all into a folder (each file written under a temporary name, then
renamed), `privacy_scan` proves no personal data reached them.
"""
