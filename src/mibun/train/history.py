"""``History``: what ``fit`` measured, one value per epoch and name (``loss``, ``accuracy``,
``val_loss``, …)."""

from __future__ import annotations

from typing import Any

from mibun.errors import InputError


class History:
    """``history["loss"]`` is the list of per-epoch training losses; ``history.epoch`` the epoch numbers."""

    def __init__(self) -> None:
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []

    def record(self, epoch: int, logs: dict[str, float]) -> None:
        self.epoch.append(epoch)
        for k, v in logs.items():
            self.history.setdefault(k, []).append(float(v))

    def __getitem__(self, key: str) -> list[float]:
        try:
            return self.history[key]
        except KeyError:
            raise InputError("train.err.history_key", key=repr(key), known=sorted(self.history)) from None

    def __contains__(self, key: str) -> bool:
        return key in self.history

    def __len__(self) -> int:
        return len(self.epoch)

    def keys(self) -> list[str]:
        return list(self.history)

    def to_dict(self) -> dict[str, list[float]]:
        return {k: list(v) for k, v in self.history.items()}

    def summary(self, lang: str | None = None) -> str:
        """One line per epoch, in Korean or English."""
        from mibun.i18n import t

        lines = [t("train.history_title", lang, n=len(self.epoch))]
        for i, e in enumerate(self.epoch):
            vals = ", ".join(f"{k}={v[i]:.4g}" for k, v in self.history.items() if i < len(v))
            lines.append(t("train.summary_line", lang, epoch=e, values=vals))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"History(epochs={len(self.epoch)}, keys={self.keys()})"

    def plot(self, keys: list[str] | None = None, ax: Any = None, lang: str | None = None) -> Any:
        """Line plot of the recorded values against the epoch (needs matplotlib); returns the axes."""
        try:
            import matplotlib.pyplot as plt
        except ImportError:  # pragma: no cover - depends on the environment

            raise InputError("train.no_matplotlib", lang=lang) from None
        if ax is None:
            _, ax = plt.subplots()
        for k in keys or self.keys():
            ax.plot(self.epoch[: len(self[k])], self[k], label=k, marker="o")
        ax.set_xlabel("epoch")
        ax.legend()
        return ax


__all__ = ["History"]
