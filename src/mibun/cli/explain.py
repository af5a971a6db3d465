"""``mibun explain``: the chain rule on a built-in example (the course's RNN, a small MLP), rule by rule
with the numbers, optionally as JSON and with a drawing of the graph."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("explain", help="explain backpropagation on a built-in example, rule by rule")
    p.add_argument("--example", choices=["rnn", "mlp", "layernorm", "attention"], default="rnn",
                   help="the course's RNN (default), a small MLP, a LayerNorm or a causal attention")
    p.add_argument("--level", choices=["op", "layer"], default=None,
                   help="node by node (op) or layer by layer (layer; the default for layernorm and attention)")
    p.add_argument("--lang", dest="explain_lang", choices=["ko", "en"], default=None,
                   help="language (default: $MIBUN_LANG, else the locale, else en)")
    p.add_argument("--graph", metavar="FILE", default=None,
                   help="also draw the graph to FILE (.svg, .png or .dot)")
    p.add_argument("--engine", choices=["auto", "builtin", "dot"], default="auto",
                   help="graph renderer: graphviz's dot when installed (auto), or the built-in one")
    p.add_argument("--json", action="store_true", help="print the explanation as JSON")
    p.set_defaults(func=run)


def _matrix(name: str, a) -> list[str]:
    import numpy as np

    rows = [" ".join(f"{v:7.3g}" for v in r) for r in np.atleast_2d(np.asarray(a))]
    pad = " " * (len(name) + 3)
    return [(f"{name} = [" if i == 0 else pad + "[") + r + "]" for i, r in enumerate(rows)]


def rnn_numbers(example, lang: str) -> str:
    """The lecture's numbers: W, U, V, each step's one-hot input xₜ and its target word."""
    from mibun.i18n import t

    lines = [t("explain.cli.rnn_numbers", lang)]
    for name in ("W", "U", "V"):
        lines += _matrix(name, example.params[name].data)
    vocab, inputs, targets = example.info["vocab"], example.info["inputs"], example.info["targets"]
    for step, (i, j) in enumerate(zip(inputs, targets, strict=True), 1):
        onehot = "[" + ", ".join("1" if k == i else "0" for k in range(len(vocab))) + "]"
        lines.append(t("explain.cli.rnn_step", lang, t=step, x=onehot, word=vocab[i], target=vocab[j], k=j))
    return "\n".join(lines)


def run(args) -> int:
    from mibun.explain import EXAMPLES, explain
    from mibun.explain.examples import SENTENCE, VOCAB
    from mibun.i18n import resolve_lang, t
    from mibun.report import dumps

    lang = resolve_lang(getattr(args, "explain_lang", None) or getattr(args, "lang", None))
    if args.graph:  # refused before any work when it cannot be written
        from mibun.files import output_path

        output_path(args.graph, lang=lang)
    example = EXAMPLES[args.example]()
    level = args.level or example.info.get("level", "op")
    ex = explain(example.loss, lang=lang, level=level)
    if args.json:
        d = ex.to_dict(lang)
        d["example"] = args.example
        print(dumps(d, indent=1))
    else:
        if args.example == "rnn":
            print(t("explain.cli.example_rnn", lang, vocab="{" + ", ".join(VOCAB) + "}",
                    sentence="\"" + " ".join(SENTENCE) + "\""))
            print()
            print(rnn_numbers(example, lang))
        else:
            print(t(f"explain.cli.example_{args.example}", lang))
        print()
        print(ex.text())
    if args.graph:
        from mibun.viz import graph

        first = next(iter(example.params.values()))
        graph(example.loss, highlight=first, path=args.graph, lang=lang, engine=args.engine)
        if not args.json:
            print()
            print(t("explain.cli.graph_written", lang, path=args.graph))
    return 0 if ex.matches else 1
