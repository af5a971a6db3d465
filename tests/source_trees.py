"""The package's modules parsed once per test process: the AST tests (error keys, raise sites, layers,
private reads) read the same ~250 files, and parsing them costs about a second each time. The trees are
shared, so a test must only read them."""

from __future__ import annotations

import ast
import functools
from pathlib import Path


@functools.cache
def tree(path: Path) -> ast.Module:
    """The parsed module at ``path`` (read-only: every caller gets the same object)."""
    return ast.parse(path.read_text(encoding="utf-8"))


@functools.cache
def modules(package: Path) -> tuple[Path, ...]:
    """Every ``*.py`` file under ``package``, sorted."""
    return tuple(sorted(package.rglob("*.py")))
