"""The chapters use the public API only: what ``advisor.__all__`` lists and the submodules in
``advisor.PUBLIC_MODULES``, never ``advisor.core`` or a name with a leading underscore. Every public
name is documented."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

import advisor

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.S | re.M)


def imports(text: str) -> list[tuple[int, str, list[str]]]:
    """(line in the cell, module, names) for each import in the code cells of a chapter."""
    found = []
    for cell in CELL.findall(text):
        if cell.startswith("---\n"):  # the cell's options as a YAML block
            end = cell.index("\n---\n", 3)
            cell = "\n" * cell.count("\n", 0, end + 5) + cell[end + 5 :]
        # Cell options (":tags:") and IPython magics are not Python.
        code = "\n".join("" if line.lstrip().startswith(("%", "!", ":")) else line for line in cell.splitlines())
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Import):
                found += [(node.lineno, alias.name, []) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.append((node.lineno, node.module, [alias.name for alias in node.names]))
    return found


def problems(module: str, names: list[str]) -> list[str]:
    """What is not public in one import: [] where everything is."""
    if module != "advisor" and not module.startswith("advisor."):
        return []
    parts = module.split(".")
    if any(part.startswith("_") for part in parts) or any(name.startswith("_") for name in names):
        return [f"a private name ({module}: {names})"]
    if len(parts) > 2 or (len(parts) == 2 and parts[1] not in advisor.PUBLIC_MODULES):
        return [f"{module} is internal (public submodules: advisor.PUBLIC_MODULES)"]
    if module == "advisor":
        return [
            f"advisor.{name} is not public (not in advisor.__all__)"
            for name in names
            if name not in advisor.__all__ and name not in advisor.PUBLIC_MODULES
        ]
    public = getattr(importlib.import_module(module), "__all__", None)
    return [f"{module}.{name} is not in its __all__" for name in names if public is not None and name not in public]


def test_the_check_itself():
    assert problems("advisor.core.costs", ["cost_curve"])
    assert problems("advisor", ["_LAZY"])
    assert problems("advisor._private", ["x"])
    assert problems("advisor", ["not_a_public_name"])
    assert problems("advisor.core", ["evaluation"])
    assert problems("advisor.page", ["_table"])
    assert not problems("advisor", ["cost_curve", "charts", "tco"])
    assert not problems("advisor.page", ["compute"])
    assert not problems("pandas", ["DataFrame"])
    assert imports("```{code-cell} ipython3\n:tags: [remove-input]\nfrom advisor.core import page\n```\n") == [
        (2, "advisor.core", ["page"])
    ]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapters_import_only_the_public_api(chapter):
    found = [
        f"{chapter.name}: import of {module} ({', '.join(names)}): {why}"
        for _, module, names in imports(chapter.read_text(encoding="utf-8"))
        for why in problems(module, names)
    ]
    assert not found, "\n".join(found)


def test_every_public_name_exists_and_is_documented():
    for name in advisor.__all__:
        value = getattr(advisor, name)
        if inspect.isfunction(value) or inspect.isclass(value):
            assert inspect.getdoc(value), f"advisor.{name} has no docstring"
    for module in advisor.PUBLIC_MODULES:
        path = ROOT / "advisor" / f"{module}.py"
        if path.exists():  # a module another change adds (advisor.notebook) may not be here yet
            assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), f"advisor.{module} has no docstring"


def test_all_is_sorted_and_has_no_duplicates():
    assert len(set(advisor.__all__)) == len(advisor.__all__)
    assert not [name for name in advisor.__all__ if name.startswith("_")]
