"""Which periods a period-scoped model rebuilds: those whose input rows changed.

scope.py decides which models a refresh rebuilds at all. A rebuilt model declared period-scoped
(`meta: {period_scoped: true}`, materialized incremental with `period_scoped_config`, see
dbt_project/macros/period_scoped.sql) computes each period's rows from its inputs' rows for that
period only. So when a new quarter arrives, its press items and page views are attributed for
that quarter, and the earlier quarters' rows are kept.

For each such model, every input it reads is either
- unchanged in this refresh (a model scope.py keeps, a seed, a raw table whose fingerprint is
  the same): it does not widen the periods;
- a period-keyed relation whose rows are current before the build (a raw table, or a view over
  views, sources and seeds) with a `period_key` column: its rows are fingerprinted per period
  (count and hash sum, as scope.py does for whole tables) and compared with the fingerprints
  recorded after the last successful build; the periods that differ are rebuilt;
- a view declared period-preserving (`meta: {period_preserving: true}`: its rows of a period come
  from its inputs' rows of that period only, e.g. a de-duplication whose key holds the period):
  the periods in which its own inputs changed, looked at by these same rules. Running a view over
  millions of rows costs about as much as the rebuild saves; its raw table's periods cost little;
- another period-scoped model: the periods it rebuilds are rebuilt here too;
- anything else (a table rebuilt whole, an input without a period): every period is rebuilt.

Rows with no period are their own period, ''. The recorded fingerprints live beside scope.py's,
in `dbt_state.period_fingerprints` (input names, period keys and numbers: no values).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import duckdb

from orchestration.defs.transform.scope import STATE_SCHEMA, Manifest, Scope, relations_present
from orchestration.warehouse.database import quote_ident, transaction
from orchestration.warehouse.fingerprints import Fingerprint, relation_fingerprints

PERIOD_META = "period_scoped"
PERIOD_PRESERVING_META = "period_preserving"
PERIOD_COLUMN = "period_key"
STATE_TABLE = f"{STATE_SCHEMA}.period_fingerprints"
# The decision dbt's models read when they run (macros/period_scoped.sql): rows of this table
# under a plan token, named to the one dbt build by project.period_plan.
PLAN_TABLE = f"{STATE_SCHEMA}.rebuild_periods"

PeriodFingerprints = dict[str, Fingerprint]


@dataclass(frozen=True)
class PeriodPlan:
    """`periods`: model name -> the periods it rebuilds (a model absent rebuilds every period);
    `whole`: model name -> why it rebuilds every period; `fingerprints`: the period-keyed inputs
    fingerprinted for the decision (input name -> period -> fingerprint)."""

    periods: dict[str, tuple[str, ...]] = field(default_factory=dict)
    whole: dict[str, str] = field(default_factory=dict)
    fingerprints: dict[str, PeriodFingerprints] = field(default_factory=dict, compare=False)

    def plan_rows(self, plan: str) -> list[tuple[str, str, str | None]]:
        """(plan, model, period) for PLAN_TABLE; a model that rebuilds no period has one row
        whose period is null (a model absent rebuilds every period)."""
        return [
            (plan, name, period) for name, periods in sorted(self.periods.items()) for period in (periods or (None,))
        ]

    def describe(self) -> list[str]:
        lines = [
            f"{name} rebuilds {', '.join(p or '(no period)' for p in periods) or 'no period'} only"
            for name, periods in sorted(self.periods.items())
        ]
        lines += [f"{name} rebuilds every period: {why}" for name, why in sorted(self.whole.items())]
        return lines


def _input(manifest: Manifest, unique_id: str) -> tuple[str, tuple[str, str] | None]:
    """An input's name (as recorded) and its relation when its rows are current before a build
    (a raw table, or a view over views), else None."""
    if unique_id in manifest.raw["sources"]:
        source = manifest.raw["sources"][unique_id]
        return f"{source['source_name']}.{source['name']}", (
            source["schema"],
            source.get("identifier") or source["name"],
        )
    node = manifest.raw["nodes"][unique_id]
    name = f"model:{node['name']}" if node["resource_type"] == "model" else f"{node['resource_type']}:{node['name']}"
    if node["resource_type"] != "model" or manifest.not_a_view_chain(unique_id):
        return name, None
    return name, (node["schema"], node.get("alias") or node["name"])


def _period_preserving(manifest: Manifest, unique_id: str) -> bool:
    """A view declared `period_preserving`: its rows of a period come from its inputs' rows of
    that period only, so the periods in which they changed are its own (no need to run it)."""
    node = manifest.raw["nodes"].get(unique_id)
    return (
        node is not None
        and node["resource_type"] == "model"
        and node.get("config", {}).get("materialized") == "view"
        and bool(manifest.meta(unique_id).get(PERIOD_PRESERVING_META))
    )


def period_scoped(manifest: Manifest) -> list[str]:
    """Unique ids of the models declared period-scoped, in build order."""
    nodes = manifest.raw["nodes"]
    return [
        unique_id
        for unique_id in manifest.built_nodes_in_order()
        if nodes[unique_id]["resource_type"] == "model" and manifest.meta(unique_id).get(PERIOD_META)
    ]


def _fingerprinted_inputs(manifest: Manifest, unique_id: str, found: dict[str, tuple[str, str]]) -> None:
    """The relations fingerprinted per period for one input of a period-scoped model: itself, or,
    through period-preserving views, the inputs they read."""
    if manifest.meta(unique_id).get(PERIOD_META):
        return  # another period-scoped model: its periods are decided, not fingerprinted
    if _period_preserving(manifest, unique_id):
        for parent in manifest.raw["parent_map"].get(unique_id, []):
            _fingerprinted_inputs(manifest, parent, found)
        return
    name, relation = _input(manifest, unique_id)
    if relation is not None:
        found[name] = relation


def period_inputs(manifest: Manifest) -> dict[str, tuple[str, str]]:
    """Every relation fingerprinted per period for the period-scoped models, by name."""
    found: dict[str, tuple[str, str]] = {}
    for model in period_scoped(manifest):
        for parent in manifest.raw["parent_map"].get(model, []):
            _fingerprinted_inputs(manifest, parent, found)
    return found


def fingerprints(con: duckdb.DuckDBPyConnection, relation: tuple[str, str]) -> PeriodFingerprints | None:
    """Each period's fingerprint of a relation's rows, or None when it has no period column or
    does not run."""
    schema, table = relation
    has_period = con.execute(
        "select count(*) from information_schema.columns where table_schema = ? and table_name = ? and column_name = ?",
        [schema, table, PERIOD_COLUMN],
    ).fetchone()[0]
    if not has_period:
        return None
    return relation_fingerprints(con, relation, PERIOD_COLUMN)


def recorded(con: duckdb.DuckDBPyConnection) -> dict[str, PeriodFingerprints]:
    if (STATE_SCHEMA, "period_fingerprints") not in relations_present(con):
        return {}
    state: dict[str, PeriodFingerprints] = {}
    for name, period, n, h in con.execute(
        f"select input, period, row_count, row_hash_sum from {STATE_TABLE}"
    ).fetchall():
        state.setdefault(name, {})[period] = Fingerprint(int(n), int(h))
    return state


class _ChangedPeriods:
    """The periods in which an input's rows changed since the last build, or why that is not
    known (then the model reading it rebuilds every period)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, manifest: Manifest, plan: Scope):
        self._con, self._manifest, self._plan = con, manifest, plan
        self._changed_sources = {manifest.source_id(name) for name in plan.changed}
        self._state = recorded(con)
        self.computed: dict[str, PeriodFingerprints | None] = {}
        self.decided: dict[str, tuple[str, ...]] = {}  # period-scoped models decided so far
        self.whole: dict[str, str] = {}

    def of(self, unique_id: str) -> tuple[set[str], list[str]]:
        manifest, nodes = self._manifest, self._manifest.raw["nodes"]
        changed = (
            unique_id in self._changed_sources
            if unique_id in manifest.raw["sources"]
            else unique_id in self._plan.rebuild
        )
        if not changed:
            return set(), []
        label = nodes[unique_id]["name"] if unique_id in nodes else unique_id.split(".", 2)[-1]
        if unique_id in nodes and label in self.decided:
            return set(self.decided[label]), []
        if unique_id in nodes and label in self.whole:
            return set(), [f"{label} rebuilds every period"]
        if _period_preserving(manifest, unique_id):
            periods: set[str] = set()
            reasons: list[str] = []
            for parent in sorted(manifest.raw["parent_map"].get(unique_id, [])):
                found, why = self.of(parent)
                periods |= found
                reasons += why
            return periods, reasons
        name, relation = _input(manifest, unique_id)
        if relation is None:
            return set(), [f"{label} changed and is rebuilt as a whole"]
        if name not in self.computed:
            self.computed[name] = fingerprints(self._con, relation)
        now, before = self.computed[name], self._state.get(name)
        if now is None:
            return set(), [f"{label} has no {PERIOD_COLUMN}"]
        if before is None:
            return set(), [f"no per-period record of {label} yet"]
        return {p for p in now.keys() | before.keys() if now.get(p) != before.get(p)}, []


