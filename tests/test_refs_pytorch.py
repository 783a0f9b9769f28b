"""The PyTorch questions' references checked against torch's own modules, functions and autograd (the oracle)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from quizzer import paths
from quizzer.core.judge import load_module

pytestmark = pytest.mark.torch


def ref(name: str):
    """Load reference/<name>.py."""
    return load_module(paths.reference_dir() / f"{name}.py", f"ref_{name}")


def leaf(x) -> torch.Tensor:
    """A float64 tensor that requires grad and shares nothing with x."""
    return torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)


# ---------------------------------------------------------------- torch-custom-autograd-function


def _lse_inputs():
    rng = np.random.default_rng(7)
    far = rng.standard_normal((3, 6)) + np.array([[800.0], [0.0], [-800.0]])
    masked = rng.standard_normal((3, 4))
    masked[0, 1] = masked[2, :3] = -np.inf
    return [
        (rng.standard_normal((4, 5)), 1),
        (rng.standard_normal((4, 5)), 0),
        (rng.standard_normal((6, 6)), -2),
        (rng.standard_normal((2, 3, 4)), 1),
        (rng.standard_normal(5), 0),
        (rng.standard_normal((3, 5)) * 5 + 1e4, 1),
        (rng.standard_normal((3, 5)) * 5 - 1e4, -1),
        (far, 1),
        (masked, 1),
    ]


@pytest.mark.parametrize("x, dim", _lse_inputs())
def test_logsumexp_function_matches_torch_value_and_gradient(x, dim):
    """Output and x.grad equal torch.logsumexp's and its autograd gradient, for a random grad_output."""
    LogSumExp = ref("torch_logsumexp_function").LogSumExp
    ours, theirs = leaf(x), leaf(x)
    out = LogSumExp.apply(ours, dim)
    want = torch.logsumexp(theirs, dim)
    assert out.shape == want.shape and out.dtype == torch.float64
    torch.testing.assert_close(out, want, rtol=1e-13, atol=1e-13)
    grad_output = torch.from_numpy(np.random.default_rng(1).standard_normal(tuple(want.shape)))
    out.backward(grad_output)
    want.backward(grad_output)
    torch.testing.assert_close(ours.grad, theirs.grad, rtol=1e-13, atol=1e-13)
    assert type(out.grad_fn).__name__ == "LogSumExpBackward"


@pytest.mark.parametrize("shape, dim", [((3, 4), 0), ((3, 4), 1), ((2, 3, 4), -1), ((5,), 0)])
def test_logsumexp_function_passes_gradcheck_in_float64(shape, dim):
    """Finite differences agree with the Function's backward (torch.autograd.gradcheck)."""
    LogSumExp = ref("torch_logsumexp_function").LogSumExp
    x = leaf(np.random.default_rng(3).standard_normal(shape) * 3)
    assert torch.autograd.gradcheck(lambda t: LogSumExp.apply(t, dim), (x,))
