"""Fonts for Korean labels: find a font with Hangul so that 한국어 renders as letters, not boxes.

Matplotlib's default font (DejaVu Sans) has no Hangul. ``hangul_font()`` looks, in order, for

1. a system font that matplotlib knows and that has Hangul (Noto Sans CJK KR, NanumGothic, Malgun Gothic,
   AppleGothic, UnDotum, …);
2. the NanumGothic TTF inside the ``koreanize-matplotlib`` package (a dependency of mibun). Only the font
   file is registered (``fontManager.addfont``); the package itself is never imported, because importing
   it changes the user's global rcParams. NanumGothic is © NHN Corporation, licensed under the SIL Open
   Font License 1.1;
3. nothing: then a ``HangulFontWarning`` says that Korean text may show as boxes and how to fix it.

Figures use the font list ``["DejaVu Sans", <Hangul font>]``: matplotlib (≥ 3.6) falls back glyph by
glyph, so Latin, Greek and math symbols (′, ∂, ∇, −) come from DejaVu Sans and Hangul from the second font.
Nothing here imports matplotlib at module import time.
"""

from __future__ import annotations

import importlib.util
import os
import warnings
from pathlib import Path

#: system font families with Hangul, most preferred first
KNOWN_HANGUL_FAMILIES = (
    "Noto Sans CJK KR", "Noto Sans KR", "Source Han Sans KR", "NanumGothic", "NanumBarunGothic",
    "Malgun Gothic", "AppleGothic", "Apple SD Gothic Neo", "UnDotum", "Baekmuk Gulim", "Noto Sans CJK JP",
    "Noto Sans CJK SC", "Noto Sans CJK TC",
)

_FIX = ("install a Korean font (Debian/Ubuntu: `apt install fonts-nanum`, or `pip install koreanize-matplotlib`) "
        "and restart Python")


class HangulFontWarning(UserWarning):
    """No font with Hangul was found: Korean labels may be drawn as empty boxes."""


_cache: dict[str, str | None] = {}


def bundled_font_path() -> Path | None:
    """The NanumGothic TTF shipped inside the koreanize-matplotlib wheel, if that package is installed
    (located with ``importlib.util.find_spec``, without importing it)."""
    try:
        spec = importlib.util.find_spec("koreanize_matplotlib")
    except (ImportError, ValueError):  # pragma: no cover - broken installs
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        path = Path(loc) / "fonts" / "NanumGothic.ttf"
        if path.is_file():
            return path
    return None


def _has_hangul(path: str) -> bool:
    try:
        from matplotlib.ft2font import FT2Font

        font = FT2Font(path)
        return font.get_char_index(ord("미")) != 0 and font.get_char_index(ord("분")) != 0
    except Exception:  # noqa: BLE001 - unreadable font files are simply skipped
        return False


def hangul_font(warn: bool = True) -> str | None:
    """The family name of a font with Hangul that matplotlib can use (registering the bundled
    NanumGothic if needed), or None — with a ``HangulFontWarning`` when ``warn`` — if there is none.
    ``$MIBUN_HANGUL_FONT`` (a family name or a .ttf/.otf path) overrides the search."""
    if "family" in _cache:
        family = _cache["family"]
        if family is None and warn:
            _warn()
        return family
    from matplotlib import font_manager

    family = None
    override = os.environ.get("MIBUN_HANGUL_FONT", "").strip()
    if override:
        if os.path.isfile(override):
            font_manager.fontManager.addfont(override)
            family = font_manager.FontProperties(fname=override).get_name()
        else:
            family = override
    if family is None:
        by_name: dict[str, str] = {}
        for entry in font_manager.fontManager.ttflist:
            by_name.setdefault(entry.name, entry.fname)
        for name in KNOWN_HANGUL_FAMILIES:
            if name in by_name and _has_hangul(by_name[name]):
                family = name
                break
    if family is None:
        path = bundled_font_path()
        if path is not None and _has_hangul(str(path)):
            font_manager.fontManager.addfont(str(path))
            family = font_manager.FontProperties(fname=str(path)).get_name()
    _cache["family"] = family
    if family is None and warn:
        _warn()
    return family


def _warn() -> None:
    warnings.warn(f"mibun.plot: no font with Hangul was found, so Korean text may show as empty boxes; {_FIX}",
                  HangulFontWarning, stacklevel=3)


def font_family(lang: str = "en") -> list[str]:
    """The font list used for figures: DejaVu Sans first, the Hangul font as per-glyph fallback.
    Warns (``HangulFontWarning``) only when Korean is asked for and no Hangul font exists."""
    family = hangul_font(warn=(lang == "ko"))
    return ["DejaVu Sans"] + ([family] if family else [])


__all__ = ["hangul_font", "font_family", "bundled_font_path", "HangulFontWarning", "KNOWN_HANGUL_FAMILIES"]
