"""mibun tour: the course in one run, every figure written, an index.html that shows them with the text."""

import re
from html.parser import HTMLParser

from tests.cli.helpers import HANGUL


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.imgs, self.sections = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.imgs.append(a["src"])
        if tag == "section":
            self.sections.append(a["id"])


def test_tour_writes_every_figure_and_an_index(english_tour):
    out, data, _ = english_tour
    keys = [s["key"] for s in data["sections"]]
    assert keys == ["limits", "quotient", "rules", "partials", "sigmoid", "cross_entropy", "backprop", "training",
                    "answers"]
    by_key = {s["key"]: s for s in data["sections"]}
    assert by_key["limits"]["data"]["limit"] == 2.0
    assert [round(v, 3) for v in by_key["limits"]["data"]["left_table"]] == [1.9, 1.99, 1.999]
    assert abs(by_key["quotient"]["data"]["quotient"] - 6.01) < 1e-9
    assert (by_key["partials"]["data"]["dfdx"], by_key["partials"]["data"]["dfdy"]) == (2.0, 13.0)
    assert by_key["cross_entropy"]["data"]["max_error"] < 1e-12
    assert by_key["backprop"]["data"]["agree"]
    assert by_key["training"]["data"]["test_accuracy"] > 0.95
    assert by_key["answers"]["data"]["misconception"] == "product_rule_as_product"
    page = _Page()
    page.feed((out / "index.html").read_text(encoding="utf-8"))
    assert page.sections == keys
    figures = [f for s in data["sections"] for f in s["figures"]]
    assert len(figures) >= 12 and set(page.imgs) == set(figures)
    for f in figures:
        assert (out / f).stat().st_size > 2000, f


def test_tour_in_korean(korean_tour):
    out, proc = korean_tour
    text = proc.stdout
    assert "극한" in text and "연쇄법칙" in text and "편미분" in text
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in page and HANGUL.search(page)
    assert not re.search(r"Traceback", proc.stderr)
