"""Assets shipped inside the package: the Hangul web font (and, for the explorer, its web files).

The font is ``fonts/MibunHangul-Regular.woff2``: a subset of NanumGothic (SIL OFL 1.1, see ``fonts/OFL.txt``)
with the 2,350 Hangul syllables of KS X 1001, the jamo, Latin, Greek and mathematical symbols — about
150 KB. Its family name is ``"Mibun Hangul"`` (:data:`FONT_FAMILY`).

How an HTML page gets it, from best to worst:

* a page written to a folder (the tour's ``index.html``, a saved report): :func:`copy_font` puts the file
  beside the page and ``font_face_css("fonts/MibunHangul-Regular.woff2")`` links it by a relative URL;
* a page served by ``mibun serve``: the server serves the file and links it by its URL;
* a notebook output, where no file link can work: ``font_face_css(text=...)`` embeds, as a data URL, a
  subset with only the glyphs of ``text`` (a few KB), under a family name of its own, so a notebook never
  carries the whole font.

Nothing here imports fontTools unless a glyph subset is asked for.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import shutil
from functools import lru_cache
from pathlib import Path

FONT_FAMILY = "Mibun Hangul"
FONT_FILE = "MibunHangul-Regular.woff2"
#: the CSS font stack mibun's HTML uses: the vendored font for Hangul, system fonts before it for the rest
FONT_STACK = ('system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
              f'"{FONT_FAMILY}", "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif')

_HERE = Path(__file__).resolve().parent


def font_path() -> Path:
    """The path of the vendored WOFF2 Hangul font inside the installed package."""
    return _HERE / "fonts" / FONT_FILE


def font_license_path() -> Path:
    """The font's licence (SIL Open Font License 1.1, with the copyright notice)."""
    return _HERE / "fonts" / "OFL.txt"


def copy_font(folder: str | Path) -> Path:
    """Copy the font and its licence into ``folder/fonts/``; return the font's new path."""
    dest = Path(folder) / "fonts"
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(font_path(), dest / FONT_FILE)
    shutil.copyfile(font_license_path(), dest / "OFL.txt")
    return dest / FONT_FILE


def font_face_css(url: str | None = None, *, text: str | None = None, family: str = FONT_FAMILY) -> str:
    """An ``@font-face`` rule for the Hangul font.

    ``url`` given: link the font file at that URL (relative to the page, or served). ``text`` given instead:
    embed a data-URL subset holding only the glyphs of ``text`` (its family name gets a short hash so
    that subsets of different outputs never replace each other; use :func:`font_stack` with the same
    ``text`` for the ``font-family``). Neither: link the installed file by a ``file://`` URL (works for a
    page opened from disk on this machine only)."""
    if url is None and text is not None:
        fam, data = _subset_data_url(_hangul_chars(text))
        if fam is None:
            return ""
        return f'@font-face{{font-family:"{fam}";src:url({data}) format("woff");font-display:swap}}'
    if url is None:
        url = font_path().as_uri()
    return (f'@font-face{{font-family:"{family}";src:url("{url}") format("woff2");'
            "font-weight:400;font-style:normal;font-display:swap}")


def font_stack(text: str | None = None) -> str:
    """The CSS ``font-family`` value; with ``text``, it names the subset ``font_face_css(text=text)`` made."""
    if text is None:
        return FONT_STACK
    fam, _ = _subset_data_url(_hangul_chars(text))
    return FONT_STACK if fam is None else FONT_STACK.replace(f'"{FONT_FAMILY}"', f'"{fam}", "{FONT_FAMILY}"')


def style_block(text: str) -> str:
    """``<style>`` for one notebook output: the glyph subset for ``text`` and a class ``mibun-ko`` using it;
    empty when ``text`` has no Hangul (then the output needs no font)."""
    face = font_face_css(text=text)
    if not face:
        return ""
    return f"<style>{face} .mibun-ko{{font-family:{font_stack(text)}}}</style>"


def svg_font_style(text: str) -> str:
    """``<style>`` for an SVG drawing ``text``: an ``@font-face`` embedding only the Hangul glyphs of
    ``text`` and ``svg{font-family:…}`` naming it; empty when ``text`` has no Hangul."""
    face = font_face_css(text=text)
    return f"<style>{face} svg{{font-family:{font_stack(text)}}}</style>" if face else ""


