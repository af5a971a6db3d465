"""One catalogue per language, with the same keys and the same {fields}; Korean text is Korean."""

import re
import string

import pytest

from mibun.errors import InputError
from mibun.i18n import catalogue, default_lang, resolve_lang, t

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def fields(text):
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_same_keys_and_fields_in_both_languages():
    en, ko = catalogue("en"), catalogue("ko")
    assert set(en) == set(ko), set(en) ^ set(ko)
    for key in en:
        assert fields(en[key]) == fields(ko[key]), key


def test_english_has_no_hangul_and_korean_prose_has_hangul():
    en, ko = catalogue("en"), catalogue("ko")
    for key, text in en.items():
        assert not HANGUL.search(text), key
    for key, text in ko.items():
        words = re.sub(r"\{[^}]*\}", "", text)
        if re.search(r"[A-Za-z]{4,}", en[key]) and re.search(r"[a-z]{4,} [a-z]{3,}", en[key]):
            assert HANGUL.search(words), f"{key}: {text!r} looks untranslated"


def test_language_resolution(monkeypatch):
    monkeypatch.setenv("MIBUN_LANG", "ko")
    assert default_lang() == "ko"
    monkeypatch.setenv("MIBUN_LANG", "en")
    assert default_lang() == "en"
    monkeypatch.delenv("MIBUN_LANG")
    monkeypatch.setenv("LC_ALL", "ko_KR.UTF-8")
    assert default_lang() == "ko"
    assert resolve_lang("한국어") == "ko"
    with pytest.raises(InputError, match="lang='ko'"):
        resolve_lang("fr")
    assert HANGUL.search(t("demo.title", "ko"))
    assert t("check.maxdiff", "en", d="1e-3").endswith("1e-3")
