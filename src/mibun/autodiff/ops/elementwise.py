"""The elementwise primitives. They are described in :mod:`mibun.functions` (arithmetic, elementary,
trig, hyperbolic, activations, special); this module gives the engine its historical names for them
(``E.ADD``, ``E.EXP``, …). Every scalar function spec is here under its upper-case name."""

from __future__ import annotations

from mibun.functions import scalar_specs
from mibun.functions.activations import LEAKY_RELU, RELU, SIGMOID, SOFTPLUS
from mibun.functions.arithmetic import (
    ADD,
    ASTYPE,
    CLIP,
    DIV,
    IDENTITY,
    MAXIMUM,
    MINIMUM,
    MUL,
    NEG,
    POW,
    POW_CONST,
    SUB,
    WHERE,
)
from mibun.functions.elementary import ABS, EXP, EXPM1, LOG, LOG1P, SQRT
from mibun.functions.hyperbolic import TANH
from mibun.functions.trig import COS, SIN, TAN

SCALARS = {s.name: s for s in scalar_specs()}
globals().update({name.upper(): s for name, s in SCALARS.items()})

__all__ = ["ADD", "ASTYPE", "CLIP", "DIV", "IDENTITY", "MAXIMUM", "MINIMUM", "MUL", "NEG", "POW", "POW_CONST",
           "SUB", "WHERE", "LEAKY_RELU", "RELU", "SIGMOID", "SOFTPLUS", "ABS", "EXP", "EXPM1", "LOG", "LOG1P",
           "SQRT", "COS", "SIN", "TAN", "TANH", "SCALARS"]
