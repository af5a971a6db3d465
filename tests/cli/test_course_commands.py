"""Course fidelity in the command (issue 15, item 6): quotient, identity, diff --definition for the
standard limits, explain --example rnn with the lecture's numbers. In-process (mibun.cli.main)."""

from __future__ import annotations

import json

import pytest
import sympy as sp

import mibun as mb
from mibun.cli import main
from mibun.cli.quotient import shown


def _run(capsys, *argv):
    rc = main(list(argv))
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def test_quotient_x2_at_3(capsys):
    rc, out, _ = _run(capsys, "--lang", "en", "quotient", "x^2", "--at", "3", "--h", "0.01")
    assert rc == 0
    assert "(f(3 + 0.01) − f(3))/0.01 = 6.01\n" in out
    assert "f′(3) = 6" in out and "error (quotient − f′) = 0.01" in out
    rows = [ln for ln in out.splitlines() if ln.startswith("1e-")]
    assert len(rows) == 12 and "◀ your h" in rows[1] and rows[0].startswith("1e-01")


def test_quotient_json_table_is_v_shaped(capsys):
    rc, out, _ = _run(capsys, "--json", "quotient", "sin(x)", "--at", "1", "--h", "1e-3")
    data = json.loads(out)
    errs = [r["forward_error"] for r in data["table"]]
    best = errs.index(min(errs))
    assert 0 < best < len(errs) - 1  # falls, then rises: the V
    assert errs[0] > errs[best] < errs[-1]
    assert data["quotient"] == pytest.approx(0.5398, abs=1e-3) and data["exact_source"] == "symbolic"


def test_quotient_custom_hs_and_korean(capsys):
    rc, out, _ = _run(capsys, "--lang", "ko", "quotient", "x^3", "--at", "2", "--h", "0.5", "--hs", "1,0.1")
    assert rc == 0 and "◀ 입력한 h" in out and "차분몫" in out


def test_quotient_bad_input(capsys):
    rc, _, err = _run(capsys, "--lang", "en", "quotient", "x^2", "--at", "3", "--h", "0")
    assert rc == 2 and "--h" in err


def test_shown_rounds_to_the_digits_floating_point_got():
    assert shown(6.009999999999849, 2e-12) == "6.01"
    assert shown(0.5, 1e-16) == "0.5"


@pytest.mark.parametrize("name, answer", [
    ("sigmoid", "σ′(x) = (1 - σ(x))·σ(x)"),
    ("tanh", "tanh′(x) = 1 - tanh(x)^2"),
    ("softmax", "-s_i·s_j"),
    ("softmax-ce", "ŷ_j − y_j"),
])
def test_identity(capsys, name, answer):
    rc, out, _ = _run(capsys, "--lang", "en", "identity", name)
    assert rc == 0 and answer in out and "checked with SymPy" in out


def test_identity_unknown(capsys):
    rc, _, err = _run(capsys, "identity", "relu6")
    assert rc == 2 and "sigmoid" in err


@pytest.mark.parametrize("text, result, limit_key", [
    ("ln(x)", "1/x", "symbolic.def_std.e_limit"),
    ("e^x", "exp(x)", "symbolic.def_std.exp"),
    ("2^x", "2**x*log(2)", "symbolic.def_std.exp_base"),
    ("a^x", "a**x*log(a)", "symbolic.def_std.exp_base_general"),
    ("sin(x)", "cos(x)", "symbolic.def_std.sin_limit"),
    ("cos(x)", "-sin(x)", "symbolic.def_std.cos_limit"),
    ("3*e^x", "3*exp(x)", "symbolic.def_std.exp"),
])
def test_definition_via_standard_limits(text, result, limit_key):
    d = mb.diff(text, "x", method="definition")
    assert sp.simplify(d.result - sp.sympify(result)) == 0
    keys = {k for s in d.steps for k, _ in s.notes}
    assert limit_key in keys
    assert d.text("ko") and d.text("en")


def test_definition_cli(capsys):
    rc, out, _ = _run(capsys, "--lang", "ko", "diff", "ln(x)", "--definition")
    assert rc == 0 and "(1 + t)^(1/t) = e" in out and "1/x" in out


def test_explain_rnn_shows_the_lectures_numbers_and_names_every_node(capsys):
    rc, out, _ = _run(capsys, "explain", "--example", "rnn", "--lang", "en")
    assert rc == 0
    assert "W = [    0.5    -0.3]" in out and "t = 1: input x1 = [1, 0, 0, 0] (baseball), target y1 = bat" in out
    import re

    assert not re.search(r"\bv\d+\b", out), "unnamed intermediate nodes in the explanation"
    for name in ("∂L/∂W·h2", "∂L/∂U·x3", "∂L/∂ŷ3[glove]"):
        assert name in out
