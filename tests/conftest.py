"""Shared pytest set-up: every test runs against the project's own code, never an installed copy."""
