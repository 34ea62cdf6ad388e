"""Which dbt models a refresh must rebuild: those downstream of a raw table that changed.

A model's table depends on its SQL (the dbt project) and on the raw tables it reads. After every
successful build, `dbt_state.source_fingerprints` remembers a fingerprint of each raw table dbt
reads (its row count and the sum of a hash of every row, which DuckDB computes for all of them in
under a second at city scale) and a digest of the project it was built with. The next refresh
compares:
- the project changed (a model, macro, seed, test, dbt_project.yml, the profile or dbt's version),
  a model's relation is missing from the file (a new build copy, a model added or dropped by
  hand), no state was recorded yet, or WAREHOUSE_REBUILD is set: everything is built;
- otherwise only the models downstream of the raw tables whose fingerprint differs, with their
  tests (`dbt build --select source:raw.<table>+ ...`); when none differs, dbt does not run.

So a corrected workbook rebuilds the unit-report models and the marts that read them, but not
the media, survey and infrastructure models, whose inputs are the same rows as last time.

Some of those marts read the unit reports only through a small view: the periods loaded, the
units and their names. Such a view is declared a gate (`meta: {scope_gate: true}`); its rows are
fingerprinted like a raw table's, and when they are the same as last time, the models that read
the unit reports only through it are kept as well: a corrected workbook does not change which
periods are loaded or what the units are called, so the media and survey marts stay as they are.
A gate must be a view over sources, seeds and views only (its rows before the build are then
already the new ones); a declared gate that is not is ignored (`Manifest.gate_problems`, which
the tests check for the project's own gates).

The state lives in the warehouse file itself, in its own schema, so that it always describes the
tables beside it: a build copy deleted or replaced starts with a full build. It is written only
after a build that succeeded; a failed build leaves the previous state, and the next refresh
rebuilds what changed since then.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.lib.warehouse import quote_ident, transaction

STATE_SCHEMA = "dbt_state"
STATE_TABLE = f"{STATE_SCHEMA}.source_fingerprints"
# Set (to anything) to build every model, whatever changed.
FULL_REBUILD_ENV = "WAREHOUSE_REBUILD"
# A model's meta key that declares it a gate (see the module's docstring).
GATE_META = "scope_gate"
# Gates are fingerprinted beside the sources, under this prefix and their model name.
GATE_PREFIX = "model:"


@dataclass(frozen=True)
class Fingerprint:
    rows: int
    row_hash_sum: int


@dataclass(frozen=True)
class Scope:
    """What to build: everything (`full`, with the reason), or the nodes in `rebuild` (unique ids:
    downstream of the `changed` sources, short of the gates whose rows did not change)."""

    full: bool
    reason: str
    changed: tuple[str, ...] = ()
    rebuild: frozenset[str] = frozenset()
    fingerprints: dict[str, Fingerprint | None] = field(default_factory=dict, compare=False)

    @property
    def nothing_to_build(self) -> bool:
        return not self.full and not self.changed

    def select(self, manifest: Manifest) -> list[str]:
        """dbt's --select for this scope ([] for everything): the changed sources (for their
        tests) and the models, seeds and snapshots to rebuild by name; their tests come with them."""
        if self.full:
            return []
        nodes = manifest.raw["nodes"]
        built = sorted(nodes[u]["name"] for u in self.rebuild if nodes.get(u, {}).get("resource_type") in ("model", "seed", "snapshot"))
        return [f"source:{name}" for name in self.changed] + built


@dataclass(frozen=True)
class Manifest:
    """What the decision needs from dbt's manifest (`raw`, the parsed manifest.json): the
    sources, the relations the models and seeds build, and the graph between them."""

    raw: dict = field(repr=False)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    @property
    def sources(self) -> dict[str, tuple[str, str]]:
        """Each source by the name dbt selects it with ('raw.press_items') -> (schema, table)."""
        return {
            f"{s['source_name']}.{s['name']}": (s["schema"], s.get("identifier") or s["name"])
            for s in self.raw["sources"].values()
        }

    @property
    def relations(self) -> list[tuple[str, str]]:
        """(schema, name) of every table or view the models and seeds build."""
        return sorted(
            (n["schema"], n.get("alias") or n["name"])
            for n in self.raw["nodes"].values()
            if n["resource_type"] in ("model", "seed")
            and n.get("config", {}).get("materialized") in ("table", "view", "incremental", "seed")
            and n.get("config", {}).get("enabled", True)
        )

    def meta(self, unique_id: str) -> dict:
        """A node's meta, whether set in its YAML or in its SQL's config()."""
        node = self.raw["nodes"].get(unique_id, {})
        return {**node.get("meta", {}), **node.get("config", {}).get("meta", {})}

    def _declared_gates(self) -> list[str]:
        return sorted(
            unique_id for unique_id, n in self.raw["nodes"].items()
            if n["resource_type"] == "model" and self.meta(unique_id).get(GATE_META)
        )

    def not_a_view_chain(self, unique_id: str) -> str | None:
        """Why the rows of `unique_id` (a model) might not be current before a build, or None
        when they are: it is a view, and so is every model it reads (however indirectly), down
        to sources and seeds."""
        nodes, parents = self.raw["nodes"], self.raw["parent_map"]
        todo, seen = [unique_id], set()
        while todo:
            current = todo.pop()
            node = nodes.get(current)
            if node is not None and node["resource_type"] == "model" and node.get("config", {}).get("materialized") != "view":
                return f"{node['name']} is a {node.get('config', {}).get('materialized')}, not a view"
            for parent in parents.get(current, []):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return None

    def gate_problems(self) -> dict[str, str]:
        """Declared gates that cannot serve as one, with why: a gate's rows are read before the
        build, so it must be a view, and every model it reads (however indirectly) too."""
        return {gate: problem for gate in self._declared_gates() if (problem := self.not_a_view_chain(gate))}

    @property
    def gates(self) -> dict[str, tuple[str, str]]:
        """The usable gates by fingerprint name ('model:int_units') -> (schema, view)."""
        problems = self.gate_problems()
        nodes = self.raw["nodes"]
        return {
            f"{GATE_PREFIX}{nodes[u]['name']}": (nodes[u]["schema"], nodes[u].get("alias") or nodes[u]["name"])
            for u in self._declared_gates() if u not in problems
        }

    def source_id(self, name: str) -> str:
        source_name, table = name.split(".", 1)
        for unique_id, source in self.raw["sources"].items():
            if source["source_name"] == source_name and source["name"] == table:
                return unique_id
        raise KeyError(name)

    def downstream(self, sources: tuple[str, ...], unchanged_gates: frozenset[str] = frozenset()) -> set[str]:
        """Unique ids of every node downstream of the named sources (what `source:<name>+`
        selects), short of the `unchanged_gates` (fingerprint names): the nodes reached only
        through those read the same rows as last time."""
        children = self.raw["child_map"]
        stop = {u for u in self._declared_gates() if f"{GATE_PREFIX}{self.raw['nodes'][u]['name']}" in unchanged_gates}
        seen: set[str] = set()
        todo = [self.source_id(name) for name in sources]
        while todo:
            for child in children.get(todo.pop(), []):
                if child not in seen and child not in stop:
                    seen.add(child)
                    todo.append(child)
        return seen

    def built_nodes_in_order(self) -> list[str]:
        """Models, seeds and snapshots, each after every node it reads (dbt's own order)."""
        nodes = {k: n for k, n in self.raw["nodes"].items() if n["resource_type"] in ("model", "seed", "snapshot")}
        parents = self.raw["parent_map"]
        ordered: list[str] = []
        placed: set[str] = set()

        def place(unique_id: str) -> None:
            if unique_id in placed:
                return
            placed.add(unique_id)
            for parent in parents.get(unique_id, []):
                if parent in nodes:
                    place(parent)
            ordered.append(unique_id)

        for unique_id in sorted(nodes):
            place(unique_id)
        return ordered

    def kept_in_order(self, plan: Scope) -> list[str]:
        """The models, seeds and snapshots a plan does not rebuild, parents first."""
        if plan.full:
            return []
        return [unique_id for unique_id in self.built_nodes_in_order() if unique_id not in plan.rebuild]


def relations_present(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """(schema, name) of every table and view in the file."""
    return set(con.execute("select table_schema, table_name from information_schema.tables").fetchall())


# A relation's rows as one fingerprint: their count and the sum of each row's hash. hash(t) hashes
# the whole row as one struct: a value moved from one row to another changes the sum, which
# per-column hashes would not notice. (period_scope.py takes it per period.)
ROW_FINGERPRINT_SQL = "count(*), coalesce(sum(hash(t)), 0)"


def fingerprints(
    con: duckdb.DuckDBPyConnection, sources: dict[str, tuple[str, str]], present: set[tuple[str, str]]
) -> dict[str, Fingerprint | None]:
    """Each source's (or gate's) fingerprint, or None when its table or view does not exist."""
    result: dict[str, Fingerprint | None] = {}
    for name, (schema, table) in sorted(sources.items()):
        if (schema, table) not in present:
            result[name] = None
            continue
        try:
            rows, hash_sum = con.execute(
                f"select {ROW_FINGERPRINT_SQL} from {quote_ident(schema)}.{quote_ident(table)} as t"
            ).fetchone()
        except duckdb.Error:
            # A gate's view that no longer runs (a raw table it reads is gone): counted as changed.
            result[name] = None
            continue
        result[name] = Fingerprint(int(rows), int(hash_sum))
    return result


def recorded(
    con: duckdb.DuckDBPyConnection, present: set[tuple[str, str]]
) -> tuple[str | None, dict[str, Fingerprint | None]]:
    """The project digest and the fingerprints of the last successful build (None, {} when none)."""
    if (STATE_SCHEMA, "source_fingerprints") not in present:
        return None, {}
    rows = con.execute(f"select source, project_digest, present, row_count, row_hash_sum from {STATE_TABLE}").fetchall()
    digests = {bytes(r[1]).decode() for r in rows}
    if len(digests) != 1:
        return None, {}
    state = {source: Fingerprint(int(n), int(h)) if present else None for source, _, present, n, h in rows}
    return digests.pop(), state


def missing_relations(relations: list[tuple[str, str]], present: set[tuple[str, str]]) -> list[str]:
    return [f"{schema}.{name}" for schema, name in relations if (schema, name) not in present]


def decide(con: duckdb.DuckDBPyConnection, manifest: Manifest, project_digest: str) -> Scope:
    present = relations_present(con)
    gates = manifest.gates
    current = fingerprints(con, {**manifest.sources, **gates}, present)
    if os.environ.get(FULL_REBUILD_ENV):
        return Scope(True, f"{FULL_REBUILD_ENV} is set", fingerprints=current)
    digest, state = recorded(con, present)
    if digest is None:
        return Scope(True, "no earlier build recorded in this warehouse file", fingerprints=current)
    if digest != project_digest:
        return Scope(True, "the dbt project changed since the last build", fingerprints=current)
    missing = missing_relations(manifest.relations, present)
    if missing:
        return Scope(True, f"{len(missing)} model tables are missing (e.g. {missing[0]})", fingerprints=current)
    changed = tuple(name for name in sorted(current) if name not in state or state[name] != current[name])
    sources = tuple(name for name in changed if not name.startswith(GATE_PREFIX))
    if not sources:
        # Gates are views over the sources: unchanged sources, unchanged gates.
        return Scope(False, "no raw table changed since the last build", fingerprints=current)
    unchanged_gates = frozenset(gates) - set(changed)
    reason = f"raw tables changed: {', '.join(sources)}"
    if unchanged_gates:
        reason += f"; unchanged, so what reads them only through these is kept: {', '.join(g[len(GATE_PREFIX):] for g in sorted(unchanged_gates))}"
    rebuild = frozenset(manifest.downstream(sources, unchanged_gates))
    return Scope(False, reason, sources, rebuild, fingerprints=current)


def record(
    con: duckdb.DuckDBPyConnection,
    project_digest: str,
    current: dict[str, Fingerprint | None],
    gates: dict[str, tuple[str, str]] | None = None,
) -> None:
    """Remember what a successful build was built from (in one transaction): the sources'
    fingerprints taken before it, and the `gates` fingerprinted now, after it, since the build
    may have created their views or changed their SQL."""
    if gates:
        current = {**current, **fingerprints(con, gates, relations_present(con))}
    con.execute(f"create schema if not exists {STATE_SCHEMA}")
    con.execute(
        f"""create table if not exists {STATE_TABLE} (
            source varchar primary key, project_digest blob, present boolean,
            row_count bigint, row_hash_sum hugeint)"""
    )
    rows = [
        (name, project_digest.encode(), fp is not None, fp.rows if fp else 0, fp.row_hash_sum if fp else 0)
        for name, fp in sorted(current.items())
    ]
    with transaction(con):
        con.execute(f"delete from {STATE_TABLE}")
        if rows:
            con.executemany(f"insert into {STATE_TABLE} values (?, ?, ?, ?, ?)", rows)
