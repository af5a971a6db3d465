"""``mibun identity NAME``: the course's derivations of deep-learning derivatives, every step checked.

    mibun identity sigmoid      σ′(x) = σ(x)(1 − σ(x))
    mibun identity tanh         tanh′(x) = 1 − tanh²(x)
    mibun identity softmax      ∂sᵢ/∂xⱼ = sᵢ(δᵢⱼ − sⱼ): sᵢ(1 − sᵢ) on the diagonal, −sᵢsⱼ off it
    mibun identity softmax-ce   ∂L/∂xⱼ = ŷⱼ − yⱼ for L = −Σ yₖ ln ŷₖ, ŷ = softmax(x)
"""

from __future__ import annotations

from mibun.cli.args import common
from mibun.cli.output import Output
from mibun.errors import InputError
from mibun.i18n import t

#: command name → (worked example in mibun.symbolic.identities, or None for tanh)
NAMES = {"sigmoid": "sigmoid_derivative", "tanh": None, "softmax": "softmax_jacobian",
         "softmax-ce": "softmax_cross_entropy", "sigmoid-symmetry": "sigmoid_symmetry",
         "softmax2": "softmax2_is_sigmoid", "linear-mse": "linear_layer_mse"}


def register(sub) -> None:
    p = sub.add_parser("identity", help="derivations used in deep learning: sigmoid, tanh, softmax, softmax-ce, …")
    p.add_argument("name", help=" | ".join(NAMES))
    p.add_argument("--latex", action="store_true", help="also print the LaTeX")
    common(p)
    p.set_defaults(func=run)


def derivation(name: str):
    """The Derivation behind ``mibun identity NAME``."""
    key = name.strip().lower().replace("_", "-")
    if key not in NAMES:
        raise InputError("cli.identity.unknown", name=repr(name), choices=", ".join(NAMES))
    example = NAMES[key]
    if example is None:  # tanh: sinh/cosh, the quotient rule, cosh² − sinh² = 1
        from mibun.symbolic.identity_tanh import tanh_derivative

        return tanh_derivative()
    from mibun.symbolic import identities

    return identities.get(example)


def run(args) -> int:
    lang = args.lang
    out = Output(json_mode=args.json)
    d = derivation(args.name)
    lines = d.text(lang).splitlines()
    out.heading(lines[0])
    for line in lines[1:]:
        out.line(line)
    data = {"name": args.name, "result": str(d.result), "steps": d.to_dict(lang)}
    if args.latex:
        out.line(d.latex(lang))
        data["latex"] = d.latex(lang)
    out.line(t("cli.identity.verified", lang))
    out.emit(data)
    return 0
