"""Renderings of a layer-level explanation (``level="layer"``): report blocks (text, Markdown, HTML and
LaTeX through ``mibun.report``; the JSON is ``views.LayerView``'s). Words come
from the catalogues (``explain.layer.*``); formulas from ``layer_rules.py``; numbers through
``render.fmt`` (4 significant digits, larger arrays as shape and statistics)."""

from __future__ import annotations

from mibun.explain.render import _shape, fmt
from mibun.i18n import catalogue, t
from mibun.report.document import Block, Heading, Para, render


def layer_name(kind: str, lang: str) -> str:
    return catalogue(lang).get(f"explain.layer.{kind}", kind)


def _inputs(step) -> str:
    return ", ".join(f"{role} = {lab}" for role, lab in step.inputs.items())


def _engine_words(term, lang: str) -> str:
    key = "explain.engine_ok" if term.matches else "explain.engine_bad"
    return t(key, lang, err=f"{term.max_error:.1e}")


def layer_blocks(ex, lang: str) -> list[Block]:
    """The layer-level explanation as report blocks: per layer its forward terms, the upstream gradient and
    the backward terms, each checked against the engine (nested layers indented by their depth)."""
    out = ex.output
    b: list[Block] = [Heading(t("explain.layer.title", lang, out=out))]
    if ex.scalar_output:
        b.append(Para(f"{out} = {fmt(ex.output_value, lang)}"))
    else:
        b.append(Para(t("explain.seed_ones", lang, out=out, shape=_shape(ex.output_value.shape))))
    if not ex.layers:
        from mibun.explain.blocks import explanation_blocks

        return [*b, Para(t("explain.layer.none", lang)), Para(""), *explanation_blocks(ex, lang)]
    b.append(Para(t("explain.layer.how", lang)))
    for k, s in enumerate(ex.layers, 1):
        d = 2 * s.depth  # four spaces of text per depth: two levels
        b += [Para(""), Para(t("explain.layer.header", lang, k=k, name=layer_name(s.kind, lang), label=s.label,
                               shape=_shape(s.upstream.shape), inputs=_inputs(s)), indent=d)]
        if s.forward:
            b.append(Para(t("explain.layer.forward", lang), indent=d + 2))
            b += [Para(f"{term.name} = {term.formula} = {fmt(term.value, lang)}", indent=d + 3) for term in s.forward]
        b.append(Para(t("explain.layer.backward", lang, out=out, label=s.label, value=fmt(s.upstream, lang)),
                      indent=d + 2))
        for term in s.backward:
            b.append(Para(f"{term.name} = {term.formula} = {fmt(term.value, lang)}", indent=d + 3))
            if term.engine is not None:
                b.append(Para(_engine_words(term, lang), indent=d + 5))
        note = catalogue(lang).get(f"explain.layer.note.{s.kind}")
        if note:
            b.append(Para(note, indent=d + 2))
    n_ok = sum(1 for s in ex.layers if s.matches)
    key = "explain.layer.all_ok" if n_ok == len(ex.layers) else "explain.layer.some_bad"
    b += [Para(""), Para(t(key, lang, n=len(ex.layers), bad=len(ex.layers) - n_ok)), Para(""),
          Heading(t("explain.layer.results", lang))]
    b += [Para(f"∂{out}/∂{tg.label} = {fmt(tg.engine, lang)}", indent=1) for tg in ex.targets]
    return b


def layers_text(ex, lang: str) -> str:
    """The layer-level explanation as plain text."""
    return render(layer_blocks(ex, lang), "text", lang)


__all__ = ["layer_blocks", "layers_text", "layer_name"]
