"""Dagster definitions, one folder per source family or concern."""
