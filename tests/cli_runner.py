"""Run the ``mibun`` command in-process: ``main(argv)`` with stdout/stderr captured and the environment
set as a user's shell would, returning what a subprocess would (returncode, stdout, stderr). Starting a
Python per command cost seconds each on a busy machine; ``test_cli_process.py`` keeps one real process."""

from __future__ import annotations

import contextlib
import io
import os
import traceback
from dataclasses import dataclass


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@contextlib.contextmanager
def _environ(values: dict[str, str]):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


_warm = False


def warm_up() -> None:
    """Load, once per test process, what the commands load: the command modules, rich, SymPy's parser and
    printers (one derivation in each language) and matplotlib. A command's budget worker is a fork of this
    process, so whatever this process has not loaded yet, every forked worker would load again and throw
    away (up to a second a command: three times the CPU of two of the CLI test files). Only where the work happens
    changes, not what the command does or prints; the cold start of a fresh interpreter is tested in fresh
    interpreters (tests/cli/test_cold_start.py, tests/test_layers.py)."""
    global _warm
    if _warm:
        return
    _warm = True
    import importlib
    import pkgutil

    import rich.console  # noqa: F401
    import rich.table  # noqa: F401

    import mibun as mb
    import mibun.cli

    for module in pkgutil.iter_modules(mibun.cli.__path__):
        importlib.import_module(f"mibun.cli.{module.name}")
    from mibun.plot._common import mpl

    mpl()
    import matplotlib.pyplot  # noqa: F401

    for lang in ("en", "ko"):
        d = mb.diff("x^2*sin(x)")
        d.text(lang), d.latex(lang), d.at(x=1)  # the value at a point simplifies (SymPy then loads its physics)


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """``mibun *args`` in this process (MIBUN_LANG=en, MPLBACKEND=Agg unless ``env`` says otherwise)."""
    from mibun.cli import main

    warm_up()

    out, err = io.StringIO(), io.StringIO()
    values = {"MIBUN_LANG": "en", "MPLBACKEND": "Agg", **(env or {})}
    with _environ(values), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = main(list(args))
        except SystemExit as exc:  # argparse's --help
            rc = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:  # what the interpreter would do with an uncaught exception (--debug)
            traceback.print_exc(file=err)
            rc = 1
    try:
        import matplotlib.pyplot as plt  # a command that failed half-way must not leak figures

        plt.close("all")
    except ImportError:  # pragma: no cover
        pass
    return Result(int(rc or 0), out.getvalue(), err.getvalue())