def decide(con: duckdb.DuckDBPyConnection, manifest: Manifest, plan: Scope) -> PeriodPlan:
    """The periods each rebuilt period-scoped model recomputes, for a refresh that does not
    build everything (`plan` from scope.decide)."""
    if plan.full or plan.nothing_to_build:
        return PeriodPlan()
    changed = _ChangedPeriods(con, manifest, plan)
    for model in period_scoped(manifest):
        if model not in plan.rebuild:
            continue
        if model in plan.modified:
            # Its SQL, or that of something it reads, changed: its rows before are no guide.
            changed.whole[manifest.raw["nodes"][model]["name"]] = "the dbt project changed what it computes"
            continue
        periods: set[str] = set()
        reasons: list[str] = []
        for parent in sorted(manifest.raw["parent_map"].get(model, [])):
            found, why = changed.of(parent)  # every input is looked at, so that all are recorded
            periods |= found
            reasons += why
        name = manifest.raw["nodes"][model]["name"]
        if reasons:
            changed.whole[name] = "; ".join(dict.fromkeys(reasons))
        else:
            changed.decided[name] = tuple(sorted(periods))
    return PeriodPlan(changed.decided, changed.whole, {k: v for k, v in changed.computed.items() if v is not None})


def write_plan(con: duckdb.DuckDBPyConnection, decided: PeriodPlan) -> str | None:
    """Store the decision for the dbt build about to run; returns its token (for project.period_plan), or
    None when no model is limited to some periods. Earlier plans are removed: a token names
    one build, so a plan left by a build that was killed is never read again."""
    con.execute(f"create schema if not exists {STATE_SCHEMA}")
    con.execute(f"create table if not exists {PLAN_TABLE} (plan varchar, model varchar, period varchar)")
    plan = uuid.uuid4().hex if decided.periods else None
    with transaction(con):
        con.execute(f"delete from {PLAN_TABLE}")
        if plan:
            con.executemany(f"insert into {PLAN_TABLE} values (?, ?, ?)", decided.plan_rows(plan))
    return plan


