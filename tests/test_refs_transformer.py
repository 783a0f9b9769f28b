"""References of the transformer questions checked against torch (the oracle), in float64.

Positional encodings and rotary embeddings against torch implementations of their formulas (torch
has no module for either), multi-head attention against `nn.MultiheadAttention` and
`F.scaled_dot_product_attention`, its backward against autograd, and top-k / top-p sampling
against the same filtering written in torch.
"""

from __future__ import annotations

import math
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


# ---------------------------------------------------------------- positional encoding


def torch_positional_encoding(seq_len: int, d_model: int, base: float = 10000.0) -> torch.Tensor:
    """The PyTorch tutorial's PositionalEncoding table, with the cosines trimmed for an odd d_model."""
    position = torch.arange(seq_len, dtype=torch.float64).unsqueeze(1)
    div_term = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float64) * (-math.log(base) / d_model))
    pe = torch.zeros(seq_len, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(position * div_term)
    pe[:, 1::2] = torch.cos(position * div_term[: d_model // 2])
    return pe


@pytest.mark.parametrize(("seq_len", "d_model", "base"), [(1, 1, 1e4), (4, 6, 1e4), (3, 5, 1e4), (7, 1, 1e4), (50, 16, 1e4), (2048, 8, 1e4), (40, 9, 5e5), (10, 6, 100.0)])
def test_positional_encoding_matches_the_torch_formula(seq_len, d_model, base):
    got = ref("numpy_positional_encoding").positional_encoding(seq_len, d_model, base=base)
    # exp(-log(base) * 2i / d) and base ** (-2i / d) differ by rounding, which positions up to 2047 magnify
    close(got, torch_positional_encoding(seq_len, d_model, base), rtol=1e-10, atol=1e-10)


def test_positional_encoding_odd_width_is_the_even_table_with_its_own_frequencies():
    """An odd d_model's sine columns use 2i / d_model with that odd d_model (not the table of d_model + 1)."""
    pe = ref("numpy_positional_encoding").positional_encoding(6, 5)
    pos = np.arange(6)[:, None]
    np.testing.assert_allclose(pe[:, 4], np.sin(pos[:, 0] / 10000.0 ** (4 / 5)), rtol=0, atol=1e-15)
    assert not np.allclose(pe, torch_positional_encoding(6, 6).numpy()[:, :5])
