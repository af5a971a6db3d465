"""``mibun vanish``: the vanishing-gradient demonstration — a deep sigmoid MLP versus ReLU with He
initialisation versus residual connections (per-layer gradients beside the theory's 0.25ⁿ), and a
tanh RNN versus an LSTM on a long-range task (‖∂L/∂hₜ‖ across time)."""

from __future__ import annotations

import argparse

from mibun.cli.args import common, seed
from mibun.cli.output import Output
from mibun.i18n import t


def register(sub) -> None:
    p = sub.add_parser("vanish", help="demonstrate vanishing gradients: sigmoid vs ReLU+He vs residual, RNN vs LSTM")
    p.add_argument("--depth", type=int, default=20, help="number of linear layers of each network (default 20)")
    p.add_argument("--width", type=int, default=32, help="units per hidden layer (default 32)")
    p.add_argument("--steps", type=int, default=30, help="sequence length T of the recurrent task (default 30)")
    p.add_argument("--rnn", action=argparse.BooleanOptionalAction, default=True,
                   help="also the tanh RNN versus LSTM part (default: on; --no-rnn to skip)")
    p.add_argument("--seed", type=seed, default=0, help="random seed (default 0)")
    p.add_argument("--plot", metavar="FILE", default=None, help="also draw the figures to FILE (.png, .svg, .pdf)")
    common(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from mibun.diagnose import vanishing_demo
    from mibun.errors import InputError

    lang = args.lang
    out = Output(json_mode=args.json)
    if args.width < 1:
        raise InputError("diagnose.err.width", lang=lang, width=args.width)
    from mibun import budget
    from mibun.files import output_path

    # sizes and the output path are checked before any network is built
    budget.check_size(args.depth, 1000, "reliability.what.layers")
    budget.check_size(args.width, 4096, "reliability.what.units")
    budget.check_size(args.steps, 10_000, "reliability.what.steps")
    if args.plot:
        output_path(args.plot, lang=lang)
    demo = vanishing_demo(depth=args.depth, width=args.width, steps=args.steps, rnn=args.rnn, seed=args.seed,
                          lang=lang)
    out.heading(t("diagnose.demo.title_depth", lang, depth=demo.depth))
    out.line(t("diagnose.demo.explain_depth", lang))
    out.table(demo.layer_headers(lang), demo.layer_rows())
    for k in ("sigmoid", "relu_he", "residual"):
        flow = demo.flows[k]
        out.verdict(flow.healthy, demo.net_verdict(k, lang))
    if demo.hidden:
        out.line()
        out.heading(t("diagnose.demo.title_time", lang, T=demo.steps))
        out.line(t("diagnose.demo.explain_time", lang))
        out.table(demo.time_headers(lang), demo.time_rows())
        th = demo.recurrent_theory
        out.line(t("diagnose.demo.theory_rnn", lang, norm=f"{th['rnn']['w_hh_norm']:.3g}",
                   slope=f"{th['rnn']['mean_tanh_slope']:.3g}", factor=f"{demo.hidden['rnn'].per_step:.3g}"))
        for k in ("lstm", "lstm_f0"):
            out.line(t("diagnose.demo.theory_lstm", lang, net=t(f"diagnose.net.{k}", lang),
                       f=f"{th[k]['mean_forget']:.3g}", factor=f"{demo.hidden[k].per_step:.3g}"))
        for k, h in demo.hidden.items():
            out.verdict(h.first_to_last >= 1e-3, demo.rnn_verdict(k, lang))
        out.line(demo.lstm_vs_rnn(lang))
    data = demo.to_dict(lang)
    if args.plot:
        fig = demo.plot(lang)
        from mibun.files import save_figure

        save_figure(fig, args.plot, lang=lang, dpi=110)
        out.line()
        out.line(t("diagnose.cli.plot_written", lang, path=args.plot))
        data["plot"] = args.plot
    out.emit(data)
    return 0
