"""``Sequential`` and ``ModuleList``."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from mibun.errors import InputError
from mibun.nn.module import Module


class Sequential(Module):
    """Modules applied one after another: ``Sequential(Linear(64, 128), ReLU(), Linear(128, 10))``.
    Sub-modules are named 0, 1, 2, … (or by the keys of an OrderedDict), as in PyTorch."""

    def __init__(self, *modules: Any) -> None:
        super().__init__()
        if len(modules) == 1 and isinstance(modules[0], OrderedDict):
            for name, m in modules[0].items():
                self._add(str(name), m)
        else:
            for i, m in enumerate(modules):
                self._add(str(i), m)

    def _add(self, name: str, m: Any) -> None:
        if not isinstance(m, Module):
            raise InputError("nn.err.sequential_item", name=name, kind=type(m).__name__)
        self.add_module(name, m)

    def append(self, m: Module) -> Sequential:
        self._add(str(len(self._modules)), m)
        return self

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def __getitem__(self, i: int | slice) -> Any:
        items = list(self._modules.items())
        if isinstance(i, slice):
            return Sequential(OrderedDict(items[i]))
        return items[i][1]

    def forward(self, x: Any) -> Any:
        for m in self._modules.values():
            x = m(x)
        return x


class ModuleList(Module):
    """A list of modules whose parameters are registered (names 0, 1, …)."""

    def __init__(self, modules: Iterable[Module] | None = None) -> None:
        super().__init__()
        for m in modules or ():
            self.append(m)

    def append(self, m: Module) -> ModuleList:
        if not isinstance(m, Module):
            raise InputError("nn.err.modulelist_item", kind=type(m).__name__)
        self.add_module(str(len(self._modules)), m)
        return self

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def __getitem__(self, i: int) -> Module:
        return list(self._modules.values())[i]


__all__ = ["Sequential", "ModuleList"]
