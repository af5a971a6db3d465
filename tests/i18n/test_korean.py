"""Korean that reads as written by a teacher (issue 15, item 5): particles chosen by the final sound of the
word (or of its reading, for formulas and numbers), no "은(는)"-style fallbacks, one register (합니다체),
one spelling per term, no English words outside formulas and code."""

from __future__ import annotations

import re
import string

import pytest

from mibun.i18n import catalogue, t
from mibun.i18n.particles import PAIRS, attach, fill, final_sound

KO = catalogue("ko")
EN = catalogue("en")


@pytest.mark.parametrize("word, final", [
    ("x", False), ("y", False), ("L", "l"), ("m", True), ("n", True), ("W", False), ("V", False),
    ("3", True), ("2", False), ("1", "l"), ("7", "l"), ("10", True), ("0.5", False), ("-1", "l"),
    ("x^2", True), ("x²", True), ("eˣ", True), ("x^(n+1)", True), ("f′", True), ("y''", True),
    ("sin", True), ("cos", True), ("tan", False), ("ln", True), ("tanh", False), ("ReLU", False),
    ("softmax", False), ("Adam", True), ("RNN", True), ("SGD", False), ("σ", False), ("ε", True),
    ("π", False), ("sin(x)", False), ("1/2", "l"), ("3/4", True), ("미분", True), ("기울기", False),
    ("(L1+L2)", False), ("ŷ3[glove]", False), ("W·h2", False), ("batch", False), ("step", True), ("at", True),
])
def test_final_sound_of_readings(word, final):
    assert final_sound(word) == final


@pytest.mark.parametrize("word, pair, expected", [
    ("x", "은/는", "x는"), ("L", "은/는", "L은"), ("3", "이/가", "3이"), ("2", "이/가", "2가"),
    ("x^2", "을/를", "x^2을"), ("σ", "을/를", "σ를"), ("sin", "과/와", "sin과"), ("y", "과/와", "y와"),
    ("L", "으로/로", "L로"), ("1", "으로/로", "1로"), ("3", "으로/로", "3으로"), ("x", "으로/로", "x로"),
    ("(4, 2)", "으로/로", "(4, 2)로"), ("(3,)", "으로/로", "(3,)으로"),
])
def test_attach(word, pair, expected):
    assert attach(word, pair) == expected


