"""Which dbt models a refresh must rebuild: those downstream of a raw table that changed.

A model's table depends on its SQL (the dbt project) and on the raw tables it reads. After every
successful build, `dbt_state.source_fingerprints` remembers a fingerprint of each raw table dbt
reads (its row count and the sum of a hash of every row, warehouse/fingerprints.py) and a digest of the
project it was built with. The next refresh compares:
- no state was recorded yet, a model's relation is missing from the file (a new build copy, a
  model added or dropped by hand), WAREHOUSE_REBUILD is set, or the project changed and the
  manifest of the last build is not kept beside the warehouse (or was made by another dbt
  version): everything is built;
- the project changed (a model, macro, seed, test, dbt_project.yml): what dbt's own state
  comparison selects (`state:modified+` against the last build's manifest, state.py) is
  rebuilt, with what the raw tables' fingerprints add;
- the models downstream of the raw tables whose fingerprint differs are rebuilt, with their
  tests; when none differs and the project is the same, dbt does not run.

Dagster is told the result before dbt starts (refresh.py plans the run's selection), so a
model the refresh keeps gets no new materialization: its history is the history of its data.

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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.warehouse.database import transaction
from orchestration.warehouse.fingerprints import Fingerprint, relation_fingerprints

STATE_SCHEMA = "dbt_state"
STATE_TABLE = f"{STATE_SCHEMA}.source_fingerprints"
# Set (to anything) to build every model, whatever changed.
FULL_REBUILD_SETTING = "WAREHOUSE_REBUILD"
# A model's meta key that declares it a gate (see the module's docstring).
GATE_META = "scope_gate"
# Gates are fingerprinted beside the sources, under this prefix and their model name.
GATE_PREFIX = "model:"
# The nodes a build materializes (tests are run with the models they test).
BUILT_TYPES = ("model", "seed", "snapshot")


@dataclass(frozen=True)
class Scope:
    """What to build: everything (`full`, with the reason), or the models, seeds and snapshots in
    `rebuild` (unique ids): downstream of the `changed` sources, short of the gates whose rows did
    not change, and, when the project changed (`project_changed`), what dbt's state comparison
    selected (`modified`)."""

    full: bool
    reason: str
    changed: tuple[str, ...] = ()
    rebuild: frozenset[str] = frozenset()
    project_changed: bool = False
    modified: frozenset[str] = frozenset()
    fingerprints: dict[str, Fingerprint | None] = field(default_factory=dict, compare=False)

    @property
    def nothing_to_build(self) -> bool:
        return not self.full and not self.rebuild


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
            unique_id
            for unique_id, n in self.raw["nodes"].items()
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
            if (
                node is not None
                and node["resource_type"] == "model"
                and node.get("config", {}).get("materialized") != "view"
            ):
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
            for u in self._declared_gates()
            if u not in problems
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

    def relations_of(self, unique_ids: frozenset[str]) -> set[tuple[str, str]]:
        """(schema, name) of the tables and views these nodes build."""
        nodes = self.raw["nodes"]
        return {(nodes[u]["schema"], nodes[u].get("alias") or nodes[u]["name"]) for u in unique_ids if u in nodes}

    @property
    def built_nodes(self) -> frozenset[str]:
        """Every model, seed and snapshot (what a build of everything materializes)."""
        return frozenset(u for u, n in self.raw["nodes"].items() if n["resource_type"] in BUILT_TYPES)


def relations_present(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """(schema, name) of every table and view in the file."""
    return set(con.execute("select table_schema, table_name from information_schema.tables").fetchall())


def fingerprints(
    con: duckdb.DuckDBPyConnection, sources: dict[str, tuple[str, str]], present: set[tuple[str, str]]
) -> dict[str, Fingerprint | None]:
    """Each source's (or gate's) fingerprint, or None when its table or view does not exist or no
    longer runs (a gate whose raw table is gone): counted as changed."""
    result: dict[str, Fingerprint | None] = {}
    for name, relation in sorted(sources.items()):
        whole = relation_fingerprints(con, relation) if relation in present else None
        result[name] = None if whole is None else next(iter(whole.values()))
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


def missing_relations(
    relations: list[tuple[str, str]], present: set[tuple[str, str]], built: set[tuple[str, str]] = frozenset()
) -> list[str]:
    """The relations neither in the file nor about to be `built`, as schema.name."""
    return [
        f"{schema}.{name}"
        for schema, name in relations
        if (schema, name) not in present and (schema, name) not in built
    ]


def decide(
    con: duckdb.DuckDBPyConnection,
    manifest: Manifest,
    project_digest: str,
    modified: Callable[[], frozenset[str] | None] = lambda: None,
    full_rebuild: bool = False,
) -> Scope:
    """What a refresh builds. `modified` is asked only when the project changed: the unique ids
    dbt's state comparison selects against the last build's manifest, or None when it cannot
    compare (then everything is built). `full_rebuild` (WAREHOUSE_REBUILD) builds everything."""
    present = relations_present(con)
    gates = manifest.gates
    current = fingerprints(con, {**manifest.sources, **gates}, present)
    if full_rebuild:
        return Scope(True, f"{FULL_REBUILD_SETTING} is set", fingerprints=current)
    digest, state = recorded(con, present)
    if digest is None:
        return Scope(True, "no earlier build recorded in this warehouse file", fingerprints=current)
    reasons = []
    project_changed = digest != project_digest
    selected: frozenset[str] = frozenset()
    if project_changed:
        compared = modified()
        if compared is None:
            return Scope(
                True,
                "the dbt project changed and the last build's manifest is not there to compare with",
                fingerprints=current,
            )
        selected = compared & manifest.built_nodes
        reasons.append(f"the dbt project changed: dbt's state comparison selects {len(selected)} models")
    # A model the project adds is built anyway; any other missing relation means a build of everything.
    missing = missing_relations(manifest.relations, present, manifest.relations_of(selected))
    if missing:
        return Scope(True, f"{len(missing)} model tables are missing (e.g. {missing[0]})", fingerprints=current)
    changed = tuple(name for name in sorted(current) if name not in state or state[name] != current[name])
    sources = tuple(name for name in changed if not name.startswith(GATE_PREFIX))
    rebuild = set(selected)
    if sources:
        # Gates are views over the sources: unchanged sources, unchanged gates.
        unchanged_gates = frozenset(gates) - set(changed)
        reason = f"raw tables changed: {', '.join(sources)}"
        if unchanged_gates:
            reason += f"; unchanged, so what reads them only through these is kept: {', '.join(g[len(GATE_PREFIX) :] for g in sorted(unchanged_gates))}"
        reasons.append(reason)
        rebuild |= manifest.downstream(sources, unchanged_gates) & manifest.built_nodes
    if not reasons:
        reasons.append("no raw table changed since the last build")
    return Scope(
        False, "; ".join(reasons), sources, frozenset(rebuild), project_changed, selected, fingerprints=current
    )


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
