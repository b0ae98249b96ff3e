"""Declared dependencies are the ones the package uses: each runtime requirement in
pyproject.toml is imported somewhere in geo/, and a dropped one (pooch) is imported nowhere."""

from __future__ import annotations

import ast
import re
import tomllib

from tests.conftest import ROOT

def _declared() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0].strip().lower() for req in project["dependencies"]]


def _imported_top_level() -> set[str]:
    names = set()
    for path in (ROOT / "geo").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_every_declared_dependency_is_imported_by_the_package():
    imported = _imported_top_level()
    unused = [d for d in _declared() if d.replace("-", "_") not in imported]
    assert not unused, f"declared in pyproject.toml but imported nowhere in geo/: {unused}"


def test_pooch_is_neither_declared_nor_imported():
    assert "pooch" not in _declared()
    assert "pooch" not in _imported_top_level()
