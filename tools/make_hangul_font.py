"""Build mibun's vendored Hangul web font: a WOFF2 subset of NanumGothic (SIL OFL 1.1).

Run from the repository root (build tools only, not runtime dependencies of mibun)::

    pip install fonttools brotli koreanize-matplotlib
    python tools/make_hangul_font.py

Input: ``NanumGothic.ttf`` from the koreanize-matplotlib wheel (or ``--source PATH``).
Output: ``src/mibun/assets/fonts/MibunHangul-Regular.woff2``.

Coverage: the 2,350 Hangul syllables of KS X 1001 (the ones EUC-KR encodes in two bytes), Hangul
compatibility jamo and conjoining jamo, Basic Latin and Latin-1, Greek, general punctuation, super- and
subscripts, arrows, mathematical operators and the full-width forms a Korean keyboard types — only the code
points the source font actually has. Hinting is dropped (browsers render CJK unhinted anyway).

The OFL reserves the name "Nanum"/"NanumGothic" for the original font, so a modified version (this subset)
is renamed: family "Mibun Hangul". The copyright notice and the licence travel with it (OFL.txt).
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

FAMILY = "Mibun Hangul"
PS_NAME = "MibunHangul-Regular"
OUT = Path("src/mibun/assets/fonts") / f"{PS_NAME}.woff2"

RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement (·, ×, ÷, ±, ², ³, ¹, ½ …)
    (0x0370, 0x03FF),  # Greek (α, β, σ, π, Δ …)
    (0x1100, 0x11FF),  # Hangul conjoining jamo
    (0x2010, 0x205E),  # General punctuation (–, —, ‘ ’ “ ”, …, ′ ″ ‴)
    (0x2070, 0x209F),  # super- and subscripts (ˣ is U+02E3, added below)
    (0x2100, 0x214F),  # letterlike symbols (ℝ, ℕ …)
    (0x2150, 0x218F),  # number forms (½ ⅓ …)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators (∂ ∇ ∑ √ ∞ ≈ ≤ ≥ …)
    (0x2300, 0x23FF),  # misc technical (⌊ ⌋ ⌈ ⌉)
    (0x2500, 0x257F),  # box drawing (tables in terminals pasted to HTML)
    (0x25A0, 0x25FF),  # geometric shapes (● ○ ▶ …)
    (0x3000, 0x303F),  # CJK symbols and punctuation (「」 『』 、 。)
    (0x3131, 0x318E),  # Hangul compatibility jamo (ㄱ ㄴ … ㅏ ㅑ)
    (0x3200, 0x321E),  # parenthesized Hangul
    (0x3260, 0x327F),  # circled Hangul
    (0xFF01, 0xFF5E),  # full-width ASCII (２ｘ typed with a Korean IME)
]
EXTRA = [0x02E3, 0x02B8, 0x1D48, 0x1D49, 0x02C6, 0x02DC]  # ˣ ʸ ᵈ ᵉ ˆ ˜


def ksx1001_syllables() -> list[int]:
    """The 2,350 precomposed syllables of KS X 1001: EUC-KR encodes exactly these in two bytes."""
    out = []
    for cp in range(0xAC00, 0xD7A4):
        try:
            if len(chr(cp).encode("euc_kr")) == 2:
                out.append(cp)
        except UnicodeEncodeError:
            pass
    return out


def default_source() -> Path:
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("koreanize-matplotlib is not installed; pass --source NanumGothic.ttf")
    return Path(list(spec.submodule_search_locations)[0]) / "fonts" / "NanumGothic.ttf"


def wanted_codepoints() -> set[int]:
    cps = set(ksx1001_syllables())
    for lo, hi in RANGES:
        cps.update(range(lo, hi + 1))
    cps.update(EXTRA)
    return cps


def rename(font) -> None:
    """Give the subset its own family name (OFL: Reserved Font Name) and say what it is."""
    name = font["name"]
    copyright_ = name.getDebugName(0) or "Copyright © 2011 NHN Corporation."
    keep = {0: copyright_ + " Subset for mibun (modified: subset, renamed, unhinted).",
            1: FAMILY, 2: "Regular", 3: f"mibun;{PS_NAME}", 4: f"{FAMILY} Regular", 5: "Version 3.021-mibun1",
            6: PS_NAME, 13: "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
            14: "https://openfontlicense.org", 16: FAMILY, 17: "Regular"}
    name.names = []
    for nid, text in keep.items():
        name.setName(text, nid, 3, 1, 0x409)


def build(source: Path, out: Path) -> tuple[int, int]:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "DSIG"]
    font = TTFont(str(source))
    have = set(font.getBestCmap())
    cps = sorted(wanted_codepoints() & have)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=cps)
    sub.subset(font)
    rename(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(str(out))
    return len(cps), out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    n, size = build(args.source or default_source(), args.out)
    print(f"{args.out}: {n} code points, {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
