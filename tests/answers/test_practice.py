"""practice: every chapter and level, reproducible by seed, answers accepted by check_answer, hints one rule
at a time."""

import json

import pytest

import mibun as mb
from mibun.answers.chapters import CHAPTERS
from mibun.errors import InputError

DESIGN_CHAPTERS = ["limits", "difference_quotient", "basic_rules", "product_quotient", "chain_rule",
                   "log_differentiation", "partial_gradient", "sigmoid_softmax_ce", "linear_layer"]


def test_every_design_chapter_exists():
    assert list(CHAPTERS) == DESIGN_CHAPTERS


@pytest.mark.parametrize("chapter", DESIGN_CHAPTERS)
@pytest.mark.parametrize("level", [1, 2, 3])
def test_every_problems_own_answer_is_accepted(chapter, level):
    for seed in range(3):
        for p in mb.practice(chapter, n=3, seed=seed, level=level):
            assert p.chapter == chapter and p.level == level
            r = p.check(p.answer)
            assert r.correct is True, (p.task, p.answer, r.verdict)


def test_reproducible_by_seed_and_varied():
    a = [p.to_dict() for p in mb.practice("chain_rule", n=5, seed=3, level=2)]
    b = [p.to_dict() for p in mb.practice("chain_rule", n=5, seed=3, level=2)]
    assert a == b
    tasks = {p.task for s in range(6) for p in mb.practice("basic_rules", n=3, seed=s)}
    assert len(tasks) > 5
    json.dumps(a, ensure_ascii=False)


def test_hints_reveal_one_rule_at_a_time():
    (p,) = mb.practice("product_quotient", n=1, seed=0, level=1)
    assert len(p.hints) >= 3
    assert "product rule" in " ".join(p.hints[:-1])
    assert p.answer in p.hints[-1]
    assert all(p.answer not in h for h in p.hints[:-1])
    (k,) = mb.practice("chain_rule", n=1, seed=0, level=2, lang="ko")
    assert "연쇄법칙" in k.hints[0] and "미분하십시오" in k.question()


def test_wrong_answer_to_a_problem_is_graded():
    (p,) = mb.practice("product_quotient", n=1, seed=0, level=1)
    r = p.check("0")
    assert r.correct is False


def test_hyphens_and_errors():
    assert mb.practice("chain-rule", n=1)[0].chapter == "chain_rule"
    assert mb.practice("Sigmoid-Softmax-CE", n=1)[0].chapter == "sigmoid_softmax_ce"
    with pytest.raises(InputError, match="chain_rule"):
        mb.practice("integrals")
    with pytest.raises(InputError):
        mb.practice("limits", level=4)
    with pytest.raises(InputError):
        mb.practice("limits", n=0)
