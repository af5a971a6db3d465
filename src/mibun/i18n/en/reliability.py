"""English messages of the reliability area (keys ``reliability.*``; see docs/errors.md): budgets, output
files, numbers at the edge, checkpoints, engine guards, terminals."""

MESSAGES: dict[str, str] = {
    # --- budgets (mibun.budget) ---
    "reliability.budget.time": (
        "too large or too slow: {what} did not finish within the budget of {seconds:g} s — try a smaller formula "
        "(fewer or lower powers, fewer terms), a narrower range or fewer points, or a larger budget "
        "(--budget SECONDS, MIBUN_BUDGET_S or mb.set_budget(seconds))"),
    "reliability.budget.killed": (
        "too large or too slow: {what} was stopped after {elapsed:g} s (budget {seconds:g} s) — try a smaller formula (fewer or lower "
        "powers, fewer terms) or a larger budget (--budget SECONDS, MIBUN_BUDGET_S or mb.set_budget(seconds))"),
    "reliability.budget.size": (
        "too large: {what} is {size} (the limit is {limit}) — use fewer points, steps or terms, or split the "
        "work"),
    "reliability.budget.bad": "the budget must be a positive number of seconds (or inf for none), got {value!r}",
    "reliability.worker.crashed": "internal error: the worker process ended without an answer (exit code {code})",
    "reliability.worker.busy": "busy: no worker was free within {seconds:g} s; try again",
    "reliability.what.request": "the request",
    # what a budget was spent on (the {what} of the messages above)
    "reliability.what.computation": "the computation",
    "reliability.what.derivation": "the derivation",
    "reliability.what.simplify": "simplifying the derivative",
    "reliability.what.command": "the command mibun {command}",
    "reliability.what.points": "the number of points",
    "reliability.what.steps": "the number of steps",
    "reliability.what.step_sizes": "the number of step sizes h",
    "reliability.what.nodes": "the number of graph nodes to draw",
    "reliability.what.layers": "the number of layers",
    "reliability.what.units": "the number of units per layer",
    "reliability.what.limit": "the limit",
    "reliability.what.plot": "the figure",
    # --- numbers at the edge ---
    "reliability.number.overflow": (
        "{what} {text} is beyond the largest floating-point number (about 1.8e308); write inf (or oo) if "
        "you mean infinity, or use a smaller number"),
    "reliability.number.underflow": (
        "{what} {text} is below the smallest floating-point number (about 5e-324) and would be read as 0; "
        "use a larger number, or 0 if you mean 0"),
    "reliability.number.nan": "{what} is NaN (not a number); give a real number",
    "reliability.number.infinite": "{what} must be finite here, got {value}",
    "reliability.number.count": "{what} must be a whole number from {low} to {high}, got {value}",
    # --- output files (mibun.files) ---
    "reliability.file.directory": "{path}: this is a folder; give a file name, e.g. {example}",
    "reliability.file.parent_not_dir": "{path}: {parent} is a file, not a folder",
    "reliability.file.unwritable": "{path}: cannot write here ({reason}); choose another place, e.g. {example}",
    "reliability.file.not_path": "{path}: not a file path ({kind})",
    "reliability.file.nul": "{path}: the file name contains a NUL character",
    "reliability.file.too_long": "{path}: the file name is too long ({n} characters; the limit is {limit})",
    "reliability.file.empty": "the file name is empty",
    # --- checkpoints and fit ---
    "reliability.checkpoint.unreadable": (
        "{path}: not a readable mibun checkpoint ({reason}); the file is truncated or damaged — use an "
        "earlier checkpoint"),
    "reliability.checkpoint.checksum": (
        "{path}: the checkpoint's checksum does not match its contents (the file was changed or damaged "
        "after it was saved); use an earlier checkpoint"),
    "reliability.checkpoint.missing": "{path}: no such checkpoint file",
    "reliability.fit.nonfinite": (
        "fit: the loss became {value} at epoch {epoch}, batch {batch}; training stopped before that step — lower "
        "the learning rate, clip gradients, or run under mb.detect_anomaly() to find the op"),
    "reliability.fit.nonfinite_kept": (
        "fit: the loss became {value} at epoch {epoch}, batch {batch}; training stopped before that step and the "
        "last good checkpoint {path} is kept — lower the learning rate, clip gradients, or run under "
        "mb.detect_anomaly() to find the op"),
    "reliability.fit.not_state": (
        "{path}: cannot resume from it: it is a model checkpoint, not a training state saved by fit(resume=...)"),
    # --- engine guards ---
    "reliability.engine.inplace_grad": (
        "{op}: an in-place change of a tensor that requires grad, while gradients are recorded; use the "
        "out-of-place form (y = x + 1), or change it under mb.no_grad() (before it is used), or through .data"),
    "reliability.engine.version": (
        "one of the values needed to differentiate {op} (its input {index}, shape {shape}) was modified "
        "in place after it was used; compute the change out of place (y = x * 2), or copy the tensor first "
        "(x.copy())"),
    "reliability.engine.version_out": (
        "the output of {op} (shape {shape}), needed to differentiate it, was modified in place after it was "
        "computed; compute the change out of place (y = y * 2), or copy the tensor first (y.copy())"),
    "reliability.engine.anomaly_forward": "anomaly: the forward of {op} produced {kind} from finite inputs",
    "reliability.engine.anomaly_forward_at": (
        "anomaly: the forward of {op} produced {kind} from finite inputs, at {where}"),
    "reliability.engine.anomaly_backward": (
        "anomaly: the backward of {op} produced {kind} in the gradient of its input {index}"),
    "reliability.engine.anomaly_backward_at": (
        "anomaly: the backward of {op} produced {kind} in the gradient of its input {index}; the op was "
        "recorded at {where}"),
    # --- terminals ---
    "reliability.term.hint": (
        "mibun: this terminal ({encoding}) cannot show some characters; they are written escaped — use a "
        "UTF-8 terminal (e.g. LANG=C.UTF-8 or PYTHONIOENCODING=utf-8)"),
    "reliability.latex.label": "{what}",
}
