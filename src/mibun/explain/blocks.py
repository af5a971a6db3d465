"""An ``Explanation`` as report blocks: the chain rule step by step, in the reader's language. Text,
Markdown, HTML and LaTeX all come from these blocks through ``mibun.report``'s one renderer; each line
that is a formula carries its LaTeX too. The text form is the layout ``mb.explain`` has always printed."""

from __future__ import annotations

from mibun.explain.render import (
    _limit,
    _local_words,
    _path_chain,
    _pattern_notes,
    _pattern_words,
    _shape,
    _tex_name,
    _tex_text,
    fmt,
    fmt_tex,
    op_title,
    rule_text,
)
from mibun.i18n import t
from mibun.report.document import Block, Heading, Math, Para


def _M(text: str, latex: str, indent: int = 0) -> Math:
    """A line of words and numbers (text, Markdown, HTML) that is a formula in LaTeX."""
    return Math(text, latex, indent=indent, words=True)


def explanation_blocks(ex, lang: str) -> list[Block]:
    """Title and seed, one group of lines per op node (upstream gradient, per input edge the rule, the
    local factor and the contribution), the recognised patterns, and per requested input the path sum
    next to the engine's gradient."""
    out, tout = ex.output, _tex_name(ex.output)
    b: list[Block] = [Heading(t("explain.title", lang, out=out))]
    if ex.scalar_output:
        b.append(_M(f"{out} = {fmt(ex.output_value, lang)}", f"{tout} = {fmt_tex(ex.output_value, lang)}"))
        b.append(Para(t("explain.seed_scalar", lang, out=out)))
    else:
        b.append(Para(t("explain.seed_ones", lang, out=out, shape=_shape(ex.output_value.shape))))
    b.append(Para(t("explain.wanted", lang, list=", ".join(f"∂{out}/∂{tg.label}" for tg in ex.targets))))
    b += [Para(t("explain.how", lang)), Para(""), Heading(t("explain.steps_header", lang))]
    k = 0
    for s in ex.steps:
        if not s.is_leaf:
            k += 1
            b += _step(ex, s, k, lang, tout)
    if ex.patterns:
        b += [Para(""), Heading(t("explain.patterns_header", lang))]
        for p in ex.patterns:
            b.append(Para(f"• {_pattern_words(p, lang)}", indent=1))
            b.append(_M(p.formula, p.formula_latex, indent=3))
            b += [Para(note, indent=3) for note in _pattern_notes(p, lang)]
            b += [_M(f"{name} = {fmt(v, lang)}", f"{_tex_name(name)} = {fmt_tex(v, lang)}", indent=3)
                  for name, v in p.values.items()]
    b += [Para(""), Heading(t("explain.results_header", lang))]
    for tg in ex.targets:
        b += _target(ex, tg, lang, tout)
    return b


def _step(ex, s, k: int, lang: str, tout: str) -> list[Block]:
    out, lab = ex.output, _tex_name(s.label)
    b: list[Block] = [
        _M(t("explain.node", lang, k=k, label=s.label, expr=s.expression, op=op_title(s.op, lang),
               shape=_shape(s.shape)), rf"\text{{[{k}]}}\ {lab} = {_tex_text(s.expression)}"),
        _M(t("explain.value", lang, label=s.label, value=fmt(s.value, lang)),
             f"{lab} = {fmt_tex(s.value, lang)}", indent=2)]
    upstream = _M(t("explain.upstream", lang, out=out, label=s.label, value=fmt(s.upstream, lang)),
                    rf"\bar g_{{{lab}}} = \frac{{\partial {tout}}}{{\partial {lab}}} = {fmt_tex(s.upstream, lang)}",
                    indent=4 if len(s.parts) > 1 else 2)
    if len(s.parts) > 1:
        b.append(Para(t("explain.branch", lang, label=s.label, n=len(s.parts)), indent=2))
        b += [_M(t("explain.from", lang, src=src, value=fmt(v, lang)), fmt_tex(v, lang), indent=4)
              for src, v in s.parts]
    b.append(upstream)
    for e in s.edges:
        inp = _tex_name(e.input)
        b.append(_M(t("explain.edge", lang, input=e.input, rule=rule_text(s.op, e, lang)), e.rule_latex, indent=2))
        local = rf"\frac{{\partial {lab}}}{{\partial {inp}}} = {_local_tex(s, e, lang)}"
        b.append(_M(_local_words(s, e, lang), local, indent=4))
        contrib = t("explain.contribution", lang, out=out, input=e.input, value=fmt(e.contribution, lang))
        if e.broadcast_summed:
            contrib += " " + t("explain.broadcast", lang, shape=_shape(e.contribution.shape))
        b.append(_M(contrib, rf"\Rightarrow\ \frac{{\partial {tout}}}{{\partial {inp}}}\Big|_{{{lab}}} = "
                               f"{fmt_tex(e.contribution, lang)}", indent=4))
    return b


def _local_tex(s, e, lang: str) -> str:
    if e.local is not None:
        return fmt_tex(e.local, lang)
    if e.jacobian is not None and e.jacobian.ndim <= 2:
        return fmt_tex(e.jacobian, lang, limit=16)
    if e.other is not None:
        o = _tex_name(e.other[0])
        return rf"(\cdot)\,{o}^{{\top}}" if e.index == 0 else rf"{o}^{{\top}}(\cdot)"
    return _tex_text(t("explain.local_jacobian", lang))


def _target(ex, tg, lang: str, tout: str) -> list[Block]:
    out, x = ex.output, _tex_name(tg.label)
    b: list[Block] = [Para(t("explain.result", lang, out=out, x=tg.label, shape=_shape(tg.shape)))]
    step = next((s for s in ex.steps if s.label == tg.label), None)
    if step is not None and not step.is_leaf:
        b.append(Para(t("explain.value", lang, label=tg.label, value=fmt(tg.value, lang)), indent=2))
    lhs = rf"\frac{{\partial {tout}}}{{\partial {x}}}"
    if tg.paths is not None:
        b.append(Para(t("explain.n_paths", lang, n=tg.n_paths, out=out, x=tg.label), indent=2))
        b += [_M(t("explain.path", lang, k=j, chain=_path_chain(p.nodes), value=fmt(p.contribution, lang)),
                   fmt_tex(p.contribution, lang), indent=3) for j, p in enumerate(tg.paths, 1)]
        terms = " + ".join(fmt_tex(p.contribution, lang) for p in tg.paths) if len(tg.paths) <= 8 else ""
        lhs += rf" = \sum_{{\text{{{len(tg.paths)}}}}}" + (f" {terms}" if terms else "")
    else:
        b.append(Para(t("explain.too_many_paths", lang, n=tg.n_paths, out=out, x=tg.label, limit=_limit(),
                        m=len(tg.parts)), indent=2))
    b.append(_M(t("explain.path_sum", lang, out=out, x=tg.label, value=fmt(tg.gradient, lang)),
                  f"{lhs} = {fmt_tex(tg.gradient, lang)}", indent=2))
    key = "explain.engine_ok" if tg.matches else "explain.engine_bad"
    b.append(Para(t(key, lang, err=f"{tg.max_error:.1e}"), strong=not tg.matches, indent=2))
    return b


__all__ = ["explanation_blocks"]
