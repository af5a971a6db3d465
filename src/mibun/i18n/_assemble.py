"""Assemble one language's catalogue from its per-area modules.

Each module ``mibun/i18n/<lang>/<area>.py`` holds ``MESSAGES: dict[str, str]`` for one area of mibun
(``errors``, ``symbolic``, ``numeric``, ``engine``, ``nn``, ``cli``, …). Adding an area is adding a file:
no list to edit, so engineers working on different areas never touch the same file.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Iterable
from importlib import import_module


def assemble(package: str, path: Iterable[str]) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """All ``MESSAGES`` of the modules in ``package``, merged; also the duplicate keys found as
    ``(key, first_area, second_area)`` (a test requires none)."""
    messages: dict[str, str] = {}
    owner: dict[str, str] = {}
    duplicates: list[tuple[str, str, str]] = []
    for info in sorted(pkgutil.iter_modules(list(path)), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        area = import_module(f"{package}.{info.name}")
        for key, text in getattr(area, "MESSAGES", {}).items():
            if key in messages:
                duplicates.append((key, owner[key], info.name))
            messages[key] = text
            owner[key] = info.name
    return messages, duplicates


def area_of(package: str, path: Iterable[str]) -> dict[str, str]:
    """Which area module defines each key (for tests and tooling)."""
    out: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(list(path)), key=lambda m: m.name):
        if not info.name.startswith("_"):
            for key in getattr(import_module(f"{package}.{info.name}"), "MESSAGES", {}):
                out.setdefault(key, info.name)
    return out
