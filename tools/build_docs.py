"""Build the documentation site (Korean and English) with MkDocs Material.

    python tools/build_docs.py                 # stage, then `mkdocs build --strict` into build/site
    python tools/build_docs.py --reuse build/doc-outputs   # CI: reuse what the tests recorded

The pages stay where they are in the repository (docs/, docs/tutorials/{en,ko}/); this script stages them
into build/site-src/{en,ko}/ for mkdocs-static-i18n (one tree per language, the same paths in both, so the
language switch lands on the same page), rewrites the relative links to the staged paths, inserts each code
block's recorded output and figures after it, writes one API page per subpackage (mkdocstrings) and one
notebook per chapter (jupytext), and copies the vendored Hangul font. A link to a missing page fails the
build (strict mode).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
STAGE = ROOT / "build" / "site-src"
LANGS = ("en", "ko")
LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```python([^\n]*)\n(.*?)^```\n?", re.S | re.M)

# reference pages with their titles; a page `docs/<name>.ko.md` is its Korean version
API_PACKAGES = ["autodiff", "numeric", "symbolic", "functions", "nn", "optim", "train", "data", "explain",
                "diagnose", "plot", "viz", "interop", "answers", "serve", "errors", "i18n"]
HOME = {
    "en": ("# mibun — differentiation for deep learning\n\n"
           "A Python library, a command, pictures and a browser explorer for learning and doing differentiation "
           "for deep learning: limits, the difference quotient, rules with steps, partial derivatives, "
           "backpropagation on a real graph, and a NumPy engine you can read.\n\n"
           "- [The course](tutorials/index.md): nine chapters, every code block run and its output shown\n"
           "- [From mibun to PyTorch](interop.md) · [Explorer](explorer.md){glossary}\n"
           "- [Reference](numeric.md) and the [API](api/index.md)\n\n"
           "Install: `pip install mibun` (offline after install: data, fonts and scripts are in the package).\n"),
    "ko": ("# mibun(미분) — 딥러닝을 위한 미분\n\n"
           "딥러닝을 위한 미분을 배우고 계산하는 파이썬 라이브러리, 명령, 그림, 브라우저 탐색기입니다. 극한, 차분몫, "
           "단계별 미분법, 편미분, 실제 계산 그래프 위의 역전파, 읽을 수 있는 넘파이 엔진을 다룹니다.\n\n"
           "- [강의](tutorials/index.md): 아홉 장, 모든 코드 블록을 실행하고 그 출력을 보여 줍니다\n"
           "- [mibun에서 PyTorch로](interop.md) · [탐색기](explorer.md){glossary}\n"
           "- [참고 문서](numeric.md)와 [API](api/index.md)\n\n"
           "설치: `pip install mibun` (설치한 뒤에는 인터넷 없이 동작합니다. "
           "데이터, 글꼴, 스크립트가 패키지 안에 있습니다).\n"),
}
# the explorer view that goes with each chapter (mibun serve; the URL a teacher shares)
EXPLORER = {
    "01-limits.md": "f=sin(x)/x&x0=0&view=limit",
    "02-derivative.md": "f=x^2&x0=3&h=0.1&view=quotient",
    "03-rules.md": "f=x^2*sin(x)&view=steps",
    "04-partial-derivatives.md": "f=x^2+3*x*y&x0=1&y0=2&view=surface",
    "05-gradient-descent.md": "f=x^2+10*y^2&x0=-2&y0=1&view=descent&opt=adam",
    "06-chain-rule.md": "f=sin(x^2)&x0=1&view=backprop",
    "08-backpropagation.md": "f=tanh(2*x+1)&x0=0.5&view=backprop",
    "09-vanishing-gradients.md": "f=sigmoid(sigmoid(sigmoid(x)))&x0=0&view=backprop",
}
EXPLORE_NOTE = {
    "en": '!!! tip "Try it live"\n    Run `mibun serve` and open '
          '<a href="http://127.0.0.1:8000/?{q}&amp;lang=en">this view</a> '
          "(the same numbers as the library; see the [explorer](../explorer.md)).\n\n",
    "ko": '!!! tip "직접 해 보기"\n    `mibun serve`를 실행하고 '
          '<a href="http://127.0.0.1:8000/?{q}&amp;lang=ko">이 화면</a>을 '
          "여십시오(라이브러리와 같은 값을 보여 줍니다. [탐색기](../explorer.md) 참고).\n\n",
}
ONLY_EN = {"en": "", "ko": "!!! note \"영어 문서\"\n    이 문서는 아직 영어로만 있습니다.\n\n"}


def source_pages() -> dict[tuple[str, Path], Path]:
    """(language, staged path relative to the language root) → source file."""
    out: dict[tuple[str, Path], Path] = {}
    for lang in LANGS:
        tut = DOCS / "tutorials" / lang
        for p in sorted(tut.glob("*.md")):
            out[(lang, Path("tutorials") / p.name)] = p
        out[(lang, Path("tutorials/index.md"))] = DOCS / "tutorials" / "README.md"
    for p in sorted(DOCS.glob("*.md")):
        if p.name.endswith(".ko.md"):
            continue
        ko = p.with_name(p.stem + ".ko.md")
        out[("en", Path(p.name))] = p
        out[("ko", Path(p.name))] = ko if ko.exists() else p
    return out


def staged_of(src: Path, lang: str, pages: dict[tuple[str, Path], Path]) -> tuple[str, Path] | None:
    """Where a source file is staged, seen from a page in ``lang`` (a chapter keeps its own language)."""
    src = src.resolve()
    tut = DOCS / "tutorials"
    for d in LANGS:
        if src.parent == (tut / d).resolve():
            return d, Path("tutorials") / src.name
    if src == (tut / "README.md").resolve():
        return lang, Path("tutorials/index.md")
    if src.parent == DOCS.resolve() and src.suffix == ".md":
        if src.name.endswith(".ko.md"):
            return "ko", Path(src.name.replace(".ko.md", ".md"))
        return lang, Path(src.name)
    return None


def rewrite_links(text: str, src: Path, lang: str, target: Path, pages: dict) -> str:
    here = (STAGE / lang / target).parent

    def fix(m: re.Match[str]) -> str:
        bang, label, href = m.groups()
        if re.match(r"^[a-z]+:", href) or href.startswith("#"):
            return m.group(0)
        path, _, anchor = href.partition("#")
        dest = (src.parent / path).resolve()
        where = staged_of(dest, lang, pages)
        if where is not None and where[0] != lang:  # the other language: a link between the two built trees
            rel = os.path.relpath(_url(*where), _url(lang, target).parent).replace(os.sep, "/")
            return f'<a href="{rel}{"#" + anchor if anchor else ""}">{label}</a>'  # raw: the other build's page
        if where is not None:
            rel = os.path.relpath(STAGE / where[0] / where[1], here)
            return f"{bang}[{label}]({rel}{'#' + anchor if anchor else ''})"
        if dest.is_file() and dest.suffix.lower() in (".png", ".svg", ".jpg", ".gif") and DOCS in dest.parents:
            return m.group(0)  # images under docs/ are copied with the same relative layout
        if dest == (ROOT / "README.md").resolve():
            return f"{bang}[{label}]({os.path.relpath(STAGE / lang / 'index.md', here)})"
        shown = os.path.relpath(dest, ROOT) if ROOT in dest.parents else path
        return f"{label} (`{shown}`)"  # a file outside the documentation: named, not linked

    return LINK.sub(fix, text)


def _url(lang: str, page: Path) -> Path:
    """Where a staged page lands in the built site: English at the root, Korean under ko/."""
    return (Path("/") if lang == "en" else Path("/ko")) / page.with_suffix(".html")


def insert_outputs(text: str, record: list[dict] | None, assets: Path, lang: str) -> str:
    """After each running block, its printed output and figures (as recorded by the tests)."""
    if not record:
        return text
    runs = iter(record)
    title = {"en": "Output", "ko": "출력"}[lang]

    def add(m: re.Match[str]) -> str:
        if "no-run" in m.group(1):
            return m.group(0)
        rec = next(runs, None)
        block = m.group(0).replace("```python" + m.group(1), "```python", 1)
        if not rec or (not rec["stdout"].strip() and not rec["figures"]):
            return block
        out = [block, f'\n???+ success "{title}"\n']
        if rec["stdout"].strip():
            body = "\n".join("        " + ln for ln in rec["stdout"].rstrip().splitlines())
            out.append(f"    ```text\n{body}\n    ```\n")
        for fig in rec["figures"]:
            out.append(f"    ![]({fig})\n")
        return "".join(out) + "\n"

    return FENCE.sub(add, text)


def api_pages(lang: str) -> None:
    """English: one mkdocstrings page per subpackage. Korean: one page linking to them (the docstrings are
    English, and one set of API anchors keeps cross-references unique)."""
    d = STAGE / lang / "api"
    d.mkdir(parents=True, exist_ok=True)
    pkgs = [p for p in API_PACKAGES
            if (ROOT / "src" / "mibun" / p).exists() or (ROOT / "src" / "mibun" / f"{p}.py").exists()]
    if lang == "en":
        lines = ["# API reference\n\nGenerated from the docstrings and type hints, one page per subpackage.\n\n"]
        for pkg in pkgs:
            (d / f"{pkg}.md").write_text(f"# mibun.{pkg}\n\n::: mibun.{pkg}\n", encoding="utf-8")
            lines.append(f"- [mibun.{pkg}]({pkg}.md)\n")
    else:
        lines = ["# API 참고\n\n독스트링과 타입 힌트에서 만든 문서입니다. "
                 "독스트링이 영어이므로 영어 쪽에 있습니다.\n\n"]
        lines += [f'- <a href="../../api/{pkg}.html">mibun.{pkg}</a>\n' for pkg in pkgs]
    (d / "index.md").write_text("".join(lines), encoding="utf-8")


def notebooks(lang: str, pages: dict) -> dict[Path, str]:
    """One .ipynb per chapter (jupytext), next to the chapter; returns the link line per chapter."""
    links: dict[Path, str] = {}
    try:
        import jupytext
    except ImportError:
        return links
    for (lg, target), src in pages.items():
        if lg != lang or target.parent != Path("tutorials") or target.name == "index.md":
            continue
        text = FENCE.sub(lambda m: m.group(0).replace("```python" + m.group(1), "```python", 1),
                         src.read_text(encoding="utf-8"))
        nb = jupytext.reads(text, fmt="md")
        out = STAGE / lang / target.with_suffix(".ipynb")
        out.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(nb, out, fmt="ipynb")
        word = {"en": "Download this chapter as a notebook", "ko": "이 장을 노트북으로 내려받기"}[lang]
        links[target] = f"[:material-download: {word}]({out.name}){{ download }}\n\n"
    return links


def run_blocks(pages: dict, outputs: Path) -> None:
    """Run the pages' code the way the tests do (for a local build without a test run)."""
    sys.path.insert(0, str(ROOT))
    from tests.doc_blocks import blocks, run_page

    cwd = os.getcwd()
    for src in sorted(set(pages.values())):
        if blocks(src):
            with tempfile.TemporaryDirectory() as tmp:
                os.chdir(tmp)
                try:
                    run_page(src, outputs)
                finally:
                    os.chdir(cwd)


