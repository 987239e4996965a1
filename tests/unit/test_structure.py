"""The layout's promises, checked: no import cycles in ``bot/``, and pure packages stay pure.

Both read the code as it is, so a new module that breaks the one-way flow fails here, not in
a reviewer's head. Type-only imports (under ``TYPE_CHECKING``) count as imports: a cycle that
only the type checker sees is still two modules that cannot be understood one at a time.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOT = ROOT / "bot"

# Packages whose every module must import without pywikibot (and so without the wiki).
PURE_PACKAGES = ("bot.model", "bot.core", "bot.parse", "bot.decide", "bot.build", "bot.render")
# The lifecycle's decisions are pure; its runner and the backends are not.
PURE_MODULES = (
    "bot.lifecycle.plan",
    "bot.lifecycle.pick",
    "bot.lifecycle.inactive",
    "bot.lifecycle.status",
    "bot.lifecycle.notices",
)


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(BOT.rglob("*.py"))}


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """The bot modules PATH imports, at any depth of the file (functions, TYPE_CHECKING)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                if sub in modules:
                    found.add(sub)
                elif node.module in modules:
                    found.add(node.module)
    return found - {module_name(path)}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules, or None (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, list[str]]] = [(start, sorted(graph[start]))]
        state[start] = 1
        path.append(start)
        while stack:
            node, todo = stack[-1]
            if not todo:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(graph.get(nxt, ()))))
    return None


def test_find_cycle_reports_a_cycle_when_there_is_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_no_module_in_bot_takes_part_in_an_import_cycle() -> None:
    modules = all_modules()
    graph = {name: imports_of(path, modules) for name, path in modules.items()}
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or ())


def pure_modules() -> list[str]:
    names = [
        m for m in all_modules() if m.startswith(tuple(f"{p}." for p in PURE_PACKAGES)) or m in PURE_PACKAGES
    ]
    return sorted({*names, *PURE_MODULES})


def test_the_pure_list_names_modules_that_exist() -> None:
    modules = all_modules()
    assert set(PURE_MODULES) <= set(modules)
    assert all(p in modules for p in PURE_PACKAGES)


@pytest.mark.parametrize("module", pure_modules())
def test_pure_module_imports_without_pywikibot(module: str) -> None:
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "bad = sorted(m for m in sys.modules if m == 'pywikibot' or m.startswith('pywikibot.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"{module} loads pywikibot: {out}"


# The flat record of every on-wiki setting: it mirrors the flat JSON page community admins edit
# (bot/schemas/settings.schema.json), so one key there is one field here. Grouping it would
# make the code read differently from the page people write.
ATTRIBUTE_LIMIT_EXCEPTIONS = {"bot.core.settings.Settings"}
ATTRIBUTE_LIMIT = 12


def class_attributes(node: ast.ClassDef) -> set[str]:
    """Fields declared in the class body and attributes set on ``self`` anywhere in it."""
    names = {
        stmt.target.id
        for stmt in node.body
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
    }
    for sub in ast.walk(node):
        targets = (
            sub.targets
            if isinstance(sub, ast.Assign)
            else [sub.target]
            if isinstance(sub, ast.AnnAssign)
            else []
        )
        for t in targets:
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                names.add(t.attr)
    return names


def test_no_class_in_bot_holds_more_than_a_dozen_attributes() -> None:
    crowded = {}
    for name, path in all_modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and f"{name}.{node.name}" not in ATTRIBUTE_LIMIT_EXCEPTIONS:
                count = len(class_attributes(node))
                if count > ATTRIBUTE_LIMIT:
                    crowded[f"{name}.{node.name}"] = count
    assert crowded == {}
