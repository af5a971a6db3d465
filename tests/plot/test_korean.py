"""Korean labels: they are the catalogue's Hangul text and they render as Hangul, not as boxes."""

import io
import logging
import subprocess
import sys
import warnings

import numpy as np
import pytest

import mibun.plot as P
from mibun.i18n import t
from mibun.plot import fonts
from tests.plot.plot_helpers import HANGUL, figure_texts, labels, png_ok
from tests.plot.test_kinds import EXAMPLES, make


def draw_recording(fig, caplog):
    """Draw with Agg and return the glyph problems matplotlib reports (warnings and log records)."""
    caplog.clear()
    with warnings.catch_warnings(record=True) as rec, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png", dpi=50)
    msgs = [str(w.message) for w in rec] + [r.getMessage() for r in caplog.records]
    return [m for m in msgs if "missing from font" in m or "does not have a glyph" in m]


def test_a_hangul_font_is_found():
    family = fonts.hangul_font()
    assert family is not None
    assert fonts.font_family("ko") == ["DejaVu Sans", family]


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_korean_labels_render_without_missing_glyphs(kind, caplog):
    fig = make(kind, lang="ko")
    texts = figure_texts(fig)
    hangul = [s for s in texts if HANGUL.search(s)]
    assert hangul, f"{kind}: no Korean text in the figure"
    # mathtext ($...$) draws with its own fonts, which have no Hangul: never mix the two
    assert not [s for s in hangul if "$" in s]
    assert draw_recording(fig, caplog) == []


def test_korean_axis_labels_come_from_the_catalogue():
    ko = lambda key, **kw: t("plot." + key, "ko", **kw)  # noqa: E731
    lab = labels(make("error", lang="ko"))
    assert (lab["x"][0], lab["y"][0]) == (ko("error.xlabel"), ko("error.ylabel")) == ("간격 h", "절대 오차")
    lab = labels(make("training", lang="ko"))
    assert lab["x"] == ["에포크", "에포크"] and lab["y"] == ["손실", "정확도"]
    lab = labels(make("activations", lang="ko"))
    assert lab["title"][-1] == ko("act.vanishing") and lab["x"][-1] == ko("act.depth")


def _render_text(text, family):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1.2, 0.8), dpi=80)
    fig.text(0.5, 0.5, text, fontsize=28, ha="center", va="center", family=family)
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig.savefig(buf, format="rgba", dpi=80)
    return np.frombuffer(buf.getvalue(), dtype=np.uint8)


def test_two_syllables_draw_differently_with_the_hangul_font():
    family = fonts.font_family("ko")
    a, b = _render_text("미", family), _render_text("분", family)
    assert (a < 128).sum() > 20 and (b < 128).sum() > 20    # ink, not blank
    assert not np.array_equal(a, b)                         # real glyphs differ
    # control: without a Hangul font both are the same missing-glyph box
    assert np.array_equal(_render_text("미", ["DejaVu Sans"]), _render_text("분", ["DejaVu Sans"]))


def test_saved_korean_png(tmp_path):
    png_ok(P.save(make("secant", lang="ko"), tmp_path / "ko.png", dpi=60))


def test_warning_when_no_hangul_font(monkeypatch):
    monkeypatch.setattr(fonts, "_cache", {})
    monkeypatch.setattr(fonts, "KNOWN_HANGUL_FAMILIES", ())
    monkeypatch.setattr(fonts, "bundled_font_path", lambda: None)
    monkeypatch.delenv("MIBUN_HANGUL_FONT", raising=False)
    with pytest.warns(fonts.HangulFontWarning, match="fonts-nanum"):
        assert fonts.hangul_font() is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fonts.font_family("en") == ["DejaVu Sans"]   # English figures: no warning
    with pytest.warns(fonts.HangulFontWarning):
        fig = P.secants(lambda u: u**2, 3, lang="ko")      # still draws
    assert fig.axes


def test_bundled_font_is_found_without_importing_koreanize():
    path = fonts.bundled_font_path()
    assert path is not None and path.name == "NanumGothic.ttf"
    assert "koreanize_matplotlib" not in sys.modules


def test_imports_stay_lazy():
    code = ("import sys, mibun, mibun.plot; import mibun.plot.fonts; "
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported'; "
            "assert 'koreanize_matplotlib' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
