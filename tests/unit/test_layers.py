"""The package's folders are layers, and imports run one way: down.

README.md ("Layout") gives the rule this test enforces. A module may import its own layer and
the layers below it; the tools (tools/: benchmarks, the sample and city generators, the
reliability drills) may import the package, never the other way round.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "orchestration"

# Bottom to top.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("domain", ("orchestration.domain",)),
    ("formats", ("orchestration.formats",)),
    ("readers", ("orchestration.readers", "orchestration.classify")),
    ("warehouse", ("orchestration.warehouse",)),
    ("privacy", ("orchestration.privacy",)),
    ("reports", ("orchestration.reports",)),
    ("defs", ("orchestration.defs", "orchestration.definitions")),
    (
        "entry points",
        (
            "orchestration.run",
            "orchestration.recovery",
            "orchestration.dbt_progress",
            "orchestration.postgres",
            "orchestration.postgres_compare",
        ),
    ),
]


# Layers whose packages do not import each other: the readers (files to tables) and the media
# classifier (text to labels) are two consumers of the formats and the domain.
SEPARATE = {"readers"}
# Only the Dagster definitions and the entry points know Dagster is there.
DAGSTER_LAYERS = {"defs", "entry points"}


def layer_of(module: str) -> int | None:
    for rank, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    return None


def imported_modules(source: str, module: str) -> list[str]:
    """Every module an import statement names, anywhere in the file (functions included); for
    `from a import b`, both `a` and `a.b` (b may be a module of its own)."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                base = module.split(".")[: -node.level]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names.append(target)
            names += [f"{target}.{alias.name}" for alias in node.names]
    return names


def top_package(module: str) -> str:
    return ".".join(module.split(".")[:2])


def violations(source: str, module: str) -> list[str]:
    own = layer_of(module)
    found = []
    for target in imported_modules(source, module):
        if target.split(".")[0] == "tools":
            problem = f"{module} imports {target.split('.')[0]}: the package never imports the tools"
            if problem not in found:
                found.append(problem)
            continue
        if target.split(".")[0] in ("dagster", "dagster_dbt") and own is not None:
            problem = f"{module} ({LAYERS[own][0]}) imports {target.split('.')[0]}: only defs and the entry points do"
            if LAYERS[own][0] not in DAGSTER_LAYERS and problem not in found:
                found.append(problem)
            continue
        theirs = layer_of(target)
        if own is None or theirs is None:
            continue
        if theirs > own:
            found.append(f"{module} ({LAYERS[own][0]}) imports {target} ({LAYERS[theirs][0]})")
        elif theirs == own and LAYERS[own][0] in SEPARATE and top_package(module) != top_package(target):
            found.append(f"{module} imports {target}: {LAYERS[own][0]} packages do not import each other")
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer():
    unplaced = [module_name(p) for p in package_modules() if layer_of(module_name(p)) is None]
    # The package's own __init__ is the only module outside the layers.
    assert unplaced == ["orchestration"]


def test_imports_run_down_the_layers():
    found = []
    for path in package_modules():
        found += violations(path.read_text(encoding="utf-8"), module_name(path))
    assert found == []


def test_an_upward_import_is_reported():
    source = "import dagster\nfrom orchestration.defs.warehouse import Warehouse\n"
    assert violations(source, "orchestration.domain.text") == [
        "orchestration.domain.text (domain) imports dagster: only defs and the entry points do",
        "orchestration.domain.text (domain) imports orchestration.defs.warehouse (defs)",
        "orchestration.domain.text (domain) imports orchestration.defs.warehouse.Warehouse (defs)",
    ]


def test_an_import_inside_a_function_is_seen():
    source = "def read():\n    from orchestration.warehouse import database\n    return database\n"
    assert violations(source, "orchestration.formats.excel") == [
        "orchestration.formats.excel (formats) imports orchestration.warehouse (warehouse)",
        "orchestration.formats.excel (formats) imports orchestration.warehouse.database (warehouse)",
    ]


def test_dagster_below_defs_is_reported():
    source = "def recover(instance):\n    import dagster as dg\n    return dg\n"
    assert violations(source, "orchestration.warehouse.publish") == [
        "orchestration.warehouse.publish (warehouse) imports dagster: only defs and the entry points do",
    ]
    assert violations(source, "orchestration.defs.operations.publish") == []


def test_importing_the_tools_is_reported():
    assert violations("from tools.sample import generate\n", "orchestration.run") == [
        "orchestration.run imports tools: the package never imports the tools",
    ]


def test_downward_and_sideways_imports_are_allowed():
    source = "from orchestration.domain import text\nfrom orchestration.readers.quarantine import Reject\n"
    assert violations(source, "orchestration.readers.survey.export") == []


def test_readers_and_the_classifier_stay_apart():
    assert violations("from orchestration.classify import classifier\n", "orchestration.readers.press") == [
        "orchestration.readers.press imports orchestration.classify: readers packages do not import each other",
        "orchestration.readers.press imports orchestration.classify.classifier: readers packages do not import each other",
    ]