def stage(outputs: Path) -> None:
    if STAGE.exists():
        shutil.rmtree(STAGE)
    pages = source_pages()
    sys.path.insert(0, str(ROOT))
    from tests.doc_blocks import output_file

    for lang in LANGS:
        root = STAGE / lang
        root.mkdir(parents=True)
        glossary = {"en": " · [Glossary](glossary.md)", "ko": " · [용어집](glossary.md)"}[lang]
        home = HOME[lang].replace("{glossary}", glossary if (DOCS / "glossary.md").exists() else "")
        (root / "index.md").write_text(home, encoding="utf-8")
        if (DOCS / "explorer").is_dir():
            shutil.copytree(DOCS / "explorer", root / "explorer", dirs_exist_ok=True)
        nb_links = notebooks(lang, pages)
        for (lg, target), src in pages.items():
            if lg != lang:
                continue
            text = src.read_text(encoding="utf-8")
            rec_file = output_file(outputs, src)
            record = json.loads(rec_file.read_text(encoding="utf-8")) if rec_file.exists() else None
            for r in record or []:
                for fig in r["figures"]:
                    dest = root / target.parent / fig
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(outputs / fig, dest)
            text = insert_outputs(text, record, root, lang)
            text = rewrite_links(text, src, lang, target, pages)
            note = ONLY_EN[lang] if (lang == "ko" and src.parent == DOCS and not src.name.endswith(".ko.md")) else ""
            if target.parent == Path("tutorials") and target.name in EXPLORER:
                note += EXPLORE_NOTE[lang].replace("{q}", EXPLORER[target.name].replace("&", "&amp;"))
            text = note + nb_links.get(target, "") + text if not text.startswith("#") else \
                _after_title(text, note + nb_links.get(target, ""))
            out = root / target
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
        api_pages(lang)
        fonts = ROOT / "src" / "mibun" / "assets" / "fonts"
        if fonts.is_dir():
            shutil.copytree(fonts, root / "assets" / "fonts", dirs_exist_ok=True)
        (root / "assets").mkdir(exist_ok=True)
        shutil.copy(ROOT / "tools" / "site" / "extra.css", root / "assets" / "extra.css")


