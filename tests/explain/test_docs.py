"""The worked examples in docs/explain.md run and print exactly what the page shows."""

import contextlib
import io
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "explain.md"


def _blocks(text: str) -> list[tuple[str, str]]:
    """The fenced code blocks of a Markdown text, in order: (language, content)."""
    blocks, lang, body = [], None, []
    for line in text.splitlines():
        if line.startswith("```"):
            if lang is None:
                lang, body = line[3:].strip() or "plain", []
            else:
                blocks.append((lang, "\n".join(body)))
                lang = None
        elif lang is not None:
            body.append(line)
    return blocks


BLOCKS = _blocks(DOC.read_text(encoding="utf-8"))
PAIRS = [(a[1], b[1]) for a, b in zip(BLOCKS, BLOCKS[1:], strict=False)
         if a[0] == "python" and b[0] == "text" and "print(" in a[1]]


def test_the_page_has_both_languages():
    assert len(PAIRS) == 2


@pytest.mark.parametrize("code,expected", PAIRS)
def test_worked_example_output_is_current(code, expected):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(code, str(DOC), "exec"), {})
    assert buf.getvalue().strip() == expected.strip()


def test_rnn_excerpts_are_current():
    from mibun.explain import explain, rnn_example

    text = DOC.read_text(encoding="utf-8")
    for lang in ("en", "ko"):
        out = explain(rnn_example().loss, lang=lang).text()
        lines = [ln for ln in out.splitlines() if "ŷ − y = [" in ln]
        assert lines and all(ln in text for ln in lines[:1])
