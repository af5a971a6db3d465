"""English messages of the engine area (keys ``engine.*``; see docs/errors.md)."""

MESSAGES: dict[str, str] = {
    "engine.err.complex": (
        "{where}: complex numbers are not supported (dtype {dtype}): mibun differentiates real functions; "
        "split the computation into real and imaginary parts, or use mibun.numeric's complex step on a NumPy "
        "function"),
    "engine.err.complex_constant": (
        "a complex constant (dtype {dtype}) met a Tensor: mibun differentiates real functions, so complex numbers "
        "are refused wherever they appear; split the computation into real and imaginary parts"),
    "engine.err.numpy_no_derivative": (
        "{name} has no derivative in mibun yet, and calling it on a Tensor that is being differentiated would "
        "silently drop the gradient; use mibun's functions (import mibun.numpy as mnp; mb.linalg), or call it on "
        "t.detach().numpy() if you mean to stop the gradient there"),
    "engine.err.array_conversion": (
        "a Tensor that is being differentiated was converted to a NumPy array (np.asarray, np.array, or a NumPy "
        "function given a list of Tensors), which would silently drop its gradient: use mibun's functions "
        "(import mibun.numpy as mnp: mnp.array([x, y]), mnp.mean([x, x + 2])), or t.detach().numpy() if you "
        "mean to stop the gradient"),
    "engine.err.linalg_square": "linalg.{name}: needs square matrices (shape (..., n, n)), got shape {shape}",
    "engine.err.linalg_matrix": "linalg.{name}: needs matrices (shape (..., m, n)), got shape {shape}",
    "engine.err.svd_full": ("linalg.svd: the full (not thin) U or V of a non-square matrix has no unique "
                            "derivative; pass full_matrices=False"),
    "engine.err.qr_shape": "linalg.qr: gradients need a tall or square matrix (m ≥ n), got shape {shape}",
    "engine.err.not_differentiable_option": "{name}: {option}={value} is not differentiable in mibun; use {allowed}",
    "engine.err.norm_ord": "linalg.norm: ord={ord} is not a valid {kind} norm",
    "engine.err.graph_freed": (
        "trying to backward through the graph a second time (its saved values were freed after the first "
        "backward): pass retain_graph=True to the first backward() if you need to go through it again"),
}
