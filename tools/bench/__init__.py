"""Benchmarks: scripts that generate city-scale inboxes and time the readers on them.

They are run by hand (`python -m tools.bench.unit_reports`), never by the test suite;
their measured tables are kept in docs/benchmarks.md.
"""
