"""One report layer for every result mibun returns (DESIGN.md, "Reports").

* ``Report`` — base of result classes: fields declared once (a dataclass), ``blocks(lang)`` says what to
  show; ``text(lang)``, ``markdown``, ``html`` (``_repr_html_``), ``latex``, ``to_dict()``, ``to_json()``.
* ``Table`` — named ``columns``, ``rows``, title and notes; ``to_pandas()``; ``render_table`` is the one
  plain-text table printer (the command line uses it too).
* ``Record`` — fields declared once, ``to_dict(lang)``/``to_json`` from them (``Report`` is one; parts of a
  result are too); ``@words`` marks a method that gives a language-dependent field, for text and JSON alike.
* ``fmt`` — the one number formatter; ``to_jsonable``/``dumps`` — the one JSON encoder (``Summary``: an
  array as shape, dtype and values or statistics).

This layer sits beside ``errors`` and ``i18n``: it imports NumPy, never the engine or SymPy.
"""

from mibun.report.base import Report
from mibun.report.document import Block, Heading, Math, Para, Pre, TableBlock, render
from mibun.report.fields import OMIT, Record, words, words_of
from mibun.report.jsonable import Summary, dumps, to_jsonable
from mibun.report.numbers import fmt, fmt_sci
from mibun.report.table import Table, note_text, render_table

__all__ = ["Report", "Record", "words", "words_of", "OMIT", "Summary", "Table", "render_table", "note_text", "Block",
           "Heading", "Para", "Math", "Pre", "TableBlock", "render", "fmt", "fmt_sci", "to_jsonable", "dumps"]
