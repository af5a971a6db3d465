"""The layer order of DESIGN.md ("Layers"): imports point downward only, the engine and the symbolic side
are independent, and the facts a user can see (``import mibun.autodiff`` loads no SymPy; ``mibun diff``
loads no engine) hold in a fresh interpreter. Also: outside the engine, no private attribute of another
object is read."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests import source_trees

SRC = Path(__file__).resolve().parents[1] / "src"
PKG = SRC / "mibun"

# level of each top-level module of mibun (DESIGN.md, "Layers"); a lower level never imports a higher one
LAYERS: dict[str, int] = {
    "errors": 0, "i18n": 0, "report": 0, "assets": 0, "budget": 0, "files": 0, "_rtext": 0,
    "functions": 1,
    "symbolic": 2, "autodiff": 2, "numpy": 2, "linalg": 2,
    "numeric": 3,
    "nn": 4, "optim": 4, "train": 4, "data": 4, "interop": 4,
    "explain": 5, "diagnose": 5, "viz": 5, "plot": 5, "answers": 5, "crosscheck": 5,
    "cli": 6, "tour": 6, "serve": 6, "__main__": 6,
}
# one unit for the cycle check: an error's message comes from the catalogue, and the catalogue's language
# check raises an error (both are the bottom layer, "errors, i18n" in DESIGN.md)
UNITS = {"errors": "messages", "i18n": "messages"}


def _top(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "mibun" and len(parts) > 1 else None


def _root_names() -> dict[str, str]:
    """``mb.<name>`` -> the top-level module that provides it (from mibun/__init__'s lazy table)."""
    import mibun
    from mibun.functions import scalar_specs

    out = {name: _top(mod) or mod for name, mod in mibun._LAZY.items()}  # noqa: SLF001 - the table itself
    out.update({name: name for name in mibun._SUBMODULES})  # noqa: SLF001
    out.update({s.name: "autodiff" for s in scalar_specs()})
    out["explain"] = "explain"
    return out


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, root_names: dict[str, str]) -> set[str]:
    """The top-level mibun modules ``path`` imports (at module level or inside functions)."""
    tree = source_trees.tree(path)
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    out: set[str] = set()
    aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "mibun":
                    aliases.add(a.asname or "mibun")
                elif _top(a.name):
                    out.add(_top(a.name))  # type: ignore[arg-type]
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([mod] if mod else []))
            if mod == "mibun":
                for a in node.names:
                    out.add(root_names.get(a.name, a.name))
            elif _top(mod):
                out.add(_top(mod))  # type: ignore[arg-type]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("import_module", "__import__"):
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                t = _top(node.args[0].value)
                if t:
                    out.add(t)
    for node in ast.walk(tree):  # mb.<name> where mb is ``import mibun as mb``
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            target = root_names.get(node.attr)
            if target:
                out.add(target)
    return out


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    root_names = _root_names()
    edges: dict[str, set[str]] = {}
    for path in source_trees.modules(PKG):
        rel = path.relative_to(PKG).parts
        if len(rel) == 1 and rel[0] == "__init__.py":
            continue  # the root package: a lazy facade over every layer
        top = rel[0].removesuffix(".py")
        edges.setdefault(top, set()).update(_imports(path, root_names) - {top})
    return edges


def test_every_top_level_module_has_a_layer(graph):
    unknown = sorted(set(graph) - set(LAYERS))
    assert not unknown, f"place these modules in LAYERS (tests/test_layers.py, DESIGN.md 'Layers'): {unknown}"


def test_imports_point_downward_only(graph):
    bad = sorted((a, b) for a, targets in graph.items() for b in targets
                 if a in LAYERS and b in LAYERS and LAYERS[b] > LAYERS[a])
    assert not bad, f"imports that point upward (module -> module it must not import): {bad}"


def test_the_engine_and_the_symbolic_side_are_independent(graph):
    engine = {"autodiff", "numpy", "linalg"}
    assert not (graph.get("symbolic", set()) & engine), graph.get("symbolic")
    assert "symbolic" not in set().union(*(graph.get(m, set()) for m in engine))