def drop_tables(con: duckdb.DuckDBPyConnection, manifest: Manifest, only: frozenset[str] | None = None) -> list[str]:
    """Before a build of everything (or of the `only` models the project changed): the
    period-scoped tables are dropped, so that dbt creates them from their SQL as it is now (a
    changed project may have changed their columns)."""
    dropped = []
    for model in period_scoped(manifest):
        if only is not None and model not in only:
            continue
        node = manifest.raw["nodes"][model]
        schema, table = node["schema"], node.get("alias") or node["name"]
        con.execute(f"drop table if exists {quote_ident(schema)}.{quote_ident(table)}")
        dropped.append(f"{schema}.{table}")
    return dropped


def record(con: duckdb.DuckDBPyConnection, manifest: Manifest, decided: PeriodPlan, full: bool) -> None:
    """After a successful build: each period-keyed input's fingerprints. A refresh that did not
    build everything keeps the earlier record of the inputs it did not fingerprint (they did not
    change); after a build of everything, every input is fingerprinted now (their views may have
    been created or redefined)."""
    before = {} if full else recorded(con)
    rows = []
    for name, relation in sorted(period_inputs(manifest).items()):
        if not full and name in decided.fingerprints:
            now = decided.fingerprints[name]
        elif not full and name in before:
            now = before[name]
        else:
            now = fingerprints(con, relation)
        for period, fp in sorted((now or {}).items()):
            rows.append((name, period, fp.rows, fp.row_hash_sum))
    con.execute(f"create schema if not exists {STATE_SCHEMA}")
    con.execute(
        f"""create table if not exists {STATE_TABLE} (
            input varchar, period varchar, row_count bigint, row_hash_sum hugeint, primary key (input, period))"""
    )
    with transaction(con):
        con.execute(f"delete from {STATE_TABLE}")
        if rows:
            con.executemany(f"insert into {STATE_TABLE} values (?, ?, ?, ?)", rows)
