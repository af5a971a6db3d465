"""Every ```python block in README.md and docs/*.md runs (blocks of one file share a namespace, in
order), so the documentation cannot rot. A block fenced as ```python no-run is shown, not run; one fenced
```python needs-torch runs where torch is installed (always in CI). With MIBUN_DOC_OUTPUTS set, what each
block prints and draws is recorded for the documentation site (tools/build_docs.py), which then does not run
the code a second time."""

import os

import pytest

from tests.doc_blocks import ROOT, blocks, needs, run_page

DOCS = sorted([ROOT / "README.md", *(p for p in (ROOT / "docs").rglob("*.md") if "readme-sections" not in p.parts)])


@pytest.mark.parametrize("path", [p for p in DOCS if blocks(p)], ids=lambda p: str(p.relative_to(ROOT)))
def test_doc_code_blocks_run(path, tmp_path, monkeypatch):
    from tests.optional import need

    for module in needs(path):
        need(module, f"pip install {module} to run the examples of {path.name}")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    outputs = os.environ.get("MIBUN_DOC_OUTPUTS")
    from mibun.functions.spec import REGISTRY

    ops = set(REGISTRY)
    try:
        run_page(path, (ROOT / outputs) if outputs else None)  # a relative folder is taken from the repository root
    finally:
        from mibun.i18n import set_lang

        set_lang(None)  # a page may switch the language (mb.set_lang("ko")); later tests expect the default
        for name in set(REGISTRY) - ops:  # an op a page defines (defop) is the page's, not the library's
            del REGISTRY[name]
        _stop_the_iframe_server()


def _stop_the_iframe_server():
    """``mb.explore(..., mode="iframe")`` on a page starts a server for the rest of the session (a notebook's):
    stopped after the page, so no thread of it outlives the test (a process with threads cannot fork the
    commands' budget workers and starts fresh interpreters instead)."""
    import sys

    widget = sys.modules.get("mibun.serve.widget")
    while widget is not None and widget._SERVER:
        srv = widget._SERVER.pop()
        srv.shutdown()
        srv.server_close()
