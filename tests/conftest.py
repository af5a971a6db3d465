import os
import sys

import pytest

from tests.blas import one_blas_thread, pin_environment  # noqa: F401  (a session-wide autouse fixture)

pin_environment()


def _read_hypothesis_as_installed() -> None:
    """pytest rewrites the asserts of every module of an installed pytest plugin's distribution as it is
    imported (for the plugin's own asserts), and with PYTHONDONTWRITEBYTECODE set it cannot keep the result:
    each process (both of ``-n 2`` and their controller) paid about 0.5 s more CPU to import hypothesis's
    ~75 modules than from their own bytecode. Those asserts are hypothesis's internal invariants, not tests
    of ours: they are read as installed. (Reads pytest's list of marked names; without it, nothing changes.)"""
    for finder in sys.meta_path:
        marked = getattr(finder, "_must_rewrite", None)
        if isinstance(marked, set):
            marked.discard("hypothesis")


_read_hypothesis_as_installed()
# SymPy memoizes its constructors in an LRU cache of 1,000 entries; the suite builds the same expressions
# across many tests, and an unbounded cache cuts tests/symbolic's CPU time by about 9 % (+20 MB; no change
# for tests/answers). Read when SymPy is first imported, which is after this file.
os.environ.setdefault("SYMPY_CACHE_SIZE", "none")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("MIBUN_LANG", "en")
# the 2 s default budget is for users; on a loaded test machine legitimate work may take longer
os.environ.setdefault("MIBUN_BUDGET_S", "60")

try:
    from hypothesis import HealthCheck, settings

    # "mibun" (the default): 40 examples a property, no per-example deadline (a loaded machine is not a
    # failure), a reproduction blob printed with a failing example. "thorough" (`pytest
    # --hypothesis-profile=thorough`): 500 examples for the properties that do not set their own number.
    settings.register_profile("mibun", max_examples=40, deadline=None, print_blob=True,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("thorough", parent=settings.get_profile("mibun"), max_examples=500)
    settings.load_profile("mibun")
except ImportError:  # pragma: no cover
    pass


@pytest.fixture(autouse=True)
def _process_wide_settings_reset():
    """A test (or a documentation block) that calls mb.set_lang / mb.set_budget must not change the
    language or the budget of the tests after it; figures it left open in pyplot are closed (a documentation
    page leaves its figures open for plt.show: kept, they made every later garbage collection of the process
    walk ~175,000 more objects)."""
    yield
    from mibun.budget import set_budget
    from mibun.i18n import set_lang

    set_lang(None)
    set_budget(None)
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None and plt.get_fignums():
        plt.close("all")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``-n 2``: one area of tests runs whole on one process, the costliest first (tests/xdist_units.py)."""
    if config.getoption("dist") != "load":
        return None  # an explicit --dist other than the default keeps xdist's scheduling
    from tests.xdist_units import AreaScheduling

    return AreaScheduling(config, log)


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """After a module's last test (and its module fixtures' teardown): collect its garbage, then freeze what
    survives (module globals, SymPy's caches, loaded modules) like the collection below. The garbage
    collector otherwise walks that ever-growing heap again at every full collection: about a tenth of the
    suite's CPU time went there. Only objects alive here are frozen; what later tests make is collected as
    before (a frozen object that later ends up in a garbage cycle stays in memory: memory, not results)."""
    if nextitem is None or getattr(nextitem, "module", None) is not getattr(item, "module", None):
        import gc

        gc.collect()
        gc.freeze()


def pytest_collection_finish(session):
    """Everything alive after collection (modules, test items, parameters) lives to the end of the session:
    moved out of the garbage collector's sight, so the collections during the run and at its end do not walk
    it again and again. Objects the tests create are collected as before."""
    import gc

    gc.collect()
    gc.freeze()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    """After the session's fixtures are torn down: one garbage collection (finalizers that raise are reported
    by pytest as before), then what survives is frozen too, so pytest's five collections at exit walk only
    what is new rather than the whole heap (SymPy's caches included) five times."""
    import gc

    gc.collect()
    gc.freeze()
