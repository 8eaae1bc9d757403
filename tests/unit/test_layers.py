"""The layers of kb/ are visible in the tree and imports only point down (lazy imports included).

Order (low to high): settings → model → load → privacy → checks → render → search | handouts | bench
→ mkdocs_glue → cli. A module may import its own package and anything lower; search and handouts
share a rank and may not import each other. model is standard library only; only mkdocs_glue
imports mkdocs or material."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

KB = Path(__file__).resolve().parents[2] / "kb"
RANK = {"settings": 0, "model": 1, "load": 2, "privacy": 3, "gate": 3, "checks": 4, "render": 5,
        "search": 6, "handouts": 6, "bench": 6, "documents": 6, "sitepass": 7, "mkdocs_glue": 8, "cli": 9}


def module_name(path: Path) -> str:
    parts = path.relative_to(KB.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in the file, at any depth (functions included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.append((node.lineno, mod))
            for a in node.names:  # `from kb import checks` imports the sub-package kb.checks
                if (KB.parent / (mod.replace(".", "/") + "/" + a.name)).exists() or \
                        (KB.parent / (mod.replace(".", "/") + "/" + a.name + ".py")).exists():
                    out.append((node.lineno, f"{mod}.{a.name}"))
    return out


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "kb" else None


FILES = sorted(KB.rglob("*.py"))


def test_every_module_belongs_to_a_layer():
    loose = [module_name(p) for p in FILES if module_name(p) != "kb" and layer(module_name(p)) not in RANK]
    assert not loose, f"modules outside the layers: {loose}"
    for package in RANK:
        if package != "settings":
            init = KB / package / "__init__.py"
            assert init.exists() and ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), \
                f"kb/{package}/__init__.py must say in its docstring what the package owns"


@pytest.mark.parametrize("path", FILES, ids=lambda p: module_name(p))
def test_imports_point_down(path):
    me = layer(module_name(path))
    if me is None:
        return
    bad = []
    for line, target in imports(path):
        other = layer(target)
        if target.split(".")[0] == "kb" and other is None and target != "kb":
            bad.append(f"line {line}: {target} (no such layer)")
        elif other is not None and other != me and RANK[other] >= RANK[me]:
            bad.append(f"line {line}: {target} ({other} is not below {me})")
    assert not bad, f"{module_name(path)} imports upward or sideways:\n" + "\n".join(bad)


@pytest.mark.parametrize("path", FILES, ids=lambda p: module_name(p))
def test_only_the_glue_imports_mkdocs_and_model_is_stdlib(path):
    me = layer(module_name(path))
    for line, target in imports(path):
        top = target.split(".")[0]
        if top in ("mkdocs", "material"):
            assert me == "mkdocs_glue", f"{module_name(path)}:{line} imports {target}"
        if me in ("model", "settings") and top != "kb" and top != "__future__":
            assert top in sys.stdlib_module_names, f"{module_name(path)}:{line} imports {target}: model is stdlib only"


def test_no_import_cycle():
    graph: dict[str, set[str]] = {}
    names = {module_name(p) for p in FILES}
    for p in FILES:
        graph[module_name(p)] = {t for _, t in imports(p) if t in names and t != module_name(p)}
    # package __init__ files that only re-export their own modules are not part of a cycle through them
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str):
        state[n] = 1
        stack.append(n)
        for m in graph.get(n, ()):
            if state.get(m) == 1:
                cycle = stack[stack.index(m):] + [m]
                if not all(c == m or c.startswith(m + ".") for c in cycle):
                    raise AssertionError("import cycle: " + " → ".join(cycle))
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)


def test_the_checker_catches_an_upward_import(tmp_path):
    """The test above can fail: a model module importing the CLI is reported."""
    bad = KB / "model" / "_probe_upward.py"
    bad.write_text("def f():\n    from kb.cli import main\n", encoding="utf-8")
    try:
        with pytest.raises(AssertionError, match="kb.cli"):
            test_imports_point_down(bad)
    finally:
        bad.unlink()
