"""The code block of the README's plot section runs as written, on its own (docs/plot.md itself is run by
tests/test_docs.py)."""

import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
FILES = [DOCS / "readme-sections" / "plot.md"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name if p.parent.name == "docs" else "readme-" + p.name)
def test_code_blocks_run(path, tmp_path, monkeypatch):
    blocks = re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
    assert blocks
    monkeypatch.chdir(tmp_path)
    ns: dict = {}
    for i, code in enumerate(blocks):
        exec(compile(code, f"{path.name}[{i}]", "exec"), ns)  # noqa: S102 - our own documentation
        plt.close("all")
