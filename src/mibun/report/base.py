"""``Report``: the base of every result object. A result declares its fields once (a dataclass) and
says what to show in ``blocks(lang)``; text, Markdown, HTML, LaTeX and JSON all come from here.

    @dataclass
    class MyResult(Report):
        value: float
        error: float

        def blocks(self, lang):
            return [Para(t("my.summary", lang, value=fmt(self.value), error=fmt(self.error, 2)))]

``to_dict(lang)`` and ``to_json`` are built from the same fields (``mibun.report.fields.Record``: JSON-safe,
through ``to_jsonable``); words that depend on the language are ``@words`` methods, called by the blocks for
``text(lang)`` and by ``to_dict(lang)`` for the JSON. A class adjusts the JSON with ``_dict_value(name,
value)``, ``_dict_names``, ``_dict_skip``, ``_dict_also`` and ``_dict_extra()``; it never writes its own
``to_dict``.
"""

from __future__ import annotations

from typing import ClassVar

from mibun.report.document import Block, Form, render
from mibun.report.fields import Record


class Report(Record):
    """Mixin for result objects: ``text(lang)``, ``markdown``, ``html``, ``latex``, ``_repr_html_``,
    ``_repr_markdown_`` from ``blocks(lang)``; ``to_dict(lang)`` and ``to_json()`` from the fields."""

    #: a CSS class added to the HTML ``<div>`` (e.g. ``mibun-explain``); the LaTeX environment (``array``
    #: or ``aligned``)
    _renders = True  # nested in another result's JSON, its words are those of its own renderings
    _css: ClassVar[str] = ""
    _latex_env: ClassVar[str] = "array"

    def blocks(self, lang: str) -> list[Block]:  # pragma: no cover - every report defines it
        raise NotImplementedError

    # -- renderings (all through document.render) -------------------------------------------------
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


__all__ = ["Report"]
