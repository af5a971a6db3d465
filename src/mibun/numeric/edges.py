"""Hard points for a first derivative: what the one-sided quotients do as h shrinks.

A central tableau alone can be confidently wrong: at x = 1e-9 for relu every step it tries straddles the
kink at 0; for sin at 10¹² or tan next to a pole the first steps are far longer than the function's
scale; at 0 the central quotient of x·sin(1/x) or x^(2/3) is exactly 0 for every h. ``scan`` therefore
looks at both one-sided quotients

    R(h) = (f(x + h) − f(x)) / h,        L(h) = (f(x) − f(x − h)) / h

over steps h₀, h₀/8, h₀/64, … (jumping to |x|/4 once the steps pass over 0, where kinks and domain
edges usually sit) down to the round-off floor, and classifies each side by its tail:

    "finite"     the quotients settle (changes shrink by ≥ 3× per level, or stay below round-off);
                 ``value`` is the O(h)-extrapolated limit, ``h`` the step from which they settle
    "inf"        they grow steadily with one sign (√x at 0: ×√8 per level): ``value`` ±∞
    "jump"       they grow like 1/h (×8 per level): f itself jumps at x; ``value`` ±∞
    "undefined"  f is NaN/undefined on that side down to the last step
    "erratic"    none of these (oscillation, a pole closer than the float spacing, noise)

``needs_scan`` decides, from points the tableau already evaluated, whether the cheap answer can be
trusted; the scan (≈ 20–35 evaluations) runs only when it cannot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

LEVEL_RATIO = 8.0
MAX_LEVELS = 18


@dataclass
class Side:
    kind: str                 # "finite" | "inf" | "jump" | "undefined" | "erratic"
    value: float = math.nan   # the one-sided derivative (±inf for "inf"/"jump"), NaN otherwise
    error: float = math.inf   # for "finite": an error bound of value
    h: float = math.nan       # for "finite": the largest step from which the quotients settle


@dataclass
class Scan:
    left: Side
    right: Side
    steps: list[float]


def _side(vals: list[float], rnds: list[float], steps: list[float], df: list[float], scale: float) -> Side:
    """Classify one side from its quotients (largest step first); ``df`` holds |f(x ± h) − f(x)|,
    ``scale`` a size for f′ when it is 0."""
    tail_start = 0
    for i, v in enumerate(vals):
        if not math.isfinite(v):
            tail_start = i + 1
    tail = vals[tail_start:]
    if not tail:
        return Side("undefined")
    if len(tail) < 3:
        return Side("erratic") if tail_start < len(vals) - 2 else Side("undefined")
    r = rnds[tail_start:]
    hs = steps[tail_start:]
    a, b, c = tail[-3:]
    d1, d2 = b - a, c - b
    tol = 8 * max(r[-3:]) + 1e-13 * max(abs(a), abs(b), abs(c))
    # finite: the last change is tiny, or the changes shrink geometrically (ratio ≤ ½ per level: h^p with
    # p ≥ ⅓ for steps ÷8) twice in a row, and the last change is small beside the value
    shrink = abs(d2) <= 0.5 * abs(d1) + tol
    if len(tail) >= 4:
        d0 = a - tail[-4]
        shrink = shrink and (abs(d1) <= 0.5 * abs(d0) + tol or abs(d2) <= tol)
    size = max(abs(c), scale)
    if (abs(d2) <= tol or shrink) and abs(d2) <= 0.02 * size + tol:
        rho = min(abs(d2) / abs(d1), 0.5) if abs(d1) > 0 else 0.0
        tail_sum = d2 * rho / (1 - rho)  # the rest of a geometric tail of changes
        value = c + tail_sum
        k = len(tail) - 1
        while k > 0 and abs(tail[k - 1] - value) <= 0.05 * size + tol:
            k -= 1  # the largest step whose quotient is already within 5 % of the limit
        err = 2 * abs(tail_sum) + abs(d2) * 0.1 + 2 * tol
        return Side("finite", value, err, hs[k])
    same_sign = (a > 0 and b > 0 and c > 0) or (a < 0 and b < 0 and c < 0)
    if same_sign and abs(c) >= 1.5 * abs(b) >= 2.25 * abs(a) and abs(c) > 10 * r[-1]:
        g = abs(c / b)
        fd = df[tail_start:]
        jump = g >= 5.0 and fd[-1] >= 0.5 * fd[-2] > 0  # |f(x ± h) − f(x)| does not shrink: f jumps
        return Side("jump" if jump else "inf", math.copysign(math.inf, c))
    return Side("erratic")


def scan(p, h0: float) -> Scan:
    """Both one-sided quotient sequences at x (``p`` a mibun.numeric.point.Point with scalar f), down to the floor."""
    x = p.x
    fx = float(np.asarray(p.fx).reshape(-1)[0])
    eps = p.g.eps
    ulp = math.ulp(x) if x != 0 else 5e-324
    steps: list[float] = []
    right: list[float] = []
    left: list[float] = []
    rr: list[float] = []
    rl: list[float] = []
    dfr: list[float] = []
    dfl: list[float] = []
    h = abs(p.step(h0))
    scale = 0.0
    for _ in range(MAX_LEVELS):
        hr = (x + h) - x
        hl = x - (x - h)
        if hr <= 0 or hl <= 0:
            break
        fr = float(np.asarray(p.at(hr)).reshape(-1)[0])
        fl = float(np.asarray(p.at(-hl)).reshape(-1)[0])
        with np.errstate(all="ignore"):
            right.append((fr - fx) / hr)
            left.append((fx - fl) / hl)
        dfr.append(abs(fr - fx))
        dfl.append(abs(fx - fl))
        inp = 2 * eps * abs(x) if eps > 2.3e-16 else 0.0  # a float32 f rounds its input too
        rr.append(4 * eps * (abs(fr) + abs(fx)) / hr + (inp * abs(right[-1]) / hr if math.isfinite(right[-1]) else 0))
        rl.append(4 * eps * (abs(fl) + abs(fx)) / hl + (inp * abs(left[-1]) / hl if math.isfinite(left[-1]) else 0))
        steps.append(h)
        scale = float(np.max(p.scale()))
        if len(steps) >= 4:
            sl = _side(left, rl, steps, dfl, scale)
            sr = _side(right, rr, steps, dfr, scale)
            kinds = {sl.kind, sr.kind}
            if kinds == {"finite"} or (kinds == {"finite", "undefined"} and h < 1e-6 * max(1.0, abs(x))):
                break
        nxt = h / LEVEL_RATIO
        if x != 0 and abs(x) < h and abs(x) / 4 < nxt:
            nxt = abs(x) / 4  # the steps passed over 0: look just inside it
        if nxt < 2 * ulp:
            break
        rel = [rv / max(abs(v), 1e-300) for rv, v in ((rr[-1], right[-1]), (rl[-1], left[-1]))
               if math.isfinite(v)]
        if rel and min(rel) > 1e-2:
            break  # round-off dominates both sides
        h = nxt
    return Scan(_side(left, rl, steps, dfl, scale), _side(right, rr, steps, dfr, scale), steps)


def needs_scan(p, value: float, error: float) -> bool:
    """Whether the central answer must be checked by a scan: the one-sided quotients at the smallest
    central steps already evaluated must approach ``value`` like O(h) (or sit at round-off level)."""
    if not (math.isfinite(value) and math.isfinite(error)):
        return True
    scale = float(np.max(p.scale()))
    if error > 1e-7 * (abs(value) + scale) + 1e-300:
        return True
    fx = float(np.asarray(p.fx).reshape(-1)[0])
    hs = sorted((o for o in p.cache if o > 0 and -o in p.cache), reverse=True)
    if len(hs) < 3:
        return False
    res = []
    for h in hs[-3:]:
        fr = float(np.asarray(p.cache[h]).reshape(-1)[0])
        fl = float(np.asarray(p.cache[-h]).reshape(-1)[0])
        if not (math.isfinite(fr) and math.isfinite(fl)):
            return True
        r = max(abs((fr - fx) / h - value), abs((fx - fl) / h - value))
        rnd = 8 * p.g.eps * (abs(fr) + abs(fl) + 2 * abs(fx)) / h + 1e-9 * (abs(value) + scale)
        res.append((r, rnd, h))
    (r1, t1, h1), (r2, t2, h2), (r3, t3, h3) = res
    # O(h): r shrinks with h (ratio h₃/h₂ ≈ ½); allow up to 0.8 of the step ratio's worth of slack
    ok2 = r2 <= max(0.8, 1.6 * h2 / h1) * r1 + t2
    ok3 = r3 <= max(0.8, 1.6 * h3 / h2) * r2 + t3
    return not (ok2 and ok3)


__all__ = ["scan", "needs_scan", "Scan", "Side"]


def settle(p, out: dict, base: float, rich, side: str = "both") -> dict:
    """Replace the cheap answer ``out`` (a derivative_at dict) by what the scan shows, for n = 1 and a
    scalar f. ``rich(h0, kind)`` runs the Richardson tableau of the given stencil kind from step h0."""
    s = scan(p, base)
    lt, rt = s.left, s.right
    wanted = {"both": (lt, rt), "+": (rt,), "-": (lt,)}[side]
    if all(w.kind == "finite" for w in wanted):
        if side == "both":
            tol = 3 * (lt.error + rt.error) + 1e-7 * max(abs(lt.value), abs(rt.value), float(np.max(p.scale())))
            if abs(lt.value - rt.value) > tol:
                return _not_differentiable(out, lt, rt, "numeric.note.kink_found", p)
            h0 = min(lt.h, rt.h)
            new = rich(h0, "central")
        else:
            h0 = wanted[0].h
            new = rich(h0, "forward" if side == "+" else "backward")
        v, e = float(np.asarray(new["value"]).reshape(-1)[0]), float(np.asarray(new["error"]).reshape(-1)[0])
        ref = wanted[0].value if side != "both" else 0.5 * (lt.value + rt.value)
        ref_err = max(w.error for w in wanted)
        if not (math.isfinite(v) and math.isfinite(e)) or abs(v - ref) > 3 * (e + ref_err):
            # the tableau from h0 does not confirm the one-sided limits: report them, with their error
            v, e = ref, ref_err + (abs(v - ref) if math.isfinite(v) else 0.0)
            new = {"value": np.asarray(v), "error": np.asarray(e), "h": np.asarray(h0),
                   "method": "richardson-" + ("forward" if side == "+" else "backward" if side == "-" else "central")}
        new = dict(new)
        new.pop("kink", None)
        if h0 < 0.01 * base:
            p.notes.append(("numeric.note.small_scale", {"h": h0}))
        new["differentiable"] = True
        return new
    _drop_stencil_notes(p)
    if side != "both":
        w = wanted[0]
        if w.kind in ("inf", "jump"):  # the one-sided derivative asked for is ±∞: say so, do not raise
            p.notes.append(("numeric.note.jump" if w.kind == "jump" else "numeric.note.infinite_slope", {}))
            return {"value": np.asarray(w.value), "error": np.asarray(math.nan), "h": np.asarray(s.steps[-1]),
                    "method": "scan", "differentiable": False,
                    "left": w.value if side == "-" else None, "right": w.value if side == "+" else None}
        return _undetermined(out, p, s, w)
    if "undefined" in (lt.kind, rt.kind) and {lt.kind, rt.kind} <= {"undefined", "finite"}:
        if lt.kind == rt.kind:
            return _undetermined(out, p, s, lt)
        # a domain edge with a finite one-sided derivative: that side's derivative, with a note
        w, kind = (rt, "forward") if rt.kind == "finite" else (lt, "backward")
        new = dict(rich(w.h, kind))
        new.pop("kink", None)
        v = float(np.asarray(new["value"]).reshape(-1)[0])
        if not math.isfinite(v) or abs(v - w.value) > 3 * (float(np.asarray(new["error"]).reshape(-1)[0]) + w.error):
            new.update(value=np.asarray(w.value), error=np.asarray(w.error))
        p.notes.append(("numeric.note.one_sided_" + kind, {"h": w.h}))
        new["differentiable"] = True
        return new
    if "erratic" in (lt.kind, rt.kind):
        return _undetermined(out, p, s, lt if lt.kind == "erratic" else rt)
    key = "numeric.note.jump" if "jump" in (lt.kind, rt.kind) else "numeric.note.infinite_slope"
    return _not_differentiable(out, lt, rt, key, p)


def _drop_stencil_notes(p) -> None:
    """Notes about the stencils of the first, superseded tableau (one-sided, shortened, complex step)."""
    stale = ("numeric.note.one_sided_forward", "numeric.note.one_sided_backward", "numeric.note.shortened",
             "numeric.note.complex_rejected")
    p.notes[:] = [nt for nt in p.notes if nt[0] not in stale]


def _not_differentiable(out: dict, lt: Side, rt: Side, note: str, p) -> dict:
    p.notes.append((note, {}))
    left = lt.value if lt.kind in ("finite", "inf", "jump") else None
    right = rt.value if rt.kind in ("finite", "inf", "jump") else None
    value = math.nan
    if lt.kind == rt.kind == "inf" and left is not None and left == right:  # vertical tangent (∛x at 0): ±∞
        value = left
    return {"value": np.asarray(value), "error": np.asarray(math.nan), "h": np.asarray(math.nan),
            "method": "scan", "kink": (True, left, right, None, None), "value_if_flagged": value}


def _undetermined(out: dict, p, s: Scan, w: Side) -> dict:
    p.notes.append(("numeric.note.undetermined" if w.kind == "erratic" else "numeric.note.undefined_both", {}))
    return {"value": np.asarray(math.nan), "error": np.asarray(math.inf), "h": np.asarray(math.nan),
            "method": "scan", "kink": (True, None, None, None, None), "value_if_flagged": math.nan}


__all__ += ["settle"]
