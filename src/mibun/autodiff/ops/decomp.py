"""Linear-algebra primitives (batched over leading axes, like ``numpy.linalg``). For A ∈ ℝⁿˣⁿ:

    inv:      Ā = −A⁻ᵀ Ȳ A⁻ᵀ                     det:  Ā = ḡ · det A · A⁻ᵀ
    logdet:   Ā = ḡ · A⁻ᵀ                        solve (X = A⁻¹B): B̄ = A⁻ᵀ X̄,  Ā = −B̄ Xᵀ
    cholesky: Ā = ½ L⁻ᵀ Φ(Lᵀ L̄) L⁻¹ symmetrised  (Φ: lower triangle, half diagonal)
    eigh:     Ā = V (diag(w̄) + F ∘ (Vᵀ V̄)) Vᵀ,  Fᵢⱼ = 1/(wⱼ − wᵢ)
    svd:      the formula of Townsend (2016) for thin U, s, Vᵀ
    qr:       Ā = (Q̄ + Q copyltu(M)) R⁻ᵀ,  M = R R̄ᵀ − Q̄ᵀ Q   (reduced, m ≥ n)

Decompositions with several outputs are one primitive per output (the total gradient is the sum of
the parts, each linear in its own ḡ). VJPs use ``np.*``: on Tensors NumPy hands them back to mibun,
so second derivatives come from the same text.
"""

from __future__ import annotations

import numpy as np

from mibun.autodiff.backends import raw
from mibun.autodiff.devices import xp_of
from mibun.autodiff.registry import defop


def _T(x):
    return np.swapaxes(x, -1, -2)


def _dot(a, b):
    return np.matmul(a, b)


def _eye_like(x):
    return xp_of(raw(x)).eye(raw(x).shape[-1], dtype=raw(x).dtype)


# ---------------------------------------------------------------- inverse, determinants, solve
INV = defop("inv", np.linalg.inv,
            (lambda ns, g, out, a: -_dot(_dot(_T(out), g), _T(out)),),
            (lambda t, out, a: -_dot(_dot(out, t), out),),
            rule=("∂A⁻¹: Ā = −A⁻ᵀ Ȳ A⁻ᵀ",), rule_latex=(r"\bar A = -A^{-\top} \bar Y A^{-\top}",),
            template="inv({0})")


def _det_vjp(ns, g, out, a):
    return (g * out)[..., None, None] * _T(np.linalg.inv(a))


def _trace(m):
    return np.sum(np.diagonal(m, axis1=-2, axis2=-1), axis=-1)


DET = defop("det", np.linalg.det, (_det_vjp,),
            (lambda t, out, a: out * _trace(np.linalg.solve(a, t)),),
            rule=("∂det A/∂A = det A · A⁻ᵀ",), rule_latex=(r"\bar A = \bar g \det A\, A^{-\top}",),
            template="det({0})")
LOGDET = defop("logabsdet", lambda a: np.linalg.slogdet(a)[1],
               (lambda ns, g, out, a: g[..., None, None] * _T(np.linalg.inv(a)),),
               (lambda t, out, a: _trace(np.linalg.solve(a, t)),),
               rule=("∂ log|det A|/∂A = A⁻ᵀ",), rule_latex=(r"\bar A = \bar g A^{-\top}",),
               template="log|det({0})|")


def _solve_fwd(a, b):
    if np.ndim(b) == np.ndim(a) - 1:
        return np.linalg.solve(a, b[..., None])[..., 0]
    return np.linalg.solve(a, b)


def _solve_vjp_b(ns, g, out, a, b):
    return _solve_fwd(_T(a), g)


def _solve_vjp_a(ns, g, out, a, b):
    gb = _solve_fwd(_T(a), g)
    if np.ndim(raw(b)) == np.ndim(raw(a)) - 1:
        return -gb[..., :, None] * out[..., None, :]
    return -_dot(gb, _T(out))


def _solve_jvp_a(t, out, a, b):
    if np.ndim(b) == np.ndim(a) - 1:
        return -_solve_fwd(a, np.matmul(t, out[..., None])[..., 0])
    return -_solve_fwd(a, _dot(t, out))


SOLVE = defop("solve", _solve_fwd, (_solve_vjp_a, _solve_vjp_b),
              (_solve_jvp_a, lambda t, out, a, b: _solve_fwd(a, t)),
              rule=("X = A⁻¹B: Ā = −A⁻ᵀ X̄ Xᵀ", "B̄ = A⁻ᵀ X̄"),
              rule_latex=(r"\bar A = -A^{-\top}\bar X X^{\top}", r"\bar B = A^{-\top}\bar X"),
              template="solve({0}, {1})")


# ---------------------------------------------------------------- cholesky
def _phi(x):
    """Lower triangle with the diagonal halved."""
    n = raw(x).shape[-1]
    xp = xp_of(raw(x))  # NumPy, or the device's module
    w = xp.tril(xp.ones((n, n)), -1) + 0.5 * xp.eye(n)
    return x * w.astype(raw(x).dtype)


