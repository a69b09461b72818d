"""Every generated package declares what it imports: a module the package
imports at run time comes from the standard library, the package itself, or
a distribution in its ``pyproject.toml`` dependencies."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BEDS = json.loads((ROOT / "tests" / "beds.json").read_text(encoding="utf-8"))


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules(package: Path) -> set[str]:
    found: set[str] = set()
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("bed", BEDS, ids=[b["name"] for b in BEDS])
def test_every_import_is_a_declared_dependency(bed: dict[str, str]) -> None:
    python = ROOT / bed["out"] / "python"
    project = tomllib.loads((python / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {normalized(re.split(r"[<>=!~ ;\[]", d, maxsplit=1)[0]) for d in project["dependencies"]}
    module = project["name"].replace("-", "_")
    distributions = importlib.metadata.packages_distributions()
    third_party = imported_modules(python / module) - set(sys.stdlib_module_names) - {"__future__", module}
    assert third_party, "a generated package imports pydantic at least"
    for name in sorted(third_party):
        owners = {normalized(d) for d in distributions.get(name, [name])}
        assert owners & declared, f"{module} imports {name} (from {sorted(owners)}), not in {sorted(declared)}"
