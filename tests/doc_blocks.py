"""The one executor of the documentation's ```python blocks, shared by the tests (tests/test_docs.py) and
the site build (tools/build_docs.py), so the tutorial code runs once in CI: the tests run it and, when
``MIBUN_DOC_OUTPUTS`` names a folder, record what each block printed and drew; the build reuses that.

Blocks of one page share a namespace and run in order; a block fenced ```python no-run is shown, not run;
```python needs-torch runs only where torch is installed.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pathlib
import re
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```python([^\n]*)\n(.*?)^```", re.S | re.M)


def blocks(path: pathlib.Path) -> list[tuple[str, int]]:
    """(code, first line) of every block of ``path`` that runs."""
    text = path.read_text(encoding="utf-8")
    return [(m.group(2), text.count("\n", 0, m.start()) + 2) for m in BLOCK.finditer(text)
            if "no-run" not in m.group(1)]


def needs(path: pathlib.Path) -> list[str]:
    """Optional modules a page's blocks need (```python needs-torch)."""
    text = path.read_text(encoding="utf-8")
    return sorted({w.removeprefix("needs-") for m in BLOCK.finditer(text) for w in m.group(1).split()
                   if w.startswith("needs-")})


def output_file(outputs: pathlib.Path, path: pathlib.Path) -> pathlib.Path:
    rel = path.resolve().relative_to(ROOT)
    return outputs / (str(rel).replace(os.sep, "__") + ".json")


def run_page(path: pathlib.Path, outputs: pathlib.Path | None = None) -> list[dict[str, Any]]:
    """Run every block of ``path`` in one namespace (in the current directory). Raises AssertionError naming
    the page and line of a failing block. With ``outputs``: also record each block's printed text and the
    matplotlib figures it left open (as PNG files) into ``outputs``, and return that record."""
    ns: dict[str, Any] = {"__name__": f"doc_{path.stem}"}
    record: list[dict[str, Any]] = []
    if outputs is not None:
        outputs.mkdir(parents=True, exist_ok=True)
    for i, (code, line) in enumerate(blocks(path)):
        out = io.StringIO()
        before = _open_figures()
        try:
            with contextlib.redirect_stdout(out) if outputs is not None else contextlib.nullcontext():
                exec(compile(code, f"{path.name}:{line}", "exec"), ns)  # our own documentation, not user text
        except Exception as exc:  # pragma: no cover - the message is the point
            raise AssertionError(f"{path.relative_to(ROOT)} line {line}: {type(exc).__name__}: {exc}") from exc
        if outputs is None:
            continue
        figures = []
        for k, fig in enumerate(f for f in _open_figures() if f not in before):
            name = f"{output_file(outputs, path).stem}-{i}-{k}.png"
            fig.savefig(outputs / name, dpi=90)
            figures.append(name)
            _close(fig)
        record.append({"line": line, "stdout": out.getvalue(), "figures": figures})
    if outputs is not None:
        outputs.mkdir(parents=True, exist_ok=True)
        output_file(outputs, path).write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return record


def _open_figures() -> list[Any]:
    import sys

    if "matplotlib.pyplot" not in sys.modules:
        return []
    plt = sys.modules["matplotlib.pyplot"]
    return [plt.figure(n) for n in plt.get_fignums()]


def _close(fig: Any) -> None:
    import matplotlib.pyplot as plt

    plt.close(fig)
