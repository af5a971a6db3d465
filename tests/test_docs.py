"""Every ```python block in README.md and docs/*.md runs (blocks of one file share a namespace, in
order), so the documentation cannot rot. A block fenced as ```python no-run is shown, not run."""

import os
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = sorted([ROOT / "README.md", *(p for p in (ROOT / "docs").rglob("*.md") if "readme-sections" not in p.parts)])
BLOCK = re.compile(r"^```python([^\n]*)\n(.*?)^```", re.S | re.M)


def blocks(path):
    return [(m.group(2), text.count("\n", 0, m.start()) + 2)
            for text in [path.read_text(encoding="utf-8")]
            for m in BLOCK.finditer(text) if "no-run" not in m.group(1)]


def needs(path):
    """Optional modules a page's blocks need (```python needs-torch): skipped without them, except in CI."""
    text = path.read_text(encoding="utf-8")
    return sorted({w.removeprefix("needs-") for m in BLOCK.finditer(text) for w in m.group(1).split()
                   if w.startswith("needs-")})


@pytest.mark.parametrize("path", [p for p in DOCS if blocks(p)], ids=lambda p: str(p.relative_to(ROOT)))
def test_doc_code_blocks_run(path, tmp_path, monkeypatch):
    from tests.optional import need

    for module in needs(path):
        need(module, f"pip install {module} to run the examples of {path.name}")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    ns = {"__name__": f"doc_{path.stem}"}
    for code, line in blocks(path):
        try:
            exec(compile(code, f"{path.name}:{line}", "exec"), ns)  # our own documentation, not user text
        except Exception as exc:  # pragma: no cover - the message is the point
            raise AssertionError(f"{path.relative_to(ROOT)} line {line}: {type(exc).__name__}: {exc}") from exc
