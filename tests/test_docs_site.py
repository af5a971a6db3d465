"""The documentation site's staging (tools/build_docs.py) without running MkDocs: every chapter in both
languages, every relative link resolving to a staged page, cross-language links between the two trees.
The full build (`python tools/build_docs.py --check`, strict) runs in .ci/run after the tests."""

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("build_docs", ROOT / "tools" / "build_docs.py")
    bd = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bd)
    bd.STAGE = tmp_path_factory.mktemp("site-src")
    bd.stage(tmp_path_factory.mktemp("no-outputs"))
    return bd


def test_every_chapter_in_both_languages(staged):
    en = sorted(p.name for p in (staged.STAGE / "en" / "tutorials").glob("0*.md"))
    ko = sorted(p.name for p in (staged.STAGE / "ko" / "tutorials").glob("0*.md"))
    assert len(en) == 9 and en == ko


def test_relative_links_resolve_and_languages_link_each_other(staged):
    link = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")
    for page in staged.STAGE.rglob("*.md"):
        for target in link.findall(page.read_text(encoding="utf-8")):
            assert (page.parent / target).resolve().exists(), f"{page.relative_to(staged.STAGE)} → {target}"
    ch = (staged.STAGE / "en" / "tutorials" / "03-rules.md").read_text(encoding="utf-8")
    assert '<a href="../ko/tutorials/03-rules.html">' in ch
    ko = (staged.STAGE / "ko" / "tutorials" / "03-rules.md").read_text(encoding="utf-8")
    assert '<a href="../../tutorials/03-rules.html">' in ko


def test_recorded_outputs_are_inserted_after_their_block(staged, tmp_path):
    text = "# t\n\n```python\nprint(1)\n```\n\n```python no-run\nx\n```\n"
    out = staged.insert_outputs(text, [{"line": 3, "stdout": "1\n", "figures": ["f.png"]}], tmp_path, "ko")
    assert '???+ success "출력"' in out and "        1" in out and "![](f.png)" in out
    assert out.index("print(1)") < out.index("출력") < out.index("```python no-run\nx")
