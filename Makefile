# The two first commands on a fresh machine:  make run   and   make test
# Everything is installed from the lock file (uv.lock) into .venv; uv itself is bootstrapped
# with pip into .tools/ when it is not on the PATH.

INBOX ?= sources
WAREHOUSE ?= warehouse/warehouse.duckdb
PERIODS ?=
SCHOOL_YEAR ?=
DAGSTER_HOME ?= $(CURDIR)/.dagster_home
PYTHON ?= python3

UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
export DAGSTER_HOME
export UV_PYTHON_DOWNLOADS := never

.PHONY: setup run test dev sql sample check bench clean help

help:
	@echo "make run    ingest the inbox (INBOX=$(INBOX)) and build the warehouse (WAREHOUSE=$(WAREHOUSE))"
	@echo "make test   run the test suite (and dg check defs)"
	@echo "make dev    the Dagster UI on http://localhost:3000 with the whole asset graph"
	@echo "make sql    a read-only SQL shell (DuckDB CLI) on the warehouse"
	@echo "make sample regenerate the sample inbox in sources/ (deterministic)"
	@echo "make bench  time the unit-report reader on a city-scale period (writes docs/benchmarks.md)"

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

setup: .venv/.synced

# The instance reads its settings from DAGSTER_HOME; the project's dagster.yaml is the source.
$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	@mkdir -p "$(DAGSTER_HOME)" && cp dagster.yaml "$@"

run: setup
	$(UV) run --frozen python -m orchestration.run --inbox "$(INBOX)" --warehouse "$(WAREHOUSE)" \
		$(if $(PERIODS),--periods "$(PERIODS)") $(if $(SCHOOL_YEAR),--school-year "$(SCHOOL_YEAR)")

check: setup $(DAGSTER_HOME)/dagster.yaml
	$(UV) run --frozen dg check defs

test: setup check
	$(UV) run --frozen pytest -q

dev: setup $(DAGSTER_HOME)/dagster.yaml
	INBOX="$(abspath $(INBOX))" WAREHOUSE="$(abspath $(WAREHOUSE))" $(UV) run --frozen dg dev

# Read-only, so that it never writes; close it before `make run` (DuckDB: one writer or readers).
sql: setup
	@test -f "$(WAREHOUSE)" || { echo "no warehouse at $(WAREHOUSE): run 'make run' first"; exit 1; }
	$(UV) run --frozen duckdb -readonly "$(WAREHOUSE)"

sample: setup
	$(UV) run --frozen python -m orchestration.sample.generate --out sources --scale small --seed 2025

# Generates ~3,700 workbooks into /tmp/bench-inbox on first use (about 1 minute), then times the
# readers; the table lands in docs/benchmarks.md.
bench: setup
	$(UV) run --frozen python -m orchestration.bench.unit_reports

clean:
	rm -rf .venv .tools warehouse .dagster_home dbt_project/target dbt_project/logs