def _after_title(text: str, insert: str) -> str:
    first, _, rest = text.partition("\n")
    return f"{first}\n\n{insert}{rest}" if insert else text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="stage and build the documentation site")
    ap.add_argument("--reuse", metavar="DIR", help="reuse the outputs the tests recorded (MIBUN_DOC_OUTPUTS=DIR); "
                    "fail if a page has none, instead of running its code again")
    ap.add_argument("--stage-only", action="store_true", help="prepare build/site-src without running mkdocs")
    ap.add_argument("--check", action="store_true", help="after the build, check the site works offline in both "
                    "languages (and, where playwright and chromium exist, that search finds Korean words)")
    a = ap.parse_args(argv)
    pages = source_pages()
    if a.reuse:
        outputs = (ROOT / a.reuse).resolve()
        sys.path.insert(0, str(ROOT))
        from tests.doc_blocks import blocks, output_file

        missing = [str(p.relative_to(ROOT)) for p in sorted(set(pages.values()))
                   if blocks(p) and not output_file(outputs, p).exists()]
        if missing:
            print(f"build_docs: no recorded outputs for {missing}; run the tests with MIBUN_DOC_OUTPUTS={a.reuse}",
                  file=sys.stderr)
            return 2
    else:
        outputs = ROOT / "build" / "doc-outputs"
        run_blocks(pages, outputs)
    stage(outputs)
    if a.stage_only:
        return 0
    rc = subprocess.call([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml")],
                         cwd=ROOT)
    if rc or not a.check:
        return rc
    sys.path.insert(0, str(ROOT / "tools"))
    from site_check import check_site  # tools/site_check.py

    problems = check_site(ROOT / "build" / "site", pages)
    for p in problems:
        print(f"build_docs: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
