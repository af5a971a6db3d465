"""diff, limit, grad, jacobian, hessian and check as a user runs them (in-process: tests/cli_runner.py)."""

import json

import pytest

from tests.cli.helpers import HANGUL, run


def test_diff_answer_value_and_steps():
    out = run("diff", "x^2 sin x", "--at", "x=1", check_rc=0).stdout
    assert "x^2·cos(x) + 2·x·sin(x)" in out and "2.22324427548" in out   # the textbook's form
    steps = run("diff", "(2x-4)^3", "--steps", check_rc=0).stdout
    assert "chain rule" in steps and "u = 2·x - 4" in steps and "6·(2·x - 4)^2" in steps
    assert steps.count("Differentiate") == 1 and not HANGUL.search(steps)


def test_diff_korean_latex_definition_and_json():
    ko = run("diff", "(2x-4)^3", "--steps", "--lang", "ko", check_rc=0).stdout
    assert "연쇄법칙" in ko and HANGUL.search(ko)
    tex = run("diff", r"\frac{1}{1+e^{-x}}", "--latex", check_rc=0).stdout
    assert "\\frac" in tex
    definition = run("diff", "x^2", "--definition", check_rc=0).stdout
    assert "h" in definition and "2·x" in definition
    data = json.loads(run("diff", "x^2 + 3xy + y - 3", "--wrt", "y", "--at", "x=4,y=-2", "--json", check_rc=0).stdout)
    assert data["derivative"] == "3*x + 1" and data["at"]["value"] == 13.0 and data["steps"]


def test_diff_plot(tmp_path):
    out = tmp_path / "f.png"
    run("diff", "x^3 - 3x", "--plot", str(out), check_rc=0)
    assert out.stat().st_size > 5000


def test_diff_needs_wrt_for_several_variables_and_reports_parse_errors():
    proc = run("diff", "a*b", check_rc=2)
    assert "--wrt" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("diff", "x^", check_rc=2)
    assert "x**2" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    proc = run("--lang", "ko", "diff", "__import__('os')", check_rc=2)
    assert "오류" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("diff", "x^", "--debug")
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_limit_table_and_kinds():
    out = run("limit", "(x^2-1)/(x-1)", "--to", "1", "--table", check_rc=0).stdout
    assert "= 2" in out and "1.99" in out and "2.01" in out
    assert "does not exist" in run("limit", "sin(1/x)", "--to", "0", check_rc=0).stdout
    e3 = json.loads(run("limit", "(1+3/n)^n", "--to", "inf", "--json", check_rc=0).stdout)
    assert e3["value"] == pytest.approx(20.085536923187668) and e3["symbolic"] == "e^3"
    jump = json.loads(run("limit", "|x|/x", "--to", "0", "--json", check_rc=0).stdout)
    assert jump["kind"] == "jump" and jump["left"] == -1 and jump["right"] == 1
    right = json.loads(run("limit", "1/x", "--to", "0", "--side", "+", "--json", check_rc=0).stdout)
    assert right["value"] == "inf"
    assert HANGUL.search(run("limit", "sin(x)/x", "--to", "0", "--lang", "ko", check_rc=0).stdout)


def test_grad_jacobian_hessian():
    out = run("grad", "x^2 + 3xy + y - 3", "--at", "x=4,y=-2", check_rc=0).stdout
    assert "2·x + 3·y" in out and "13" in out and "df =" in out and "same numbers" in out
    data = json.loads(run("hessian", "(1-x)^2 + 100(y-x^2)^2", "--at", "x=1,y=1", "--json", check_rc=0).stdout)
    assert data["at"]["value"] == [[802.0, -400.0], [-400.0, 200.0]] and data["at"]["agree"]
    jac = json.loads(run("jacobian", "x*y", "x+y", "sin(x)", "--json", check_rc=0).stdout)
    assert jac["matrix"] == [["y", "x"], ["1", "1"], ["cos(x)", "0"]]
    ko = run("grad", "x^3 + xy - y", "--lang", "ko", "--steps", check_rc=0).stdout
    assert "편미분" in ko


def test_check_agrees_and_json():
    out = run("check", "7xy/e^(x^2+y^2)", "--at", "x=0.5,y=-1", check_rc=0).stdout
    assert "all four agree" in out and "-1.00276678901" in out
    data = json.loads(run("check", "x^2 + 3xy + y - 3", "--at", "x=4,y=-2", "--json", check_rc=0).stdout)
    assert data["agree"] and data["reverse"] == [2.0, 13.0]
    proc = run("check", "x*y", "--at", "x=1", check_rc=2)
    assert "no value for y" in proc.stderr
