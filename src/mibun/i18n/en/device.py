"""English messages of the array-module seam (``device.*``: ``mb.tensor(..., device=)``, ``t.to(device)``)."""

MESSAGES: dict[str, str] = {
    "device.err.no_cupy": "device '{device}' needs CuPy and an NVIDIA GPU: CuPy is not installed (pip install cupy-cuda12x, matching your CUDA version); without them, use device=\"cpu\" (NumPy, the default)",
    "device.err.no_gpu": "device '{device}' needs CuPy and an NVIDIA GPU: CuPy is installed but sees no GPU (check the driver with nvidia-smi); without one, use device=\"cpu\" (NumPy, the default)",
    "device.err.unknown": "{device} is not a device: use \"cpu\" (NumPy) or \"cuda\" (CuPy on a GPU); known here: {known}",
    "device.err.mixed": "{op} got arrays on different devices ({devices}): move them to one device first (t.to(device), model.to(device))",
    "device.err.move_non_leaf": "this tensor was computed by recorded operations, so it cannot be moved to {device} without cutting the graph: move the inputs (or the model, with model.to('{device}')) before computing, or call .detach() first",
}
