"""``mibun tour [--lang ko] [-o DIR]``: the course in one run, with every figure and an index.html."""

from __future__ import annotations

import time

from mibun.cli.args import common
from mibun.cli.output import Output
from mibun.i18n import t


def register(sub) -> None:
    p = sub.add_parser("tour", help="the course in one run: limits, rules, partial derivatives, softmax, "
                                    "backprop checked four ways, a training run — with figures")
    p.add_argument("-o", "--output", default="tour", help="folder for the figures and index.html (default: tour)")
    p.add_argument("--epochs", type=int, default=15, help="epochs of the training run (default 15)")
    common(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from mibun.tour import tour

    lang = args.lang
    out = Output(json_mode=args.json)
    start = time.perf_counter()

    def show(sec) -> None:
        out.heading(sec.title)
        for line in sec.text.splitlines():
            out.line(line)
        for f in sec.figures:
            out.line(t("cli.plot.saved", lang, path=f"{args.output}/{f}"), style="dim")
        out.line()

    sections = tour(args.output, lang=lang, epochs=args.epochs, on_section=show)
    out.line(t("tour.done", lang, path=f"{args.output}/index.html", s=f"{time.perf_counter() - start:.1f}"))
    out.emit({"folder": args.output, "index": f"{args.output}/index.html",
              "sections": [{"key": s.key, "title": s.title, "figures": s.figures, "data": s.data} for s in sections]})
    return 0
