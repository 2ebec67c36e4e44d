"""Shared fixtures: backends to parametrise engine tests over (CuPy only where usable)."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# CI must be reproducible: the same examples every run (a failure found locally is kept
# as a regression test instead). Locally, fuzzing explores new examples each run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

from tui_nn.backend import NUMPY, select_backend


def _available_backends():
    backends = [pytest.param(NUMPY, id="numpy")]
    try:
        gpu = select_backend("cupy")
    except Exception as exc:  # no CuPy or no GPU: the CuPy case is skipped, with the reason
        backends.append(pytest.param(None, id="cupy", marks=pytest.mark.skip(reason=str(exc))))
    else:
        backends.append(pytest.param(gpu, id="cupy"))
    return backends


@pytest.fixture(params=_available_backends())
def backend(request):
    """Each usable backend in turn."""
    return request.param


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Tests never read or write the real user's autosave."""
    monkeypatch.setenv("TUI_NN_DATA_DIR", str(tmp_path_factory.mktemp("data-dir")))
