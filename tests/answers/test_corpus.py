"""The acceptance corpora: every equivalent correct answer is accepted, no wrong answer is accepted, and the
misconception named for a wrong answer is the expected one for at least 90 % of them (the rate is printed)."""

import pytest

from mibun.answers import check_answer
from tests.answers.corpus_equivalent import EQUIVALENT
from tests.answers.corpus_generated import EQUIVALENT_GENERATED, WRONG_GENERATED
from tests.answers.corpus_wrong import WRONG

ALL_WRONG = [(t, w, k, o) for t, w, k, o in WRONG] + [(t, w, k, {}) for t, w, k in WRONG_GENERATED]
ALL_RIGHT = list(EQUIVALENT) + [(t, a, {}) for t, a in EQUIVALENT_GENERATED]


def test_corpus_sizes():
    assert len(ALL_WRONG) >= 200 and len(WRONG) >= 150
    assert len(ALL_RIGHT) >= 200 and len(EQUIVALENT) >= 100
    assert len({k for _, _, k, _ in WRONG}) >= 25


def test_every_equivalent_answer_is_accepted():
    rejected = []
    for task, answer, opts in ALL_RIGHT:
        r = check_answer(task, answer, lang="en", **opts)
        if r.correct is not True:
            rejected.append((task, answer, r.verdict))
    assert not rejected, rejected


def _grade_wrong(cases):
    accepted, misnamed = [], []
    for task, wrong, key, opts in cases:
        r = check_answer(task, wrong, lang="en", **opts)
        if r.correct is not False:
            accepted.append((task, wrong, r.verdict))
        elif r.misconception != key:
            misnamed.append((task, wrong, key, r.misconception))
    return accepted, misnamed


def test_hand_written_wrong_answers_rejected_and_named():
    accepted, misnamed = _grade_wrong(WRONG)
    assert not accepted, accepted
    rate = 1 - len(misnamed) / len(WRONG)
    print(f"\nhand-written wrong answers: {len(WRONG)}, misconception named right: {rate:.1%}")
    assert rate >= 0.9, misnamed


def test_generated_wrong_answers_rejected_and_named():
    cases = [(t, w, k, {}) for t, w, k in WRONG_GENERATED]
    accepted, misnamed = _grade_wrong(cases)
    assert not accepted, accepted
    rate = 1 - len(misnamed) / len(cases)
    print(f"\ngenerated wrong answers: {len(cases)}, misconception named right: {rate:.1%}")
    assert rate >= 0.9, misnamed


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_catalogue_counter_examples_are_detected(lang):
    from mibun.answers.catalogue import CATALOGUE

    for m in CATALOGUE:
        r = check_answer(m.task, m.wrong, wrt=m.wrt, kind=m.kind, to=m.to, lang=lang)
        assert r.correct is False and r.misconception == m.key, (m.key, r.misconception)
        assert r.explanation and r.misconception_name(lang)


def test_docs_catalogue_is_generated_from_the_catalogue():
    """Every entry of the catalogue is in docs/answers.md with its names and explanations in both languages
    (regenerate the section with mibun.answers.catalogue_doc.markdown(); the worked answers' printed form may
    change with the printer, so they are not compared)."""
    import pathlib

    from mibun.answers.catalogue import CATALOGUE
    from mibun.answers.catalogue_doc import BEGIN, END

    text = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "answers.md").read_text(encoding="utf-8")
    section = text[text.index(BEGIN):text.index(END)]
    for m in CATALOGUE:
        assert f"### `{m.key}`" in section, m.key
        for lang in ("en", "ko"):
            assert m.name(lang) in section, (m.key, lang)
        assert f"gives `{m.wrong}`" in section, m.key
