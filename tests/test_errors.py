"""MibunError(key, **fields): messages from the ko/en catalogues, in the right language; every key a
raise site uses exists in both languages with the same fields."""

import ast
import pickle
import re
import string
from pathlib import Path

import pytest

import mibun as mb
from mibun.errors import InputError, MibunError, NotDifferentiableError, ParseError, ShapeError, is_key
from mibun.i18n import catalogue, en, ko, set_lang
from mibun.i18n.particles import attach
from tests import source_trees

SRC = Path(mb.__file__).parent
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def fields(text):
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_key_in_both_languages_with_the_same_fields_and_no_duplicates():
    e, k = catalogue("en"), catalogue("ko")
    assert set(e) == set(k), sorted(set(e) ^ set(k))
    for key in e:
        assert fields(e[key]) == fields(k[key]), key
    assert en.DUPLICATES == [] and ko.DUPLICATES == []


def test_each_area_module_exists_in_both_languages_with_the_same_keys():
    en_dir, ko_dir = SRC / "i18n" / "en", SRC / "i18n" / "ko"
    names = {p.name for p in en_dir.glob("*.py")}
    assert names == {p.name for p in ko_dir.glob("*.py")}
    from importlib import import_module

    for name in names - {"__init__.py"}:
        a = import_module(f"mibun.i18n.en.{name[:-3]}").MESSAGES
        b = import_module(f"mibun.i18n.ko.{name[:-3]}").MESSAGES
        assert list(a) == list(b), name


def _raise_sites():
    """(file, line, key, keyword names) of every ``raise SomeError("area.key", ...)`` under src/mibun."""
    for path in source_trees.modules(SRC):
        for node in ast.walk(source_trees.tree(path)):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                first = node.exc.args[0]
                if isinstance(first, ast.Constant) and is_key(first.value):
                    kws = {kw.arg for kw in node.exc.keywords if kw.arg}
                    yield path.relative_to(SRC), node.lineno, first.value, kws


def test_every_key_raised_in_the_source_exists_and_gets_its_fields():
    e = catalogue("en")
    sites = list(_raise_sites())
    assert len(sites) > 150  # the conversion is real
    for where, line, key, kws in sites:
        assert key in e, f"{where}:{line}: {key} is not in the catalogue"
        if not any(kw is None for kw in kws):
            missing = fields(e[key]) - kws - {"lang"}
            assert not missing, f"{where}:{line}: {key} needs {missing}"


def test_message_follows_call_lang_then_set_lang_then_env(monkeypatch):
    err = InputError("errors.unknown_lang", name="'fr'")
    monkeypatch.setenv("MIBUN_LANG", "en")
    assert str(err) == "unknown language 'fr': use lang='ko' or lang='en'"
    monkeypatch.setenv("MIBUN_LANG", "ko")
    assert HANGUL.search(str(err))
    monkeypatch.setenv("MIBUN_LANG", "en")
    try:
        set_lang("ko")
        assert HANGUL.search(str(err))
        assert not HANGUL.search(str(InputError("errors.unknown_lang", lang="en", name="x")))
    finally:
        set_lang(None)
    assert not HANGUL.search(str(err))
    assert HANGUL.search(err.message("ko"))
    assert err.key == "errors.unknown_lang" and err.fields == {"name": "'fr'"}


def test_a_library_call_with_lang_raises_in_that_language():
    with pytest.raises(InputError) as info:
        mb.i18n.resolve_lang("fr")
    assert info.value.key == "errors.unknown_lang"
    assert "lang='ko'" in str(info.value)


def test_plain_messages_still_work_and_subclasses_keep_attributes():
    err = MibunError("x must be positive")
    assert str(err) == "x must be positive" and err.key is None
    p = ParseError("errors.unknown_lang", position=3, hint="errors.at_position", name="q")
    assert p.position == 3 and p.hint == "errors.at_position"
    assert str(p) == "unknown language q: use lang='ko' or lang='en' (at position 3) —  (at position 3)"
    assert "(위치 3)" in p.message("ko")
    nd = NotDifferentiableError("not differentiable at 0", left=-1.0, right=1.0)
    assert (nd.left, nd.right, str(nd)) == (-1.0, 1.0, "not differentiable at 0")
    assert isinstance(ShapeError("x"), ValueError) and isinstance(InputError("x"), TypeError)


def test_errors_pickle_with_their_key_fields_and_attributes():
    p = ParseError("errors.unknown_lang", position=2, hint="bad", name="z")
    q = pickle.loads(pickle.dumps(p))
    assert (type(q), q.key, q.fields, q.position, q.hint, str(q)) == (
        ParseError, p.key, p.fields, 2, "bad", str(p))


def test_a_key_missing_from_the_catalogue_still_shows_something():
    assert str(InputError("nowhere.missing_key", n=3)) == "nowhere.missing_key(n=3)"


@pytest.mark.parametrize(("word", "pair", "out"), [
    ("x", "은/는", "x는"), ("--lang", "은/는", "--lang은"), ("3", "을/를", "3을"), ("2", "을/를", "2를"),
    ("함수", "이/가", "함수가"), ("미분", "이/가", "미분이"), ("'--at'", "과/와", "'--at'과"),
    ("파일", "으로/로", "파일로"), ("값", "으로/로", "값으로"),
])
def test_korean_particles_follow_the_last_sound(word, pair, out):
    assert attach(word, pair) == out
