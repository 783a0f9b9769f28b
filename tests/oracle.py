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
    """Assert `got` (NumPy) matches `want` (tensor or array) in type, dtype float64, shape and value.

    The one comparison of the tests: np.testing.assert_allclose alone takes a list, another dtype
    or a broadcastable shape, which a reference (or a submission) must not get away with.
    """
    want = want.detach().numpy() if isinstance(want, torch.Tensor) else np.asarray(want)
    assert isinstance(got, np.ndarray) and got.dtype == np.float64, f"got {type(got).__name__} {getattr(got, 'dtype', '')}, want a float64 array"
    assert got.shape == want.shape, f"shape {got.shape}, want {want.shape}"
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


class SquareSaved(torch.autograd.Function):
    """x squared, keeping x with ctx.save_for_backward (autograd checks it was not changed in place)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad_y):
        (x,) = ctx.saved_tensors
        return 2 * x * grad_y


class SquareOnCtx(torch.autograd.Function):
    """x squared, keeping x as a plain attribute of ctx (nothing checks it)."""

    @staticmethod
    def forward(ctx, x):
        ctx.x = x
        return x * x

    @staticmethod
    def backward(ctx, grad_y):
        return 2 * ctx.x * grad_y
