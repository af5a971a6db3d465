"""How ``pytest -n 2`` (pytest-xdist) shares the suite between its processes: one area of tests
(``tests/<area>/``, or one top-level test file) runs whole on one process, and the costliest areas start
first.

Why: with xdist's default (single tests handed out in chunks) every area ran partly on both processes, so
both built the area's shared fixtures (the explorer's server and Chromium, the tour, the corpora's SymPy
caches) and warmed the same imports; and a long area handed out last kept one process busy while the other
idled. An area's fixtures are built once here, and the cheap areas fill the end. ``tests/conftest.py``
installs this only for the default ``--dist load``; an explicit ``--dist`` keeps xdist's own behaviour.

The weights are the areas' CPU seconds measured on the development machine (rounded); an area not listed
weighs its number of tests times ``PER_TEST``. They only order the queue, so a stale figure costs a little
time, never a result.
"""

from __future__ import annotations

from collections import OrderedDict

from xdist.scheduler import LoadScopeScheduling

WEIGHTS = {
    "tests/test_docs.py": 18.5,
    "tests/cli": 16.5,
    "tests/serve": 12.5,
    "tests/answers": 10.0,
    "tests/plot": 8.5,
    "tests/interop": 9.0,
    "tests/autodiff": 8.0,
    "tests/symbolic": 8.0,
    "tests/reliability": 5.5,
    "tests/i18n": 3.5,
    "tests/nn": 3.5,
    "tests/diagnose": 3.0,
}
PER_TEST = 0.02
# queued last, each a unit of its own: the real Jupyter kernel's client leaves a thread running for the rest
# of the process (jupyter_core's task runner), and a process with a second thread starts each command's
# budget worker as a fresh interpreter instead of a fork (about a second more a command)
LAST = ("tests/serve/test_notebook.py",)


# tests (by the start of their id) that join another area's unit: the AST tests read the same parsed source
# (tests/source_trees.py); the tests that use torch join tests/interop, so that one process pays for
# importing torch (and torch._dynamo, which torch's optimizers import), about 2.5 s; the README fragments'
# code blocks run with the documentation's, which draw the same figures (mibun.plot keeps the descent paths)
JOINED = (
    ("tests/plot/test_docs_examples.py", "tests/test_docs.py"),
    ("tests/numeric/test_docs_examples.py", "tests/test_docs.py"),
    ("tests/test_errors.py", "tests/i18n"),
    ("tests/test_layers.py", "tests/i18n"),
    ("tests/nn/test_torch_parity.py", "tests/interop"),
    ("tests/explain/test_layers.py", "tests/interop"),
    ("tests/test_docs.py::test_doc_code_blocks_run[docs/interop", "tests/interop"),
)


def unit(nodeid: str) -> str:
    """``tests/<area>`` for a test under an area's folder, else the test's file (``LAST`` and ``JOINED`` aside)."""
    path = nodeid.split("::", 1)[0]
    if path in LAST:
        return path
    for start, joined in JOINED:
        if nodeid.startswith(start):
            return joined
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 else path


class AreaScheduling(LoadScopeScheduling):
    """xdist's scope scheduling with areas as scopes, queued by weight (heaviest first)."""

    def __init__(self, config, log=None):
        super().__init__(config, log)
        self._index: dict = {}

    def _split_scope(self, nodeid: str) -> str:
        return unit(nodeid)

    def schedule(self) -> None:
        assert self.collection_is_completed
        if self.collection is not None:
            for node in self.nodes:
                self._reschedule(node)
            return
        if not self._check_nodes_have_same_collection():
            self.log("**Different tests collected, aborting run**")
            return
        self.collection = list(next(iter(self.registered_collections.values())))
        if not self.collection:
            return
        units: dict[str, dict[str, bool]] = {}
        for nodeid in self.collection:
            units.setdefault(unit(nodeid), {})[nodeid] = False
        order = sorted(units, key=lambda u: (u in LAST, -WEIGHTS.get(u, PER_TEST * len(units[u]))))
        self.workqueue = OrderedDict((u, units[u]) for u in order)
        for node in list(self.nodes)[len(self.workqueue):]:  # more processes than areas
            self.assigned_work.pop(node)
            node.shutdown()
        for node in self.nodes:
            self._assign_work_unit(node)
        for node in self.nodes:
            self._reschedule(node)
        if not self.workqueue:
            for node in self.nodes:
                node.shutdown()

    def _assign_work_unit(self, node) -> None:
        # as xdist's, with a dict for the test's index (xdist searches the list once per test)
        scope, work_unit = self.workqueue.popitem(last=False)
        self.assigned_work.setdefault(node, {})[scope] = work_unit
        if node not in self._index:
            self._index[node] = {nodeid: i for i, nodeid in enumerate(self.registered_collections[node])}
        index = self._index[node]
        node.send_runtest_some([index[nodeid] for nodeid, done in work_unit.items() if not done])
