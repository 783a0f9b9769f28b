"""What the tests that check references against torch share: loading a reference, a float64 leaf, comparing."""

from __future__ import annotations

import numpy as np
import torch

from quizzer import paths
from quizzer.core.judge import load_module

RTOL, ATOL = 1e-12, 1e-12  # both sides are float64; only rounding may differ


def ref(name: str):
    """Load reference/<name>.py."""
    return load_module(paths.reference_dir() / f"{name}.py", f"ref_{name}")


def t(x):
    """A float64 torch tensor (with grad) sharing nothing with x."""
    return torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)


def close(got, want, rtol=RTOL, atol=ATOL) -> None:
    """Assert `got` (NumPy) matches `want` (tensor or array) in shape, dtype float64 and value."""
    want = want.detach().numpy() if isinstance(want, torch.Tensor) else np.asarray(want)
    assert isinstance(got, np.ndarray) and got.dtype == np.float64, type(got)
    assert got.shape == want.shape, (got.shape, want.shape)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)