def _chol_vjp(ns, g, out, a):
    L = out
    linv = np.linalg.inv(L)
    p = _phi(_dot(_T(L), g))
    s = _dot(_dot(_T(linv), p), linv)
    return 0.5 * (s + _T(s))


def _chol_jvp(t, out, a):
    linv = np.linalg.inv(out)
    return _dot(out, _phi(_dot(_dot(linv, t), _T(linv))))


CHOLESKY = defop("cholesky", np.linalg.cholesky, (_chol_vjp,), (_chol_jvp,),
                 rule=("Ā = ½ sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹)",),
                 rule_latex=(r"\bar A = \tfrac12\,\mathrm{sym}(L^{-\top}\Phi(L^{\top}\bar L)L^{-1})",),
                 template="cholesky({0})")


# ---------------------------------------------------------------- eigh
def _sym_input(x):
    return 0.5 * (x + _T(x))


def _safe_recip(d):
    """1/d where d ≠ 0, else 0 (differentiable: the double-``where`` keeps 0 out of the division)."""
    nz = raw(d) != 0
    return np.where(nz, 1.0 / np.where(nz, d, 1.0), 0.0)


def _eigh_f(w):
    """Fᵢⱼ = 1/(wⱼ − wᵢ) off the diagonal and between distinct eigenvalues, else 0."""
    return _safe_recip(w[..., None, :] - w[..., :, None])


def _eigh_w_vjp(ns, g, out, a, UPLO="L"):
    v = np.linalg.eigh(a, UPLO=UPLO)[1]
    return _dot(v * g[..., None, :], _T(v))


def _eigh_v_vjp(ns, g, out, a, UPLO="L"):
    w = np.linalg.eigh(a, UPLO=UPLO)[0]
    v = out
    inner = _eigh_f(w) * _dot(_T(v), g)
    return _sym_input(_dot(_dot(v, inner), _T(v)))


def _eigh_w_jvp(t, out, a, UPLO="L"):
    v = np.linalg.eigh(a, UPLO=UPLO)[1]
    return np.sum(v * _dot(_sym_input(t), v), axis=-2)


def _eigh_v_jvp(t, out, a, UPLO="L"):
    w = np.linalg.eigh(raw(a), UPLO=UPLO)[0]
    v = out
    return _dot(v, _eigh_f(w) * _dot(_dot(_T(v), _sym_input(t)), v))


EIGH_W = defop("eigh_values", lambda a, UPLO="L": np.linalg.eigh(a, UPLO=UPLO)[0], (_eigh_w_vjp,), (_eigh_w_jvp,),
               rule=("∂wᵢ/∂A = vᵢ vᵢᵀ",), rule_latex=(r"\bar A = V \mathrm{diag}(\bar w) V^{\top}",),
               template="eigvalsh({0})")
EIGH_V = defop("eigh_vectors", lambda a, UPLO="L": np.linalg.eigh(a, UPLO=UPLO)[1], (_eigh_v_vjp,), (_eigh_v_jvp,),
               rule=("Ā = V (F ∘ VᵀV̄) Vᵀ, Fᵢⱼ = 1/(wⱼ − wᵢ)",),
               rule_latex=(r"\bar A = V (F \circ V^{\top}\bar V) V^{\top}",), template="eigh({0}).V")


# ---------------------------------------------------------------- svd (thin)
def _svd(a):
    return np.linalg.svd(a, full_matrices=False)


def _svd_f(s):
    """Fᵢⱼ = 1/(sⱼ² − sᵢ²) for distinct singular values, else 0."""
    return _safe_recip(s[..., None, :] ** 2 - s[..., :, None] ** 2)


def _svd_vjp(a, gu, gs, gvt):
    """Townsend's formula for A = U diag(s) Vᵀ (thin), any of gu, gs, gvt may be None."""
    u, s, vt = _svd(a)
    v = _T(vt)
    m, n = raw(a).shape[-2:]
    k = min(m, n)
    res = 0.0
    if gs is not None:
        res = res + _dot(u * gs[..., None, :], vt)
    f = _svd_f(s)
    smat = s[..., None, :] * xp_of(raw(s)).eye(k, dtype=raw(s).dtype)
    sinv = 1.0 / s
    if gu is not None:
        ut_gu = _dot(_T(u), gu)
        j = f * (ut_gu - _T(ut_gu))
        res = res + _dot(_dot(u, _dot(j, smat)), vt)
        if m > k:
            proj = xp_of(raw(a)).eye(m, dtype=raw(a).dtype) - _dot(u, _T(u))
            res = res + _dot(_dot(proj, gu) * sinv[..., None, :], vt)
    if gvt is not None:
        gv = _T(gvt)
        vt_gv = _dot(vt, gv)
        kk = f * (vt_gv - _T(vt_gv))
        res = res + _dot(_dot(u, _dot(smat, kk)), vt)
        if n > k:
            proj = xp_of(raw(a)).eye(n, dtype=raw(a).dtype) - _dot(v, vt)
            res = res + _dot(u * sinv[..., None, :], _T(_dot(proj, gv)))
    return res


