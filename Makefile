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

.PHONY: setup run test dev sql sample check bench classify clean help lint-fix

help:
	@echo "make run    ingest the inbox (INBOX=$(INBOX)) and build the warehouse (WAREHOUSE=$(WAREHOUSE))"
	@echo "make test   run the test suite (and dg check defs)"
	@echo "make dev    the Dagster UI on http://localhost:3000 with the whole asset graph"
	@echo "make sql    a read-only SQL shell (DuckDB CLI) on the warehouse"
	@echo "make sample regenerate the sample inbox in sources/ (deterministic)"
	@echo "make bench  time the unit-report reader and the whole pipeline on a city-scale year (writes docs/benchmarks.md)"
	@echo "make postgres  build the marts on PostgreSQL (WAREHOUSE_PG_*) and check they equal the DuckDB ones"
	@echo "make -s classify < items.jsonl > labelled.jsonl   add task and sentiment to JSON Lines (docs/classifier.md)"

SETUP_LOG := $(CURDIR)/logs/setup.log

$(CURDIR)/.tools/bin/uv:
	@mkdir -p logs; printf 'installing uv into .tools/ (details: %s) ... ' "$(SETUP_LOG)"; start=$$(date +%s); \
	if { $(PYTHON) -m venv .tools && .tools/bin/python -m pip install --quiet uv; } >>"$(SETUP_LOG)" 2>&1; \
	then echo "done in $$(( $$(date +%s) - start )) s"; else echo "FAILED: see $(SETUP_LOG)"; tail -n 20 "$(SETUP_LOG)"; exit 1; fi

# --compile-bytecode: Python's bytecode written once at install. Where PYTHONDONTWRITEBYTECODE is
# set (as on the CI machine), every process would otherwise compile Dagster, dbt and polars
# from source: about 3 s at each run, step and dbt start.
# One line on the terminal; uv's list of packages goes to logs/setup.log.
.venv/.synced: pyproject.toml uv.lock | $(UV)
	@mkdir -p logs; printf 'setting up .venv from uv.lock (details: %s) ... ' "$(SETUP_LOG)"; start=$$(date +%s); \
	if $(UV) sync --frozen --compile-bytecode >>"$(SETUP_LOG)" 2>&1; \
	then echo "done in $$(( $$(date +%s) - start )) s"; else echo "FAILED: see $(SETUP_LOG)"; tail -n 20 "$(SETUP_LOG)"; exit 1; fi
	@touch $@

setup: .venv/.synced

# The instance reads its settings from DAGSTER_HOME; the project's dagster.yaml is the source, or
# dagster.postgres.yaml (runs and events in PostgreSQL) when DAGSTER_PG_HOST is set. Copied every
# time, so that switching between the two takes effect.
DAGSTER_YAML = $(if $(DAGSTER_PG_HOST),dagster.postgres.yaml,dagster.yaml)
.PHONY: $(DAGSTER_HOME)/dagster.yaml
$(DAGSTER_HOME)/dagster.yaml: $(DAGSTER_YAML)
	@mkdir -p "$(DAGSTER_HOME)" && cp $(DAGSTER_YAML) "$@"

run: setup
	@$(UV) run --frozen --quiet python -m orchestration.run --inbox "$(INBOX)" --warehouse "$(WAREHOUSE)" \
		$(if $(PERIODS),--periods "$(PERIODS)") $(if $(SCHOOL_YEAR),--school-year "$(SCHOOL_YEAR)")

check: setup $(DAGSTER_HOME)/dagster.yaml
	$(UV) run --frozen dg check defs

# Lint and format are checked first (configuration in pyproject.toml): `make lint-fix` applies them.
test: setup check
	$(UV) run --frozen ruff check orchestration tests tools reference
	$(UV) run --frozen ruff format --check orchestration tests tools reference
	$(UV) run --frozen pytest -q

lint-fix: setup
	$(UV) run --frozen ruff check --fix orchestration tests tools reference
	$(UV) run --frozen ruff format orchestration tests tools reference

dev: setup $(DAGSTER_HOME)/dagster.yaml
	@echo "Dagster's warning that ./dagster.yaml 'will not be used' is expected: make copied it to $(DAGSTER_HOME), which is used."
	INBOX="$(abspath $(INBOX))" WAREHOUSE="$(abspath $(WAREHOUSE))" $(UV) run --frozen dg dev

# Read-only, on the published copy: a refresh builds into warehouse/.build/ and replaces the
# published file in one rename, so an open shell never blocks it (the shell keeps its copy until
# it reconnects). Timestamps show in the Department's time zone.
sql: setup
	@test -f "$(WAREHOUSE)" || { echo "no warehouse at $(WAREHOUSE): run 'make run' first"; exit 1; }
	@$(UV) run --frozen --quiet duckdb -readonly -cmd "SET TimeZone = 'Asia/Ho_Chi_Minh'" "$(WAREHOUSE)"

sample: setup
	$(UV) run --frozen python -m tools.sample.generate --out sources --scale small --seed 2025

# Generates ~3,700 workbooks into /tmp/bench-inbox on first use (about 1 minute), then times the
# readers; then the whole pipeline on a city-scale school year in /tmp/bench-city (generated on
# first use, about 8 minutes): full build, one new period, one corrected workbook, against the
# floor (tools/bench/pipeline_floor.py). The tables land in docs/benchmarks.md.
bench: setup
	$(UV) run --frozen python -m tools.bench.unit_reports
	$(UV) run --frozen python -m tools.bench.pipeline

# Standard output carries only the labelled JSON Lines: the environment check and uv's own
# messages go to standard error (use `make -s` so that make does not echo the command).
classify: setup
	@$(UV) run --frozen --quiet python -m orchestration.classify

# The production path: mirror the warehouse's raw tables into PostgreSQL, build every model there
# (dbt target postgres) and check that each mart equals the DuckDB one. WAREHOUSE_PG_HOST, _PORT,
# _USER, _PASSWORD and _DATABASE say where (README.md, "Production path").
.PHONY: postgres
postgres: setup
	$(UV) run --frozen python -m orchestration.postgres --warehouse "$(WAREHOUSE)"

clean:
	rm -rf .venv .tools warehouse .dagster_home dbt_project/target dbt_project/logs
