"""The vendored Hangul font: present, small, covers KS X 1001, licensed, linked by HTML outputs."""

from __future__ import annotations

import base64
import io
import re

import pytest

from mibun import assets


def test_font_file_is_a_small_woff2_with_its_licence():
    path = assets.font_path()
    data = path.read_bytes()
    assert data[:4] == b"wOF2"
    assert 50_000 < len(data) < 600_000
    licence = assets.font_license_path().read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "NanumGothic" in licence


def test_font_covers_ksx1001_syllables_jamo_latin_and_math():
    pytest.importorskip("brotli")  # reading WOFF2 needs brotli (a build tool, not a dependency)
    from fontTools.ttLib import TTFont

    font = TTFont(str(assets.font_path()))
    cmap = font.getBestCmap()
    syllables = [cp for cp in range(0xAC00, 0xD7A4) if len(chr(cp).encode("euc_kr", "replace")) == 2
                 and chr(cp).encode("euc_kr", "replace") != b"?"]
    assert len(syllables) == 2350
    assert all(cp in cmap for cp in syllables)
    for ch in "ㄱㅎㅏㅣ" + "AZaz09" + "∂∇√∞≈≤≥±×÷·′σαβπ" + "２ｘ":
        assert ord(ch) in cmap, ch
    assert font["name"].getDebugName(1) == assets.FONT_FAMILY  # renamed: OFL reserved font name


def test_font_face_css_links_a_url():
    css = assets.font_face_css("fonts/" + assets.FONT_FILE)
    assert '@font-face{font-family:"Mibun Hangul"' in css
    assert 'url("fonts/MibunHangul-Regular.woff2") format("woff2")' in css
    assert assets.font_face_css().count("file://") == 1


def test_notebook_fragment_embeds_only_the_glyphs_it_uses():
    pytest.importorskip("fontTools")
    from fontTools.ttLib import TTFont

    out = assets.html_fragment("<p>미분계수는 기울기입니다</p>")
    assert out.startswith('<div class="mibun-ko"><style>@font-face')
    assert len(out) < 20_000  # a few KB, never the whole font
    data = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", out).group(1))
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    assert set(map(chr, cmap)) == set("미분계수는기울기입니다")
    assert assets.html_fragment("<p>slope 2.0</p>") == "<p>slope 2.0</p>"  # no Hangul, no font


def test_tour_index_links_the_copied_font(tmp_path):
    from mibun.tour import Section, write_index

    page = write_index(tmp_path, [Section(key="a", title="극한", text="미분", figures=[])], "ko")
    html = page.read_text(encoding="utf-8")
    assert 'url("fonts/MibunHangul-Regular.woff2")' in html
    assert (tmp_path / "fonts" / assets.FONT_FILE).is_file()
    assert (tmp_path / "fonts" / "OFL.txt").is_file()


def test_notebook_outputs_carry_their_glyphs_once():
    import mibun as mb
    import mibun.i18n as i18n

    i18n.set_lang("ko")
    try:
        html = mb.diff("x^2*sin(x)")._repr_html_()
        assert html.count("@font-face") == 1 and len(html) < 40_000
        nested = mb.check_answer("x^2*sin(x)", "2x*cos(x)", lang="ko")._repr_html_()
        assert nested.count("@font-face") == 1  # the worked steps inside share one subset
    finally:
        i18n.set_lang(None)
