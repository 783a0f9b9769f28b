"""References of the gradient questions checked against torch autograd (the oracle), in float64.

Every gradient a reference returns is compared with what `backward()` leaves in `.grad` after the
same forward in torch, on the shapes and edge cases the question's tests use.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from quizzer.core.judge import load_module

pytestmark = pytest.mark.torch
F = torch.nn.functional

REFERENCE = Path(__file__).resolve().parents[1] / "reference"
RTOL, ATOL = 1e-12, 1e-12  # both sides are float64; only rounding may differ


def ref(name: str):
    """Load reference/<name>.py."""
    return load_module(REFERENCE / f"{name}.py", f"ref_{name}")


def leaf(x) -> torch.Tensor:
    """A float64 tensor that requires grad and shares nothing with x."""
    return torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)


def close(got, want, rtol=RTOL, atol=ATOL) -> None:
    """Assert `got` (NumPy) matches `want` (tensor or array) in shape, dtype float64 and value."""
    want = want.detach().numpy() if isinstance(want, torch.Tensor) else np.asarray(want)
    assert isinstance(got, np.ndarray) and got.dtype == np.float64, type(got)
    assert got.shape == want.shape, (got.shape, want.shape)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


def unchanged(arrays, call):
    """Run `call()` and assert it modified none of `arrays`; return its result."""
    before = [a.copy() for a in arrays]
    result = call()
    for a, b in zip(arrays, before):
        assert np.array_equal(a, b), "the reference must not modify its inputs"
    return result


# ---------------------------------------------------------------- conv2d backward

CONV_CASES = [
    ((1, 1, 1, 1), (1, 1, 1, 1), 1, 0),
    ((1, 1, 5, 5), (1, 1, 3, 3), 1, 0),
    ((2, 3, 7, 6), (4, 3, 3, 2), 1, 0),
    ((2, 3, 8, 7), (5, 3, 3, 3), 2, 1),
    ((1, 4, 6, 10), (3, 4, 5, 1), (2, 1), (1, 2)),
    ((2, 3, 7, 9), (2, 3, 2, 3), (1, 3), (2, 0)),
    ((2, 2, 4, 3), (3, 2, 4, 3), 1, 0),
    ((2, 3, 10, 9), (2, 3, 3, 3), 3, 2),
    ((2, 1, 7, 8), (2, 1, 2, 2), 3, 0),
    ((1, 2, 5, 5), (6, 2, 1, 1), 1, 1),
]


@pytest.mark.parametrize("x_shape, w_shape, stride, padding", CONV_CASES)
def test_conv2d_backward_matches_autograd_through_f_conv2d(x_shape, w_shape, stride, padding):
    module = ref("numpy_conv2d_backward")
    rng = np.random.default_rng(20)
    x, W, b = rng.standard_normal(x_shape), rng.standard_normal(w_shape), rng.standard_normal(w_shape[0])
    xt, Wt, bt = leaf(x), leaf(W), leaf(b)
    y = F.conv2d(xt, Wt, bt, stride=stride, padding=padding)
    dy = rng.standard_normal(tuple(y.shape))
    y.backward(torch.from_numpy(dy))
    dx, dW, db = unchanged([dy, x, W], lambda: module.conv2d_backward(dy, x, W, stride, padding))
    close(dx, xt.grad)
    close(dW, Wt.grad)
    close(db, bt.grad)