def _svd_jvp(a, t):
    """(dU, ds, dVᵀ) of the thin SVD along the tangent dA = t (Townsend's forward formulas)."""
    u, s, vt = _svd(a)
    v = _T(vt)
    m, n = a.shape[-2:]
    k = min(m, n)
    dp = _dot(_dot(_T(u), t), v)                          # Uᵀ dA V, k × k
    ds = np.diagonal(dp, axis1=-2, axis2=-1)
    f = _svd_f(s)
    smat = s[..., None, :] * xp_of(raw(a)).eye(k, dtype=a.dtype)
    du = _dot(u, f * (_dot(dp, smat) + _dot(smat, _T(dp))))
    dv = _dot(v, f * (_dot(smat, dp) + _dot(_T(dp), smat)))
    sinv = 1.0 / s
    if m > k:
        du = du + _dot(xp_of(raw(a)).eye(m, dtype=a.dtype) - _dot(u, _T(u)), _dot(t, v)) * sinv[..., None, :]
    if n > k:
        dv = dv + _dot(xp_of(raw(a)).eye(n, dtype=a.dtype) - _dot(v, vt), _dot(_T(t), u)) * sinv[..., None, :]
    return du, ds, _T(dv)


SVD_U = defop("svd_u", lambda a: _svd(a)[0], (lambda ns, g, out, a: _svd_vjp(a, g, None, None),),
              (lambda t, out, a: _svd_jvp(a, t)[0],),
              rule=("thin SVD, the U part of Townsend's formula",),
              rule_latex=(r"\bar A = U (F \circ [U^{\top}\bar U]) S V^{\top} + (I - UU^{\top})\bar U S^{-1} V^{\top}",),
              template="svd({0}).U")
SVD_S = defop("svd_s", lambda a: np.linalg.svd(a, compute_uv=False),
              (lambda ns, g, out, a: _svd_vjp(a, None, g, None),),
              (lambda t, out, a: np.sum(_svd(a)[0] * _dot(t, _T(_svd(a)[2])), axis=-2),),
              rule=("∂sᵢ/∂A = uᵢ vᵢᵀ",), rule_latex=(r"\bar A = U \mathrm{diag}(\bar s) V^{\top}",),
              template="svd({0}).s")
SVD_VT = defop("svd_vt", lambda a: _svd(a)[2], (lambda ns, g, out, a: _svd_vjp(a, None, None, g),),
               (lambda t, out, a: _svd_jvp(a, t)[2],),
               rule=("thin SVD, the Vᵀ part of Townsend's formula",),
               rule_latex=(r"\bar A = U S (F \circ [V^{\top}\bar V]) V^{\top}"
                           r" + U S^{-1} \bar V^{\top}(I - VV^{\top})",),
               template="svd({0}).Vᵀ")


# ---------------------------------------------------------------- qr (reduced, m ≥ n)
def _copyltu(m):
    return np.tril(m, 0) + _T(np.tril(m, -1))


def _qr_vjp(a, gq, gr):
    q, r = np.linalg.qr(a)
    mm = 0.0
    if gr is not None:
        mm = mm + _dot(r, _T(gr))
    if gq is not None:
        mm = mm - _dot(_T(gq), q)
    b = _dot(q, _copyltu(mm))
    if gq is not None:
        b = b + gq
    return _T(np.linalg.solve(r, _T(b)))


def _qr_jvp(a, t):
    """(dQ, dR) of the reduced QR along dA = t: C = Qᵀ dA R⁻¹, Ω = tril(C, −1) − tril(C, −1)ᵀ,
    dQ = QΩ + (I − QQᵀ) dA R⁻¹, dR = (C − Ω) R."""
    q, r = np.linalg.qr(a)
    t_rinv = _T(np.linalg.solve(_T(r), _T(t)))            # dA R⁻¹
    c = _dot(_T(q), t_rinv)
    low = np.tril(c, -1)
    omega = low - _T(low)
    dq = _dot(q, omega) + t_rinv - _dot(q, _dot(_T(q), t_rinv))
    dr = _dot(c - omega, r)
    return dq, dr


QR_Q = defop("qr_q", lambda a: np.linalg.qr(a)[0], (lambda ns, g, out, a: _qr_vjp(a, g, None),),
             (lambda t, out, a: _qr_jvp(a, t)[0],),
             rule=("reduced QR, the Q part",),
             rule_latex=(r"\bar A = [\bar Q + Q\,\mathrm{copyltu}(-\bar Q^{\top} Q)] R^{-\top}",),
             template="qr({0}).Q")
QR_R = defop("qr_r", lambda a: np.linalg.qr(a)[1], (lambda ns, g, out, a: _qr_vjp(a, None, g),),
             (lambda t, out, a: _qr_jvp(a, t)[1],),
             rule=("reduced QR, the R part",),
             rule_latex=(r"\bar A = Q\,\mathrm{copyltu}(R \bar R^{\top}) R^{-\top}",), template="qr({0}).R")
