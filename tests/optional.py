"""Optional test dependencies: skip with an install hint on a user's machine, fail under CI=true (where
.ci/run installs them)."""

from __future__ import annotations

import importlib
import os
from typing import Any

import pytest


def need(module: str, hint: str) -> Any:
    """Import ``module`` or skip (fail when CI=true) with ``hint``."""
    try:
        return importlib.import_module(module)
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{module} is required in CI: {hint}")
        pytest.skip(f"{module} is not installed: {hint}")
