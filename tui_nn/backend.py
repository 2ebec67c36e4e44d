"""Choose the array module (NumPy or CuPy) in one place.

Everything else in the engine asks its `Backend` for `xp` (the array module) and hands
arrays back to the host through `Backend.to_host`, so the rest of the code never needs
to know whether it runs on a CPU or a GPU.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from tui_nn.errors import TuiNNError

BACKEND_CHOICES = ("auto", "numpy", "cupy")
DTYPE_CHOICES = ("float32", "float64")


@dataclass(frozen=True)
class Backend:
    """An array module plus what a person needs to know about it."""

    name: str
    """"numpy" or "cupy"."""
    xp: ModuleType
    """The array module itself: `numpy` or `cupy`."""
    device: str
    """"CPU", or the GPU's name."""
    reason: str = ""
    """Why this backend was chosen when the user asked for `auto` (shown in the UI and CLI)."""

    @property
    def label(self) -> str:
        """Short text for status bars: `numpy` or `cupy (NVIDIA H100)`."""
        return self.name if self.name == "numpy" else f"{self.name} ({self.device})"

    def to_host(self, array: Any) -> np.ndarray:
        """Copy an array to host memory as a NumPy array (no copy on the NumPy backend).

        The one way data leaves a device: every other conversion of a device array (`float()`,
        `np.asarray`) is a hidden sync on CuPy, and raises in the tests' strict backend."""
        if self.xp is not np:
            return self.xp.asnumpy(array)
        return np.asarray(array)

    def asarray(self, array: Any, dtype: str | np.dtype) -> Any:
        """Put a host array on this backend with the given dtype, C-contiguous."""
        return self.xp.ascontiguousarray(self.xp.asarray(array, dtype=dtype))


NUMPY = Backend(name="numpy", xp=np, device="CPU")


@functools.lru_cache(maxsize=1)
def _probe_cupy() -> tuple[ModuleType | None, str, str]:
    """Return (cupy, gpu name, "") when a GPU is usable, else (None, "", why not).

    `import cupy` succeeds on machines without a GPU; only an allocation fails there, so
    a tiny computation is the only honest test.
    """
    try:
        import cupy as cp  # noqa: PLC0415 — optional dependency, probed on demand
    except Exception as exc:  # ImportError, or a broken CUDA install raising anything
        return None, "", f"CuPy is not installed ({type(exc).__name__}); install it with `pip install tui-nn[gpu]`"
    try:
        count = cp.cuda.runtime.getDeviceCount()
        if count < 1:
            return None, "", "CuPy found no CUDA device"
        a = cp.arange(16, dtype=cp.float32).reshape(4, 4) / 16
        float((cp.tanh(a @ a) + 1).sum())
        props = cp.cuda.runtime.getDeviceProperties(cp.cuda.Device().id)
        name = props["name"]
        name = name.decode() if isinstance(name, bytes) else str(name)
    except Exception as exc:
        first_line = (str(exc).strip().splitlines() or [""])[0]
        return None, "", f"CuPy cannot use a GPU: {type(exc).__name__}: {first_line}"
    return cp, name, ""


def select_backend(choice: str = "auto") -> Backend:
    """Return the backend for `auto`, `numpy` or `cupy`.

    `auto` prefers a usable GPU and falls back to NumPy, recording why in `reason`;
    `cupy` raises `TuiNNError` with the reason when no GPU is usable.
    """
    if choice not in BACKEND_CHOICES:
        raise TuiNNError(f'unknown backend "{choice}": use one of {", ".join(BACKEND_CHOICES)}')
    if choice == "numpy":
        return NUMPY
    cp, gpu_name, why_not = _probe_cupy()
    if cp is not None:
        return Backend(name="cupy", xp=cp, device=gpu_name, reason=f"GPU found: {gpu_name}")
    if choice == "cupy":
        raise TuiNNError(f"--backend cupy is not usable: {why_not}; use --backend numpy")
    return Backend(name="numpy", xp=np, device="CPU", reason=f"using NumPy: {why_not}")


def check_dtype(dtype: str) -> str:
    """Validate a dtype name given by the user."""
    if dtype not in DTYPE_CHOICES:
        raise TuiNNError(f'unknown dtype "{dtype}": use float32 or float64')
    return dtype