def html_fragment(body: str, text: str | None = None) -> str:
    """A notebook output with the Hangul glyph subset it needs (``text`` defaults to ``body``; tags add no
    Hangul): the outermost element of ``body`` gets the class ``mibun-ko`` and a ``<style>`` as its first
    child, so the output still starts with its own tag; a body that is not one element is wrapped in a
    ``<div>``. Without Hangul, ``body`` comes back unchanged."""
    body = _INNER_STYLE.sub("", body)  # a nested mibun output: one subset for the whole output instead
    style = style_block(body if text is None else text)
    if not style:
        return body
    m = re.match(r"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>", body)
    if m is None or not body.rstrip().endswith(f"</{m.group(1)}>") or m.group(1).lower() in _NO_STYLE_CHILD:
        return f'<div class="mibun-ko">{style}{body}</div>'
    tag, attrs = m.group(1), m.group(2)
    cm = re.search(r"""\sclass=(["'])(.*?)\1""", attrs)
    if cm is None:
        attrs += ' class="mibun-ko"'
    else:
        attrs = attrs[:cm.start()] + f' class="{cm.group(2)} mibun-ko"' + attrs[cm.end():]
    return f"<{tag}{attrs}>{style}{body[m.end():]}"


_INNER_STYLE = re.compile(r'<style>@font-face\{font-family:"Mibun Hangul [0-9a-f]{8}".*?</style>', re.S)
_NO_STYLE_CHILD = {"table", "tr", "ul", "ol", "p", "pre", "span", "code"}


def _hangul_chars(text: str) -> str:
    """The characters of ``text`` that need the Hangul font (Hangul syllables, jamo, CJK punctuation)."""
    keep = {c for c in text if 0x1100 <= ord(c) <= 0x11FF or 0x3000 <= ord(c) <= 0x318F
            or 0xAC00 <= ord(c) <= 0xD7A3 or 0xFF01 <= ord(c) <= 0xFF5E}
    return "".join(sorted(keep))


@lru_cache(maxsize=64)
def _subset_data_url(chars: str) -> tuple[str | None, str]:
    if not chars:
        return None, ""
    data = subset_font_bytes(chars, flavor="woff")
    if data is None:
        return None, ""
    digest = hashlib.sha1(chars.encode("utf-8")).hexdigest()[:8]
    return f"{FONT_FAMILY} {digest}", "data:font/woff;base64," + base64.b64encode(data).decode("ascii")


def subset_font_bytes(chars: str, flavor: str | None = "woff") -> bytes | None:
    """The font reduced to the glyphs of ``chars`` (``flavor``: "woff", "woff2" or None for a plain TTF);
    None when fontTools cannot read the font here (WOFF2 needs ``brotli``; then the NanumGothic TTF
    of koreanize-matplotlib is used, else None)."""
    try:
        import fontTools  # noqa: F401
    except ImportError:  # pragma: no cover - fontTools comes with matplotlib
        return None
    raw = _font_sfnt_bytes()
    return None if raw is None else _cut(raw, chars, flavor)


def _cut(raw: bytes, chars: str, flavor: str | None) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(raw))
    options = subset.Options()
    options.hinting = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    # kern is large and slow to read (0.2 s); Hangul text in a notebook output does not need it
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "DSIG", "kern"]
    options.flavor = flavor
    sub = subset.Subsetter(options)
    sub.populate(unicodes={ord(c) for c in chars})
    sub.subset(font)
    for rec in font["name"].names:  # OFL: a modified version does not carry the Reserved Font Name
        if rec.nameID in (1, 3, 4, 6, 16):
            rec.string = "MibunHangul-Subset" if rec.nameID == 6 else f"{FONT_FAMILY} Subset"
    buf = io.BytesIO()
    font.flavor = flavor
    font.save(buf)
    return buf.getvalue()


@lru_cache(maxsize=1)
def _font_sfnt_bytes() -> bytes | None:
    """Plain sfnt bytes of the Hangul font to cut subsets from: the NanumGothic TTF of koreanize-matplotlib
    (a dependency of mibun; read directly, fast), else the vendored WOFF2 decompressed (needs ``brotli``;
    about 2 s, once)."""
    path = _koreanize_ttf()
    if path is not None:  # each subset then takes about 0.2 s (a cut to 3,000 glyphs first would cost 3 s)
        return path.read_bytes()
    try:
        from fontTools.ttLib.woff2 import decompress

        buf = io.BytesIO()
        with open(font_path(), "rb") as fh:
            decompress(fh, buf)
        return buf.getvalue()
    except Exception:  # noqa: BLE001 - no brotli and no TTF: no subsets
        return None


def _koreanize_ttf() -> Path | None:
    """NanumGothic.ttf inside the koreanize-matplotlib wheel, found without importing that package."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("koreanize_matplotlib")
    except (ImportError, ValueError):  # pragma: no cover
        return None
    for loc in (spec.submodule_search_locations or []) if spec else []:
        path = Path(loc) / "fonts" / "NanumGothic.ttf"
        if path.is_file():
            return path
    return None


__all__ = ["FONT_FAMILY", "FONT_FILE", "FONT_STACK", "font_path", "font_license_path", "copy_font",
           "font_face_css", "font_stack", "style_block", "html_fragment", "svg_font_style", "subset_font_bytes"]