def test_no_import_cycles_between_top_level_modules(graph):
    units: dict[str, set[str]] = {}
    for a, targets in graph.items():
        ua = UNITS.get(a, a)
        units.setdefault(ua, set()).update(UNITS.get(b, b) for b in targets if UNITS.get(b, b) != ua)
    graph = units
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(n: str, path: list[str]) -> bool:
        state[n] = 1
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                cycle.extend(path[path.index(m):] + [m] if m in path else [n, m])
                return True
            if state.get(m) is None and visit(m, path + [m]):
                return True
        state[n] = 2
        return False

    for n in sorted(graph):
        if state.get(n) is None and visit(n, [n]):
            break
    assert not cycle, " -> ".join(cycle)


def _fresh(code: str) -> str:
    env_path = str(SRC)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={"PYTHONPATH": env_path, "MIBUN_LANG": "en", "PATH": "/usr/bin:/bin"})
    assert res.returncode == 0, res.stderr
    return res.stdout.strip().splitlines()[-1]


def test_importing_the_engine_loads_no_sympy():
    out = _fresh("import sys, mibun.autodiff; print(sorted(m for m in sys.modules if m.split('.')[0] == 'sympy'))")
    assert out == "[]"


def test_the_function_specs_load_neither_sympy_nor_the_engine():
    out = _fresh("import sys, mibun.functions as f; f.name_tables(); f.scalar_specs()\n"
                 "print(sorted(m for m in sys.modules\n"
                 "             if m.split('.')[0] == 'sympy' or m.startswith('mibun.autodiff')))")
    assert out == "[]"


def test_mibun_diff_loads_no_engine_module():
    out = _fresh("import sys\nfrom mibun.cli import main\nmain(['diff', 'x^2'])\n"
                 "print(sorted(m for m in sys.modules if m.startswith('mibun.autodiff')))")
    assert out == "[]"


# ---------------------------------------------------------------- private attributes
# Other libraries' extension protocols, which are private-looking by design: SymPy's printers (_print,
# _print_Function, …) and evaluation hooks (_eval_evalf), IPython's _repr_html_, SymPy's _sympy_.
PROTOCOL_PREFIXES = ("_print", "_eval_", "_repr_", "_sympy")
# argparse has no public way to walk a parser's actions; translating its help text (cli/help_text.py) reads
# these standard-library internals — named here one by one, so a new one is a decision, not an accident
STDLIB_INTERNALS = {"cli/help_text.py": {"_action_groups", "_actions", "_HelpAction", "_SubParsersAction",
                                         "_choices_actions", "_group_actions"}}
#: documented public functions whose names start with "_" (os._exit ends a process without cleanup)
PUBLIC_UNDERSCORED = {"os._exit"}


def _own_private_names(tree: ast.AST) -> set[str]:
    """Private names a class of this file defines (``self._x = …``, ``def _x``): reading them on another
    instance of the same class (``other._x`` inside the class's own module) is the class's own business."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for sub in ast.walk(node):
                if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)) and sub.name.startswith("_"):
                    names.add(sub.name)
                elif (isinstance(sub, ast.Attribute) and isinstance(sub.ctx, ast.Store)
                      and isinstance(sub.value, ast.Name) and sub.value.id == "self"):
                    names.add(sub.attr)
                elif (isinstance(sub, ast.Call) and getattr(sub.func, "attr", "") == "__setattr__"
                      and len(sub.args) >= 2 and isinstance(sub.args[1], ast.Constant)):
                    names.add(str(sub.args[1].value))  # object.__setattr__(self, "_x", …)
    return names


def _private_reads(path: Path) -> list[tuple[int, str]]:
    tree = source_trees.tree(path)
    own = _own_private_names(tree)
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not isinstance(node.ctx, ast.Load):
            continue
        name = node.attr
        if not name.startswith("_") or (name.startswith("__") and name.endswith("__")):
            continue
        v = node.value
        if isinstance(v, ast.Name) and v.id in ("self", "cls"):
            continue
        if isinstance(v, ast.Call) and getattr(v.func, "id", "") == "super":
            continue
        if name.startswith(PROTOCOL_PREFIXES) or name in own:
            continue
        out.append((node.lineno, ast.unparse(node)))
    return out


def test_outside_the_engine_no_private_attribute_is_read_on_other_objects():
    bad = []
    for path in source_trees.modules(PKG):
        rel = path.relative_to(PKG)
        if rel.parts[0] == "autodiff":
            continue
        allowed = STDLIB_INTERNALS.get(rel.as_posix(), set())
        bad += [f"{rel}:{line}: {text}" for line, text in _private_reads(path)
                if text.rpartition(".")[2] not in allowed and text not in PUBLIC_UNDERSCORED]
    assert not bad, "private attributes read on other objects:\n" + "\n".join(bad)