def _particle_fields(text):
    return [(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name and spec in PAIRS]


PARTICLE_KEYS = sorted(k for k, v in KO.items() if _particle_fields(v))


def test_some_catalogue_strings_take_particles():
    assert len(PARTICLE_KEYS) >= 15


@pytest.mark.parametrize("key", PARTICLE_KEYS)
def test_every_particle_string_in_both_final_consonant_cases(key):
    text = KO[key]
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    takes = {name for name, _ in _particle_fields(text)}
    for value, final in (("L", True), ("x", False), ("3", True), ("2", False)):
        fields = {n.split(".")[0].split("[")[0]: (value if n in takes else 1.5) for n in names}
        out = fill(text, fields)
        for _name, spec in _particle_fields(text):
            first, second = spec.split("/")
            want = first if final and not (spec == "으로/로" and value == "L") else second
            assert re.search(re.escape(value) + r"['\"]?" + want, out), (key, value, out)
        assert "(" + "는)" not in out and "(가)" not in out


# a field followed by a fixed particle ("{path}를") is right for some values and wrong for others
# ("index.html를"): the particle must be the field's format spec ("{path:을/를}")
FIXED_PARTICLE = re.compile(r"\{[^{}:!]+\}(으로|을|를|은|는|이|가|과|와|로)(?![가-힣])")


def test_no_fixed_particle_after_a_field():
    assert [(k, m.group(0)) for k, v in KO.items() for m in FIXED_PARTICLE.finditer(v)] == []


FALLBACK = re.compile(r"은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)|과\(와\)|와\(과\)|\(으\)로|\(이\)")


def test_no_particle_fallbacks_anywhere():
    assert [k for k, v in KO.items() if FALLBACK.search(v)] == []


PLAIN_ENDING = re.compile(r"(?<![니습])(한다|이다|된다|는다|없다|있다|같다|나눈다|더한다|곱한다|뺀다)(?=$|[.:;)])")


def test_one_register_hapnida():
    assert [k for k, v in KO.items() if PLAIN_ENDING.search(v)] == []
    assert [k for k, v in KO.items() if re.search(r"[\uac00-\ud7a3]세요", v)] == []  # 해요체 → 합니다체


# any sentence that ends in 다 without 니 before it (한다, 이다, 같다, 않는다 …; not 마다/보다, which are
# particles), and step notes that stop at a noun where a teacher finishes the sentence (상수로 취급 → 취급합니다)
ANY_PLAIN_ENDING = re.compile(r"(?<![니마보])다(?=[.!?]|\s*$|\s+[(—])")
STEP_FRAGMENT = re.compile(r"(취급|불가능|다름)(?=[.!?)]|\s*$)")


def test_no_plain_register_sentence_anywhere():
    assert [(k, v) for k, v in KO.items() if ANY_PLAIN_ENDING.search(v)] == []
    steps = {k: v for k, v in KO.items() if k.startswith(("symbolic.", "numeric.", "check.", "explain."))}
    assert [(k, v) for k, v in steps.items() if STEP_FRAGMENT.search(v)] == []
    assert ANY_PLAIN_ENDING.search("상수로 취급한다.") and ANY_PLAIN_ENDING.search("미분 가능하다")
    assert not ANY_PLAIN_ENDING.search("상수로 취급합니다.") and not ANY_PLAIN_ENDING.search("단계마다")


def test_step_notes_in_korean_are_full_sentences():
    import mibun as mb

    text = mb.diff("x^2 + 3xy", "x").text("ko")
    assert "x에 대하여 편미분합니다. 나머지 변수(y)는 상수로 취급합니다" in text
    assert "y는 x에 따라 변하지 않으므로 상수로 취급합니다" in text
    assert "좌미분계수와 우미분계수가 달라 미분할 수 없습니다" in mb.diff("|x|").text("ko")


def test_one_spelling_per_term():
    text = "\n".join(KO.values())
    for wrong in ("그래디언트", "에폭", "중앙 차분", "중심차분", "야코비안", "미분 가능"):
        assert wrong not in text, wrong


# identifiers, code, units and names that stay in Latin letters in Korean text
ALLOWED = set("""
ln log exp sin cos tan sec csc cot sinh cosh tanh arcsin arccos arctan asin acos atan sqrt abs max min relu
sigmoid softmax softplus log_softmax clip where lim_ mibun SymPy NumPy PyTorch matplotlib graphviz anywidget
widget dot svg png PNG SVG pdf JSON HTML README md pip apt brew install RNN LSTM GRU MLP CNN ReLU Leaky He
Adam NLL DNE oo inf NaN None Tensor Module nn mb wrt requires_grad backward explain dx du dt dw df kj xy
target every what grad_norm ratio depth width vanish explode train hidden_gradients plot_saliency loss_fn
derivative partial limit gradient level params student_grads dict quotient numeric auto builtin highlight
Ctrl XW Wx lo hi idx W_hh lim LaTeX cdot pi ko en index html tour Host
function secant tangent error descent activations training rosenbrock beale gd momentum adam linear
limits difference basic product chain both check flag hessian left right math np raise side
""".split())  # the last lines: values the command accepts (plot kinds, optimizers, chapters)


def _latin_words(text):
    s = re.sub(r"\{[^{}]*\}", "", text)
    s = re.sub(r"`[^`]*`", "", s)
    s = re.sub(r"--?[A-Za-z][\w-]*", "", s)
    s = re.sub(r"\b[A-Za-z_]+\([^()]*\)", "", s)
    s = re.sub(r"[A-Za-z_]+=\S*", "", s)
    s = re.sub(r"\b[A-Za-z]+_[A-Za-z0-9{}]+", "", s)  # subscripted symbols x_j, w_ij
    s = re.sub(r"mibun(\.\w+)+", "", s)
    return [w for w in re.findall(r"[A-Za-z]{2,}", s) if w not in ALLOWED]


#: keys written for this issue's areas: every Latin word there must be a formula, code or a name above
MY_AREAS = ("numeric.", "check.", "cli.help.", "cli.quotient.", "cli.identity.", "explain.cli.",
            "symbolic.def_std.", "symbolic.id_tanh", "symbolic.id_heading_tanh")


def test_no_english_words_in_korean_outside_formulas():
    bad = {k: _latin_words(v) for k, v in KO.items() if k.startswith(MY_AREAS) and _latin_words(v)}
    assert bad == {}


CODE_PHRASES = {"max tanh", "graphviz dot", "pip install"}


def _english_phrases(text):
    s = re.sub(r"\{[^{}]*\}", "", text)
    s = re.sub(r"`[^`]*`|'[^']*'|\"[^\"]*\"", "", s)
    s = re.sub(r"https?://\S+|--?[A-Za-z][\w-]*", "", s)
    s = re.sub(r"\([^()]*[.=_:;][^()]*\)", "", s)
    s = re.sub(r"\bmibun(\s+[a-z][\w-]*)+|\b\w+(\.\w+)+\b", "", s)
    s = re.sub(r"\b(pip|apt|brew)\s+install\s+[\w\[\]>=.-]+", "", s)
    return [p for p in re.findall(r"\b[a-z]{3,}(?:\s+[a-z]{3,})+\b", s) if p not in CODE_PHRASES]


def test_no_untranslated_english_prose_anywhere_in_korean():
    bad = {k: _english_phrases(v) for k, v in KO.items() if _english_phrases(v)}
    assert bad == {}


def test_korean_output_of_the_course_commands_reads_korean(capsys):
    from mibun.cli import main

    main(["--lang", "ko", "quotient", "x^2", "--at", "3", "--h", "0.01"])
    main(["--lang", "ko", "check", "abs(x)", "--at", "x=0"])
    out = capsys.readouterr().out
    assert "(는)" not in out and "(가)" not in out and "(으)로" not in out
    assert t("cli.quotient.given", "ko") in out


def _help(capsys, *argv):
    from mibun.cli import main

    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    return capsys.readouterr().out


def test_help_is_korean_when_korean_is_asked_for(capsys):
    top = _help(capsys, "--lang", "ko")
    assert "사용법:" in top and "옵션:" in top and "usage:" not in top
    assert "이 도움말을 보여 주고 끝냅니다" in top and "show this help" not in top
    en_cat = catalogue("en")
    for cmd in ("diff", "quotient", "check", "plot", "serve", "limit"):
        text = " ".join(_help(capsys, "--lang", "ko", cmd).split())
        english = [v for k, v in en_cat.items() if k.startswith(f"cli.help.{cmd}.") and len(v.split()) > 2
                   and re.search(r"[a-z]{4,} [a-z]{3,}", v)]
        assert not [v for v in english if " ".join(v.split()) in text], cmd
        assert re.search(r"[\uac00-\ud7a3]", text)
    en = _help(capsys, "--lang", "en", "quotient")
    assert "usage:" in en and "the step h (default 0.01)" in en


def test_every_option_has_a_korean_help():
    import argparse

    from mibun.cli import build_parser

    ko = catalogue("ko")
    missing = []

    def walk(parser, cmd):
        for a in parser._actions:
            if isinstance(a, argparse._SubParsersAction):
                for ca in a._choices_actions:
                    if f"cli.help.main.cmd.{ca.dest}" not in ko:
                        missing.append(ca.dest)
                for name, sub in a.choices.items():
                    walk(sub, name)
            elif a.help and a.help != argparse.SUPPRESS and not isinstance(a, argparse._HelpAction):
                if f"cli.help.{cmd}.{a.dest}" not in ko and f"cli.help.common.{a.dest}" not in ko:
                    missing.append(f"{cmd} {a.dest}")

    walk(build_parser(), "main")
    assert missing == []
