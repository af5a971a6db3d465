"""Fuzzing: random text — Unicode, control characters, huge numbers, operator soup — fed to the parser and to
the command in-process. Only a MibunError (exit status 2) or a result (0) may come out: never another
exception, never an internal error (exit 1), never a traceback."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mibun as mb
from mibun.cli import main
from mibun.cli.args import number

TOKENS = ["x", "y", "2", "9", "1e400", "10^400", "9**9**9**9", "**", "^", "*", "/", "+", "-", "(", ")", "[", "]",
          "{", "}", ",", ".", "sin", "ln", "e", "pi", "π", "√", "·", "∞", "oo", "nan", "inf", "\\frac", "\\sqrt",
          "$", "=", "'", "!", "|", "_", "\x00", "\x1b[31m", "\u202e", "가", "𝑥", "０", "٣", " ", "\t", "\n",
          "factorial(10**7)", "9" * 40, "0." + "0" * 40 + "1", "-0.0", "5e-324", "x" * 50, "(" * 30]

texts = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.lists(st.sampled_from(TOKENS), max_size=14).map("".join),
    st.lists(st.sampled_from(TOKENS), max_size=10).map(" ".join),
)

FUZZ = settings(max_examples=int(os.environ.get("MIBUN_FUZZ_N", "60")), deadline=None,
                suppress_health_check=list(HealthCheck))


@FUZZ
@given(texts)
def test_parser_gives_an_expression_or_a_mibun_error(text):
    _parse_or_mibun_error(text)


def _parse_or_mibun_error(text):
    """Any other exception fails the test."""
    try:
        mb.parse(text)
    except mb.MibunError:
        pass


@FUZZ
@given(texts)
def test_numbers_of_the_command_line(text):
    try:
        v = number(text, what="--to")
    except mb.MibunError:
        return
    assert v == v                                   # never NaN


@pytest.fixture()
def in_process(monkeypatch):
    # in this process (no worker per example), with a budget that mibun's own loops check
    monkeypatch.setenv("MIBUN_WORKER", "0")
    monkeypatch.setenv("MIBUN_BUDGET_S", "5")


@FUZZ
@given(texts, st.sampled_from([["diff", "{t}"], ["diff", "{t}", "--at", "x=1"], ["limit", "{t}", "--to", "0"],
                               ["limit", "x^2", "--to", "{t}"], ["diff", "x^2", "--at", "x={t}"],
                               ["multivar", "grad", "{t}"]]))
def test_command_gives_a_result_or_a_one_line_error(in_process, capsys, text, args):
    argv = [a.replace("{t}", text) for a in args]
    if argv[0] == "multivar":
        argv = ["grad", text] if "grad" in _commands() else ["diff", text]
    rc = main(argv)
    out, err = capsys.readouterr()
    assert rc in (0, 2), (argv, err)
    if rc == 2:
        assert err.startswith("mibun: error:") and "Traceback" not in err
        assert err.count("\n") == 1


def _commands():
    from mibun.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return set(sub.choices)


def test_a_tiny_budget_fires_in_the_command(in_process, capsys, monkeypatch):
    monkeypatch.setenv("MIBUN_BUDGET_S", "1e-9")
    assert main(["diff", "x^5*sin(x)"]) == 2
    assert "too large or too slow" in capsys.readouterr().err


@pytest.mark.skipif(os.environ.get("MIBUN_FUZZ_LONG") != "1", reason="set MIBUN_FUZZ_LONG=1 for 2,000 examples")
@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts)
def test_parser_long_run(text):
    _parse_or_mibun_error(text)
