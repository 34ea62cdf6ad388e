"""The PostgreSQL server the production-path tests use (WAREHOUSE_PG_*, started in CI by .ci/postgres-server).

Without a server the tests are skipped, saying why; in CI (CI=true) they fail instead, so that a
server that did not start never passes for a green build.
"""

from __future__ import annotations

import os

import pytest

from orchestration.warehouse import postgres_mirror


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def connect_or_skip():
    """An open psycopg2 connection to the warehouse database, or skip (fail in CI) with the reason."""
    settings = postgres_mirror.connection_settings(os.environ)
    where = f"{settings['user']}@{settings['host']}:{settings['port']}/{settings['dbname']}"
    try:
        return postgres_mirror.connect(os.environ, connect_timeout=3)
    except Exception as exc:  # any connection error: the reason is in the message
        reason = f"no PostgreSQL server reachable at {where} (set WAREHOUSE_PG_*; CI starts one): {str(exc).strip()}"
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
