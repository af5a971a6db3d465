"""``Report``: the base of every result object. A result declares its fields once (a dataclass) and
says what to show in ``blocks(lang)``; text, Markdown, HTML, LaTeX and JSON all come from here.

    @dataclass
    class MyResult(Report):
        value: float
        error: float

        def blocks(self, lang):
            return [Para(t("my.summary", lang, value=fmt(self.value), error=fmt(self.error, 2)))]

``to_dict()`` is built from the dataclass fields (JSON-safe, through ``to_jsonable``); a class adjusts it
with ``_dict_value(name, value)`` or by listing fields in ``_dict_skip`` and adding ``_dict_extra()``.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from mibun.i18n import resolve_lang
from mibun.report.document import Block, Form, render
from mibun.report.jsonable import dumps, to_jsonable


class Report:
    """Mixin for result objects: ``text(lang)``, ``markdown``, ``html``, ``latex``, ``_repr_html_``,
    ``_repr_markdown_``, ``to_dict()`` and ``to_json()`` from ``blocks(lang)`` and the fields."""

    _dict_skip: ClassVar[tuple[str, ...]] = ()
    #: a CSS class added to the HTML ``<div>`` (e.g. ``mibun-explain``); the LaTeX environment (``array``
    #: or ``aligned``)
    _css: ClassVar[str] = ""
    _latex_env: ClassVar[str] = "array"

    def blocks(self, lang: str) -> list[Block]:  # pragma: no cover - every report defines it
        raise NotImplementedError

    # -- renderings (all through document.render) -------------------------------------------------
    def _lang(self, lang: str | None) -> str:
        """The call's language, else the report's own ``lang`` field (if it has one), else the default."""
        own = getattr(self, "lang", None)
        return resolve_lang(lang or (own if isinstance(own, str) else None))

    def _render(self, fmt: Form, lang: str | None) -> str:
        code = self._lang(lang)
        return render(self.blocks(code), fmt, code, css=self._css, env=self._latex_env)

    def text(self, lang: str | None = None) -> str:
        return self._render("text", lang)

    def markdown(self, lang: str | None = None) -> str:
        return self._render("markdown", lang)

    def html(self, lang: str | None = None) -> str:
        return self._render("html", lang)

    def latex(self, lang: str | None = None) -> str:
        return self._render("latex", lang)

    def _repr_html_(self) -> str:
        from mibun.assets import html_fragment  # the Hangul glyphs a notebook needs, when there is Korean

        return html_fragment(self.html())

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        return self.text()

    # -- data ----------------------------------------------------------------------------------
    def _dict_value(self, name: str, value: Any) -> Any:
        return to_jsonable(value)

    def _dict_extra(self) -> dict[str, Any]:
        return {}

    def to_dict(self) -> dict[str, Any]:
        """The fields as JSON-safe data (arrays as lists, NaN as null, ±∞ as "inf"/"-inf")."""
        if dataclasses.is_dataclass(self):
            names = [f.name for f in dataclasses.fields(self)]
        else:
            names = [k for k in vars(self) if not k.startswith("_")]
        out = {n: self._dict_value(n, getattr(self, n)) for n in names
               if n not in self._dict_skip and not n.startswith("_")}
        out.update({k: to_jsonable(v) for k, v in self._dict_extra().items()})
        return out

    def to_json(self, indent: int | None = 2) -> str:
        return dumps(self.to_dict(), indent=indent)


__all__ = ["Report"]
