"""`mb.check` / `mibun check` at a kink, an infinite slope or outside the domain: one clear statement,
not four disagreeing numbers."""

from __future__ import annotations

import math

import pytest

import mibun as mb
from mibun.cli import main
from mibun.errors import DomainError


@pytest.mark.parametrize("expr, why, left, right", [
    ("abs(x)", "kink", -1.0, 1.0),
    ("relu(x)", "kink", 0.0, 1.0),
    ("sqrt(x)", "infinite_slope", None, math.inf),
])
def test_check_reports_no_derivative(expr, why, left, right):
    rep = mb.check(expr, at={"x": 0.0})
    assert not rep.agree and rep.numeric == [] and rep.disagreements == []
    (name, lf, rt, w), = rep.not_differentiable
    assert (name, w) == ("x", why)
    assert (lf is None) == (left is None) and (lf is None or lf == pytest.approx(left, abs=1e-9))
    assert rt == pytest.approx(right, abs=1e-9) if math.isfinite(right) else rt == right
    en, ko = rep.text("en"), rep.text("ko")
    assert "not differentiable" in en and "미분가능하지 않습니다" in ko
    assert rep.to_dict()["not_differentiable"][0]["why"] == why


def test_check_outside_domain_is_an_error():
    with pytest.raises(DomainError, match="outside the domain"):
        mb.check("log(x)", at={"x": 0.0})


def test_check_still_agrees_at_ordinary_points():
    assert mb.check("abs(x) + sqrt(x)", at={"x": 2.0}).agree


def test_cli_check_at_a_kink(capsys):
    assert main(["--lang", "ko", "check", "abs(x)", "--at", "x=0"]) == 1
    out = capsys.readouterr().out
    assert "꺾여" in out and "좌미분계수 -1" in out
    assert main(["--lang", "en", "check", "log(x)", "--at", "x=0"]) == 2
    assert "outside the domain" in capsys.readouterr().err
