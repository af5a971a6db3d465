"""Renderings of a layer-level explanation (``level="layer"``): text and a JSON-ready list. Words come
from the catalogues (``explain.layer.*``); formulas from ``layer_rules.py``; numbers through
``render.fmt`` (4 significant digits, larger arrays as shape and statistics)."""

from __future__ import annotations

from typing import Any

from mibun.explain.render import _shape, enc, fmt, to_text
from mibun.i18n import catalogue, t


def layer_name(kind: str, lang: str) -> str:
    return catalogue(lang).get(f"explain.layer.{kind}", kind)


def _inputs(step) -> str:
    return ", ".join(f"{role} = {lab}" for role, lab in step.inputs.items())


def _engine_words(term, lang: str) -> str:
    key = "explain.engine_ok" if term.matches else "explain.engine_bad"
    return t(key, lang, err=f"{term.max_error:.1e}")


def layers_text(ex, lang: str) -> str:
    out = ex.output
    lines = [t("explain.layer.title", lang, out=out)]
    if ex.scalar_output:
        lines.append(f"{out} = {fmt(ex.output_value, lang)}")
    else:
        lines.append(t("explain.seed_ones", lang, out=out, shape=_shape(ex.output_value.shape)))
    if not ex.layers:
        lines += [t("explain.layer.none", lang), "", to_text(ex, lang)]
        return "\n".join(lines)
    lines.append(t("explain.layer.how", lang))
    for k, s in enumerate(ex.layers, 1):
        ind = "    " * s.depth
        lines.append("")
        lines.append(ind + t("explain.layer.header", lang, k=k, name=layer_name(s.kind, lang), label=s.label,
                             shape=_shape(s.upstream.shape), inputs=_inputs(s)))
        if s.forward:
            lines.append(ind + "    " + t("explain.layer.forward", lang))
            for term in s.forward:
                lines.append(ind + f"      {term.name} = {term.formula} = {fmt(term.value, lang)}")
        lines.append(ind + "    " + t("explain.layer.backward", lang, out=out, label=s.label,
                                      value=fmt(s.upstream, lang)))
        for term in s.backward:
            lines.append(ind + f"      {term.name} = {term.formula} = {fmt(term.value, lang)}")
            if term.engine is not None:
                lines.append(ind + "          " + _engine_words(term, lang))
        note = catalogue(lang).get(f"explain.layer.note.{s.kind}")
        if note:
            lines.append(ind + "    " + note)
    lines.append("")
    n_ok = sum(1 for s in ex.layers if s.matches)
    key = "explain.layer.all_ok" if n_ok == len(ex.layers) else "explain.layer.some_bad"
    lines.append(t(key, lang, n=len(ex.layers), bad=len(ex.layers) - n_ok))
    lines.append("")
    lines.append(t("explain.layer.results", lang))
    for tg in ex.targets:
        lines.append(f"  ∂{out}/∂{tg.label} = {fmt(tg.engine, lang)}")
    return "\n".join(lines)


def _plain(v: Any) -> Any:
    if isinstance(v, (bool, int, float, str)) or v is None:
        return v
    if isinstance(v, (tuple, list)) and all(isinstance(x, (int, float)) for x in v):
        return list(v)
    return None


def layers_dict(ex, lang: str) -> list[dict]:
    out = []
    for s in ex.layers:
        out.append({
            "kind": s.kind, "name": layer_name(s.kind, lang), "label": s.label, "depth": s.depth,
            "inputs": dict(s.inputs), "upstream": enc(s.upstream), "matches": s.matches,
            "params": {k: p for k, v in s.params.items() if (p := _plain(v)) is not None},
            "forward": [{"name": x.name, "formula": x.formula, "value": enc(x.value)} for x in s.forward],
            "backward": [{"name": x.name, "formula": x.formula, "value": enc(x.value), "role": x.role,
                          "engine": None if x.engine is None else enc(x.engine), "matches": x.matches,
                          "max_error": x.max_error} for x in s.backward],
            "note": catalogue(lang).get(f"explain.layer.note.{s.kind}", ""),
        })
    return out


__all__ = ["layers_text", "layers_dict", "layer_name"]
