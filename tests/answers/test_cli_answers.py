"""mibun check-answer and mibun practice, run in-process."""

import io
import json

from mibun.cli import main


def run(capsys, *args):
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def test_check_answer_text_and_json(capsys):
    rc, out, _ = run(capsys, "check-answer", "x^2*sin(x)", "2x*cos(x)", "--lang", "ko")
    assert rc == 0 and "틀렸습니다" in out and "곱의 미분법" in out and "⚠" in out
    rc, out, _ = run(capsys, "check-answer", "x^2*sin(x)", "2x*cos(x)", "--json", "--lang", "en")
    data = json.loads(out)
    assert data["verdict"] == "incorrect" and data["misconception"] == "product_rule_as_product"
    rc, out, _ = run(capsys, "check-answer", "cos x", "--", "-sin x")
    assert rc == 0 and "correct" in out
    rc, out, _ = run(capsys, "check-answer", "x^2 + y^2", "(2x, 2y)", "--kind", "gradient", "--json")
    assert json.loads(out)["correct"] is True
    rc, out, _ = run(capsys, "check-answer", "abs(x)/x", "1", "--to", "0", "--json")
    assert json.loads(out)["misconception"] == "limit_one_sided"
    rc, out, _ = run(capsys, "check-answer", "x^2 y", "2y", "--wrt", "x", "--json")
    assert json.loads(out)["correct"] is False


def test_check_answer_bad_input_is_one_line(capsys):
    rc, out, err = run(capsys, "check-answer", "x^2", "2x +* 1")
    assert rc == 2 and err.startswith("mibun: error:") and err.count("\n") == 1


def test_practice_json_and_session(capsys, monkeypatch):
    rc, out, _ = run(capsys, "practice", "chain-rule", "--n", "2", "--seed", "4", "--json")
    data = json.loads(out)
    assert rc == 0 and data["chapter"] == "chain_rule" and len(data["problems"]) == 2
    first = data["problems"][0]
    # a wrong answer, a hint request, then the right answer; then quit
    monkeypatch.setattr("sys.stdin", io.StringIO(f"0\n\n{first['answer']}\nq\n"))
    rc, out, _ = run(capsys, "practice", "chain_rule", "--n", "2", "--seed", "4", "--lang", "en")
    assert rc == 0
    assert "not correct" in out and "Hint:" in out and "Verdict: correct" in out
    assert "Score: 1 of 2" in out
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    rc, out, _ = run(capsys, "practice", "limits", "--n", "1", "--seed", "0", "--lang", "ko")
    assert rc == 0 and "점수" in out
    rc, out, err = run(capsys, "practice", "integrals")
    assert rc == 2 and "chain_rule" in err
