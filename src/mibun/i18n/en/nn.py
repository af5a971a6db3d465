"""English messages of `mibun.nn`, `mibun.optim`, `mibun.train`, `mibun.data` (``nn.*``, ``optim.*``, ``train.*``, ``data.*``)."""

MESSAGES: dict[str, str] = {
    # --- nn/train ---
    "nn.params": "{n} params",
    "nn.params_total": "{n} parameters in total",
    "train.epoch": "epoch {epoch}/{epochs}",
    "train.loss": "loss",
    "train.val_loss": "val_loss",
    "train.summary_line": "epoch {epoch:>3}: {values}",
    "train.history_title": "training history ({n} epochs)",
    "train.early_stop": "early stopping: {monitor} has not improved for {patience} epochs (best {best:.4g} at epoch {best_epoch})",
    "train.checkpoint_saved": "checkpoint saved: {path} ({monitor} = {value:.4g})",
    "train.no_matplotlib": "plotting needs matplotlib: pip install matplotlib",
    "nn.example.mlp_result": "MLP on 8×8 digits: test accuracy {acc:.2%} after {epochs} epochs ({seconds:.1f} s)",
    "nn.example.cnn_result": "CNN on 8×8 digits: test accuracy {acc:.2%} after {epochs} epochs ({seconds:.1f} s)",
    "nn.example.char_result": "character LSTM: loss {loss:.3f} nats/char vs unigram entropy {unigram:.3f} ({seconds:.1f} s)",
    "nn.example.char_sample": "sample:",
    "nn.example.rnn_identity": "∂L/∂V from backward equals Σₜ (ŷₜ − yₜ) hₜᵀ: max |difference| = {err:.2e}",
    "nn.example.rnn_loss": "course RNN: loss {first:.4f} → {last:.4f} after {steps} steps",
    "nn.example.opt_rosenbrock": "{name:>10}: Rosenbrock f after {steps} steps = {value:.3e}",
    "nn.example.opt_digits": "{name:>10}: digits training loss after {epochs} epochs = {value:.4f}",
}
