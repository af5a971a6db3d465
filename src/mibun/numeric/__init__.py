"""mibun.numeric — numerical derivatives and limits that are honest about their error.

    derivative(f, x, n=1, method="auto", h=None)   Richardson tableau / complex step, error estimate
    difference_quotient(f, x, h)                   (f(x+h) − f(x))/h, the plain forward quotient
    difference_table(f, x, hs=None, exact=None)    the teaching table: h, quotients, errors, order
    difference_quotients(f, x0, hs), central_partials(f, *grid)   plain quotients on many steps/points
    partial(f, x, i), gradient(f, x), jacobian(f, x), hessian(f, x)
    limit(f_or_expr, x0, side="both"|"+"|"-")      one-sided approach, extrapolation, classification

Kink policy: ``derivative`` (and partial/gradient/jacobian) raise NotDifferentiableError with
``.left``/``.right`` where the one-sided derivatives differ; ``on_kink="flag"`` returns a result with
``differentiable == False`` instead.
"""

from mibun.numeric.derivative import derivative
from mibun.numeric.limits import limit
from mibun.numeric.multivariate import gradient, hessian, jacobian, partial
from mibun.numeric.results import DerivativeResult, LimitResult, Table
from mibun.numeric.tables import DifferenceTable, difference_quotient, difference_table
from mibun.numeric.vectorized import central_partials, difference_quotients

__all__ = ["derivative", "difference_quotient", "difference_table", "partial", "gradient", "jacobian",
           "hessian", "limit", "DerivativeResult", "LimitResult", "Table", "DifferenceTable", "difference_quotients",
           "central_partials"]
