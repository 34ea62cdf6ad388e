"""A deterministic generator of a sample inbox in the formats of `shared/domain/sources.md`.

`python -m tools.sample.generate --out sources --scale small --seed 2025` writes unit
reports, press, fanpage and web exports, surveys, feedback logs and infrastructure statistics,
with the mess real files carry placed on purpose (see `sources/README.md`).
"""
