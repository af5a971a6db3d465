"""Module-level API functions the worker tests give the server (a spawned worker imports them by name)."""

import time

from mibun.serve.api import handle


def slow_handle(path, params):
    """The real API, except that ``f=sleep`` sleeps in the worker, ignoring the in-process deadline (as a
    SymPy call that runs away would)."""
    if params.get("f") == "sleep":
        time.sleep(600)
    return handle(path, params)
