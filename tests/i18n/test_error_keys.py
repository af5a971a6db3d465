"""Every MibunError is built from a catalogue key (issue 13, item 5): no raise site in src/mibun passes a
plain-English message, and every key renders in both languages with the same fields."""

from __future__ import annotations

import ast
import functools
import string
from pathlib import Path

import pytest

import mibun as mb
from mibun.errors import MibunError, is_key
from mibun.i18n import catalogue
from mibun.i18n.particles import PAIRS, fill
from tests import source_trees

SRC = Path(mb.__file__).parent
EN, KO = catalogue("en"), catalogue("ko")


@functools.cache
def _trees() -> list[tuple[Path, ast.Module]]:
    """(path, tree) of every module outside the catalogues; parsed when a test first asks (not at collection,
    which every test process does)."""
    return [(path.relative_to(SRC), source_trees.tree(path)) for path in source_trees.modules(SRC)
            if "i18n" not in path.relative_to(SRC).parts]


@functools.cache
def _error_classes() -> frozenset[str]:
    """MibunError and every class in src/mibun that derives from it (by name, to a fixed point)."""
    classes = [(node.name, {b.id if isinstance(b, ast.Name) else getattr(b, "attr", None) for b in node.bases})
               for _, tree in _trees() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    names = {"MibunError"}
    while True:
        more = {name for name, bases in classes if bases & names}
        if more <= names:
            return frozenset(names)
        names |= more


def _callee(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _literals(tree: ast.AST) -> dict[str, list[ast.expr]]:
    """Names assigned anywhere in a module, with the values assigned (to follow ``raise E(msg)``)."""
    out: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out.setdefault(target.id, []).append(node.value)
    return out


def _bad(arg: ast.expr, names: dict[str, list[ast.expr]], seen: frozenset[str] = frozenset()) -> bool:
    """Whether ``arg`` is (or may be) a message written out rather than a catalogue key."""
    if isinstance(arg, ast.Constant):
        return not (arg.value is None or is_key(arg.value))
    if isinstance(arg, (ast.JoinedStr, ast.BinOp)):
        return True
    if isinstance(arg, ast.IfExp):
        return _bad(arg.body, names, seen) or _bad(arg.orelse, names, seen)
    if isinstance(arg, ast.Call) and _callee(arg) in ("t", "format", "join"):
        return True  # an already rendered message: pass the key and the fields instead
    if isinstance(arg, ast.Name) and arg.id not in seen:
        return any(_bad(v, names, seen | {arg.id}) for v in names.get(arg.id, []))
    return False


def _scan():
    errors = _error_classes()
    for where, tree in _trees():
        names = _literals(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = _callee(node)
            parser_error = name == "error" and "parser" in where.parts
            if name in errors or parser_error:
                hint = node.args[2] if (parser_error or name == "ParseError") and len(node.args) > 2 else None
                hint = next((k.value for k in node.keywords if k.arg == "hint"), hint)
                yield where, node.lineno, node.args[0], hint, names


@functools.cache
def _sites() -> list[tuple]:
    return list(_scan())


def test_the_scan_sees_the_error_classes_and_the_raise_sites():
    assert {"MibunError", "ParseError", "ShapeError", "InputError", "TargetError", "BudgetError"} <= _error_classes()
    assert len(_sites()) > 400


def test_no_error_is_built_from_a_plain_message():
    bad = [f"{where}:{line}: {ast.unparse(arg)[:70]}" for where, line, arg, _, names in _sites() if _bad(arg, names)]
    assert bad == [], "build these from a catalogue key with fields:\n" + "\n".join(bad)


def test_parse_error_hints_are_catalogue_keys():
    bad = [f"{where}:{line}: {ast.unparse(hint)[:70]}" for where, line, _, hint, names in _sites()
           if hint is not None and _bad(hint, names)]
    assert bad == []


def test_the_check_catches_plain_messages():
    tree = ast.parse("msg = 'x is bad'\nraise InputError(msg)\nraise InputError(f'{x} is bad')\n"
                     "raise InputError('x is bad')\nraise InputError(t('a.b', lang))\nraise InputError('a.b', x=1)")
    names = _literals(tree)
    calls = [n.args[0] for n in ast.walk(tree) if isinstance(n, ast.Call) and _callee(n) == "InputError"]
    assert [_bad(a, names) for a in calls] == [True, True, True, True, False]


def _fields(text: str) -> list[tuple[str, str | None, str]]:
    return sorted(((f, conv, spec) for _, f, spec, conv in string.Formatter().parse(text) if f),
                  key=lambda x: (x[0], x[1] or "", x[2]))


ERROR_KEYS = sorted(k for k in EN if ".err." in k or ".hint." in k or k.startswith("errors."))


def test_error_keys_have_both_languages_with_the_same_fields():
    assert len(ERROR_KEYS) > 300
    for key in ERROR_KEYS:
        assert key in KO, key
        en = {(f, c) for f, c, _ in _fields(EN[key])}
        ko = {(f, c) for f, c, _ in _fields(KO[key])}
        assert {f for f, _ in en} == {f for f, _ in ko}, key


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_error_key_renders_with_its_fields(lang):
    """Filled with sample values, every message renders (no unknown field or format spec)."""
    cat = EN if lang == "en" else KO
    for key in ERROR_KEYS:
        values = {}
        for f, _, spec in _fields(cat[key]):
            top = f.split(".")[0].split("[")[0]
            values[top] = 1.5 if spec and spec not in PAIRS else "x"
        assert fill(cat[key], values).strip(), key


def test_a_converted_error_speaks_korean():
    with pytest.raises(MibunError) as info:
        mb.parse("x +* 2")
    assert any("\uac00" <= ch <= "\ud7a3" for ch in info.value.message("ko"))
    assert info.value.key is not None
